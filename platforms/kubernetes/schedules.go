package kubernetes

import (
	"context"
	"fmt"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/dataflow-cli/dataflow/platforms"
)

// SCDF's CronJob label (its value is the task definition name) and ours: the schedule, on the CronJob, its
// Jobs and their pods, so a scheduled run can be traced back to the schedule that started it.
const (
	labelCronJobID = "spring-cronjob-id"
	labelSchedule  = "dataflow-schedule"
)

// maxCronJobName is the CronJob name limit: the controller appends 11 characters to name each Job (63 at most).
const maxCronJobName = 52

// Schedules keeps task schedules as batch/v1 CronJobs in one account's namespace.
type Schedules struct{ *Client }

// NewSchedules connects to the account; no request is made until a method is called.
func NewSchedules(acc platforms.Account, env platforms.Environment) (*Schedules, error) {
	c, err := Connect(acc, env)
	if err != nil {
		return nil, err
	}
	return &Schedules{c}, nil
}

// CreateSchedule creates the CronJob named after the schedule, its pod built by the same code as a launched
// task's (container, args, env, resources, service account, pull secrets), checked whole before any call. The
// schedule's secret values go into a Secret of the same name, created first and deleted again if the CronJob
// cannot be created.
func (s *Schedules) CreateSchedule(ctx context.Context, spec platforms.ScheduleSpec) error {
	cron, secretValues, err := s.cronJob(spec)
	if err != nil {
		return err
	}
	owner, err := s.env.StoreOwner(ctx)
	if err != nil {
		return err
	}
	cron.Labels = ownerLabel(cron.Labels, owner)
	cron.Spec.JobTemplate.Labels = ownerLabel(cron.Spec.JobTemplate.Labels, owner)
	cron.Spec.JobTemplate.Spec.Template.Labels = ownerLabel(cron.Spec.JobTemplate.Spec.Template.Labels, owner)
	if len(secretValues) > 0 {
		secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: spec.Name, Namespace: s.Namespace, Labels: cron.Labels},
			StringData: secretValues, Type: corev1.SecretTypeOpaque}
		err := s.secrets().create(ctx, secret, &corev1.Secret{})
		if apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("a Secret named %s already exists in namespace %s, made outside this dataflow store: choose another schedule name", spec.Name, s.Namespace)
		}
		if err != nil {
			return fmt.Errorf("cannot create Secret %s in namespace %s: %w", spec.Name, s.Namespace, err)
		}
	}
	err = s.cronJobs().create(ctx, cron, &batchv1.CronJob{})
	if err != nil && len(secretValues) > 0 {
		_ = s.secrets().delete(context.WithoutCancel(ctx), spec.Name)
	}
	if apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("a CronJob named %s already exists in namespace %s, made outside this dataflow store: choose another schedule name", spec.Name, s.Namespace)
	}
	if err != nil {
		return fmt.Errorf("cannot create CronJob %s in namespace %s: %w", spec.Name, s.Namespace, err)
	}
	return nil
}

// cronJob is the CronJob of a schedule, and the values of its Secret; every name, label and setting is checked
// here, before any call.
func (s *Schedules) cronJob(spec platforms.ScheduleSpec) (*batchv1.CronJob, map[string]string, error) {
	if errs := validation.IsDNS1123Label(spec.Name); len(errs) > 0 || len(spec.Name) > maxCronJobName {
		return nil, nil, fmt.Errorf("'%s' cannot name a CronJob (at most %d characters, DNS-1123): %s", spec.Name, maxCronJobName, strings.Join(errs, "; "))
	}
	if errs := validation.IsValidLabelValue(spec.Task.TaskName); len(errs) > 0 {
		return nil, nil, fmt.Errorf("'%s' cannot be a Kubernetes label value: %s", spec.Task.TaskName, strings.Join(errs, "; "))
	}
	set := newSettings(s.Account, spec.Task.DeployerProperties)
	policy := batchv1.ConcurrencyPolicy(set.str(string(batchv1.AllowConcurrent), "cron.concurrencyPolicy", "concurrencyPolicy"))
	switch policy {
	case batchv1.AllowConcurrent, batchv1.ForbidConcurrent, batchv1.ReplaceConcurrent:
	default:
		return nil, nil, fmt.Errorf("kubernetes.cron.concurrencyPolicy must be Allow, Forbid or Replace, got '%s'", policy)
	}
	// The container is named after the schedule: task names need not be DNS labels, schedule names are.
	pod, secretValues, err := (&Tasks{Client: s.Client}).taskPod(set, spec.Task, spec.Name)
	if err != nil {
		return nil, nil, err
	}
	// A run's pod is named by the Job controller, and its execution is recorded when it is seen: the labels
	// that name one pod or one execution have no value yet.
	for _, k := range []string{labelAppID, labelDeployment, labelExecutionID} {
		delete(pod.Labels, k)
	}
	pod.Labels[labelCronJobID] = spec.Task.TaskName
	pod.Labels[labelSchedule] = spec.Name
	// SCDF's scheduler runs the pods as taskServiceAccountName; deploymentServiceAccountName, which a launch
	// uses, is kept when that is not set (SCDF used the namespace's default then, dropping it without a word).
	pod.Spec.ServiceAccountName = set.str(pod.Spec.ServiceAccountName, "taskServiceAccountName")
	job, err := taskJob(set, pod, "cron.")
	if err != nil {
		return nil, nil, err
	}
	labels := map[string]string{}
	for k, v := range job.Labels {
		labels[k] = v
	}
	annotations := job.Annotations
	// The pods get podAnnotations only; jobAnnotations are the CronJob's and its Jobs'.
	if job.Spec.Template.Annotations, err = pairs(set.str("", "podAnnotations"), "podAnnotations entry"); err != nil {
		return nil, nil, err
	}
	return &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: spec.Name, Namespace: s.Namespace, Labels: labels, Annotations: annotations},
		Spec: batchv1.CronJobSpec{Schedule: spec.Expression, ConcurrencyPolicy: policy,
			JobTemplate: batchv1.JobTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: job.Labels, Annotations: annotations}, Spec: job.Spec}},
	}, secretValues, nil
}

// ListSchedules lists the namespace's CronJobs that carry SCDF's spring-cronjob-id label.
func (s *Schedules) ListSchedules(ctx context.Context) ([]platforms.ScheduleInfo, error) {
	list := &batchv1.CronJobList{}
	if err := s.cronJobs().list(ctx, labelCronJobID, list); err != nil {
		return nil, fmt.Errorf("cannot list the CronJobs of namespace %s: %w", s.Namespace, err)
	}
	out := make([]platforms.ScheduleInfo, 0, len(list.Items))
	for _, c := range list.Items {
		out = append(out, platforms.ScheduleInfo{Name: c.Name, TaskName: c.Labels[labelCronJobID], Expression: c.Spec.Schedule})
	}
	return out, nil
}

// DeleteSchedule deletes the CronJob (its Jobs and their pods go with it: background propagation), then the
// schedule's Secret if it has one; only a Secret carrying this schedule's label is deleted.
func (s *Schedules) DeleteSchedule(ctx context.Context, name string) error {
	// Another store may have a schedule of the same name in the namespace: the CronJob is read first, and deleted
	// only if it is this store's, and is still the one read.
	cron := &batchv1.CronJob{}
	err := s.cronJobs().get(ctx, name, cron)
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("cannot read CronJob %s in namespace %s: %w", name, s.Namespace, err)
	}
	if err == nil {
		if err := s.checkRunOwner(ctx, "cronjob", cron.ObjectMeta, labelSchedule); err != nil {
			return err
		}
		if err := s.cronJobs().deleteExactly(ctx, name, cron.UID); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("cannot delete CronJob %s in namespace %s: %w", name, s.Namespace, err)
		}
	}
	secret := &corev1.Secret{}
	err = s.secrets().get(ctx, name, secret)
	if apierrors.IsNotFound(err) || (err == nil && secret.Labels[labelSchedule] != name) {
		return nil
	}
	if err == nil {
		if err := s.checkRunOwner(ctx, "secret", secret.ObjectMeta, labelSchedule); err != nil {
			return err
		}
	}
	if err == nil {
		err = s.secrets().delete(ctx, name)
	}
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("cannot delete Secret %s in namespace %s: %w", name, s.Namespace, err)
	}
	return nil
}

// ScheduledRuns lists the Jobs the schedules started, with the end of those that finished: two list calls
// (Jobs, pods) for the whole namespace, whatever the number of schedules and runs.
func (s *Schedules) ScheduledRuns(ctx context.Context) ([]platforms.ScheduledRun, error) {
	jobs := &batchv1.JobList{}
	// From the API server's cache: a run that ended a moment ago is read as ended at the next look.
	if err := s.jobs().listCached(ctx, labelSchedule, "", jobs); err != nil {
		return nil, fmt.Errorf("cannot list the scheduled Jobs of namespace %s: %w", s.Namespace, err)
	}
	if len(jobs.Items) == 0 {
		return nil, nil
	}
	pods := &corev1.PodList{}
	if err := s.pods().listCached(ctx, labelSchedule, "", pods); err != nil {
		return nil, fmt.Errorf("cannot list the scheduled pods of namespace %s: %w", s.Namespace, err)
	}
	newest := map[string]*corev1.Pod{}
	for i := range pods.Items {
		p := &pods.Items[i]
		job := p.Labels[labelJobName]
		if n := newest[job]; n == nil || n.CreationTimestamp.Before(&p.CreationTimestamp) {
			newest[job] = p
		}
	}
	out := make([]platforms.ScheduledRun, 0, len(jobs.Items))
	for _, j := range jobs.Items {
		run := platforms.ScheduledRun{Schedule: j.Labels[labelSchedule], TaskName: j.Labels[labelTaskName], ExternalID: j.Name,
			Handle: "job/" + j.Name, StartTime: j.CreationTimestamp.Time}
		if j.Status.StartTime != nil {
			run.StartTime = j.Status.StartTime.Time
		}
		if pod := newest[j.Name]; jobFinished(&j) {
			run.End = jobEnd(&j, pod)
			if j.Status.CompletionTime != nil {
				run.EndTime = j.Status.CompletionTime.Time
			}
			for _, cs := range pod.Status.ContainerStatuses {
				if t := cs.State.Terminated; t != nil && !t.FinishedAt.IsZero() {
					run.EndTime = t.FinishedAt.Time
				}
			}
		}
		out = append(out, run)
	}
	return out, nil
}

// jobEnd is a finished Job's end: its newest pod's, or the Job's own condition when no pod is left to read.
func jobEnd(job *batchv1.Job, pod *corev1.Pod) platforms.TaskEnd {
	if pod != nil {
		// A pod not seen ended yet (the two lists are read apart) is read again at the next look.
		return podEnd(pod)
	}
	for _, c := range job.Status.Conditions {
		if c.Type == batchv1.JobFailed && c.Status == corev1.ConditionTrue {
			return platforms.TaskEnd{Ended: true, Failed: true, ExitCode: -1, Message: strings.TrimSpace("the Job failed: " + c.Reason + " " + c.Message)}
		}
	}
	return platforms.TaskEnd{Ended: true}
}
