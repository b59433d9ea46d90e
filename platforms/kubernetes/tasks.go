package kubernetes

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/dataflow-cli/dataflow/platforms"
)

// SCDF's task labels, and ours: the execution id, so a pod can be traced back to its record.
const (
	labelTaskName    = "task-name"
	labelExecutionID = "dataflow-execution-id"
	labelJobName     = "job-name"
)

// Tasks launches task apps as pods (or Jobs, with createJob) in one account's namespace.
type Tasks struct {
	*Client
	mu sync.Mutex
	// counting is a count of the unended task pods that Connect started, for the next launch to take.
	counting chan podCount
}

// podCount is the result of counting the unended task pods.
type podCount struct {
	n   int
	err error
}

// NewTasks connects to the account; no request is made until a method is called.
func NewTasks(acc platforms.Account, env platforms.Environment) (*Tasks, error) {
	c, err := connect(acc, env, useHTTP1)
	if err != nil {
		return nil, err
	}
	return &Tasks{Client: c}, nil
}

// LaunchTask creates the task's pod (or Job) named <task>-<random>, after checking the account's concurrency
// limit counting Pending and Running task pods (SCDF counted Running only, and raced).
func (t *Tasks) LaunchTask(ctx context.Context, spec platforms.TaskSpec) (platforms.Launched, error) {
	// The count Connect started is this launch's or nobody's: a later launch must not take a stale one.
	t.mu.Lock()
	counting := t.counting
	t.counting = nil
	t.mu.Unlock()
	s := newSettings(t.Account, spec.DeployerProperties)
	name := objectName(spec.TaskName) + "-" + randomSuffix()
	if errs := validation.IsDNS1123Label(name); len(errs) > 0 {
		return platforms.Launched{}, fmt.Errorf("the pod name '%s' is not a valid Kubernetes name (task names longer than 52 characters cannot run on Kubernetes): %s", name, strings.Join(errs, "; "))
	}
	if errs := validation.IsValidLabelValue(spec.TaskName); len(errs) > 0 {
		return platforms.Launched{}, fmt.Errorf("'%s' cannot be a Kubernetes label value: %s", spec.TaskName, strings.Join(errs, "; "))
	}
	pod, secretValues, err := t.taskPod(s, spec, name)
	if err != nil {
		return platforms.Launched{}, err
	}
	owner, err := t.env.StoreOwner(ctx)
	if err != nil {
		return platforms.Launched{}, err
	}
	pod.Labels = ownerLabel(pod.Labels, owner)
	max, err := s.integer(20, "maximumConcurrentTasks")
	if err != nil {
		return platforms.Launched{}, err
	}
	if err := t.checkConcurrency(ctx, spec.TaskName, max, counting); err != nil {
		return platforms.Launched{}, err
	}
	var job *batchv1.Job
	kind := "pod"
	createJob, err := s.boolean("createJob")
	if err != nil {
		return platforms.Launched{}, err
	}
	if createJob {
		if job, err = taskJob(s, pod, ""); err != nil {
			return platforms.Launched{}, err
		}
		kind = "job"
	}
	made := launchMade{handle: kind + "/" + name, secret: len(secretValues) > 0}
	if err := t.createRunSecret(ctx, name, pod.Labels, secretValues); err != nil {
		return t.undoLaunch(ctx, made, err)
	}
	made.run = true
	if job == nil {
		err = t.pods().create(ctx, pod, &corev1.Pod{})
	} else {
		err = t.jobs().create(ctx, job, &batchv1.Job{})
	}
	if err != nil {
		return t.undoLaunch(ctx, made, fmt.Errorf("cannot create %s %s in namespace %s: %w", kind, name, t.Namespace, err))
	}
	return platforms.Launched{ExternalID: name, Handle: made.handle}, nil
}

// ValidateTask builds the launch's pod (or Job) without sending it, so that flow refuses bad input before it
// records an execution.
func (t *Tasks) ValidateTask(spec platforms.TaskSpec) error {
	s := newSettings(t.Account, spec.DeployerProperties)
	pod, _, err := t.taskPod(s, spec, objectName(spec.TaskName)+"-"+randomSuffix())
	if err != nil {
		return err
	}
	if _, err := s.integer(20, "maximumConcurrentTasks"); err != nil {
		return err
	}
	createJob, err := s.boolean("createJob")
	if err == nil && createJob {
		_, err = taskJob(s, pod, "")
	}
	return err
}

// launchMade is what a launch may have made so far: a create that failed may still have been carried out (a
// timeout after the request was sent, a lost answer), so whatever was asked for counts.
type launchMade struct {
	handle string // kind/name of the run, and the name of its Secret
	run    bool   // the pod or Job was asked for
	secret bool   // the run's Secret was asked for
}

// launchUndoTimeout bounds the deletes after a failed launch: the launch must report, even to an API server that
// has stopped answering.
const launchUndoTimeout = 20 * time.Second

// undoLaunch deletes what a failed launch may have made, so that a launch reported failed leaves no task
// running and no Secret holding its passwords. What cannot be deleted is named in the error, which wraps
// platforms.ErrLaunchLeftBehind, and the run's handle is returned with it, for `task execution cleanup` to finish.
func (t *Tasks) undoLaunch(ctx context.Context, made launchMade, cause error) (platforms.Launched, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), launchUndoTimeout)
	defer cancel()
	kind, name, _ := strings.Cut(made.handle, "/")
	var left []string
	if made.run {
		r := t.pods()
		if kind == "job" {
			r = t.jobs()
		}
		if err := r.delete(ctx, name); err != nil && !apierrors.IsNotFound(err) {
			left = append(left, fmt.Sprintf("%s %s (%v)", kind, name, err))
		}
	}
	if made.secret {
		if err := t.secrets().delete(ctx, name); err != nil && !apierrors.IsNotFound(err) {
			left = append(left, fmt.Sprintf("Secret %s (%v)", name, err))
		}
	}
	if len(left) == 0 {
		return platforms.Launched{}, cause
	}
	return platforms.Launched{ExternalID: name, Handle: made.handle}, fmt.Errorf("%w; %w: %s left in namespace %s", cause,
		platforms.ErrLaunchLeftBehind, strings.Join(left, " and "), t.Namespace)
}

// FindRun finds the pod (or Job) of an execution by its execution id label, for a launch whose launcher ended
// before it recorded the run (platforms.RunFinder).
func (t *Tasks) FindRun(ctx context.Context, executionID int64) (platforms.Launched, bool, error) {
	selector := labelExecutionID + "=" + strconv.FormatInt(executionID, 10)
	pods := &corev1.PodList{}
	if err := t.pods().list(ctx, selector, pods); err != nil {
		return platforms.Launched{}, false, err
	}
	if len(pods.Items) > 0 {
		p := pods.Items[0]
		if job := p.Labels[labelJobName]; job != "" {
			return platforms.Launched{ExternalID: job, Handle: "job/" + job}, true, nil
		}
		return platforms.Launched{ExternalID: p.Name, Handle: "pod/" + p.Name}, true, nil
	}
	jobs := &batchv1.JobList{}
	if err := t.jobs().list(ctx, selector, jobs); err != nil {
		return platforms.Launched{}, false, err
	}
	if len(jobs.Items) > 0 {
		return platforms.Launched{ExternalID: jobs.Items[0].Name, Handle: "job/" + jobs.Items[0].Name}, true, nil
	}
	return platforms.Launched{}, false, nil
}

// SweepRun deletes the pods, Jobs and Secrets labelled with a task's name and an execution's id
// (platforms.RunSweeper): what a launch killed between its writes may have left. What is already gone is not an
// error.
func (t *Tasks) SweepRun(ctx context.Context, taskName string, executionID int64) error {
	selector := labelExecutionID + "=" + strconv.FormatInt(executionID, 10) + "," + labelTaskName + "=" + taskName
	// Another store's execution of the same task may have the same id: only this store's runs are swept.
	owner, err := t.env.StoreOwner(ctx)
	if err != nil {
		return err
	}
	if owner != "" {
		selector += "," + labelStore + "=" + owner
	}
	for _, r := range []struct {
		what string
		res  resources
	}{{"pods", t.pods()}, {"jobs", t.jobs()}, {"secrets", t.secrets()}} {
		if err := r.res.deleteCollection(ctx, selector); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("cannot delete the %s of execution %d: %w", r.what, executionID, err)
		}
	}
	return nil
}

// TakesSecretEnv is true: a run's secret values go into a Secret named like its pod (or Job), which the
// container reads as environment variables, and Kubernetes expands the $(NAME) references in the arguments, so
// neither the pod spec nor `kubectl describe` shows them.
func (t *Tasks) TakesSecretEnv() bool { return true }

// createRunSecret makes the Secret of a run that has secret values; cleanup deletes it with the run.
func (t *Tasks) createRunSecret(ctx context.Context, name string, labels, values map[string]string) error {
	if len(values) == 0 {
		return nil
	}
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: t.Namespace, Labels: labels},
		StringData: values, Type: corev1.SecretTypeOpaque}
	if err := t.secrets().create(ctx, secret, &corev1.Secret{}); err != nil {
		return fmt.Errorf("cannot create Secret %s in namespace %s: %w", name, t.Namespace, err)
	}
	return nil
}

// taskPod is SCDF's task pod: the stream container without ports or probes, restart policy Never. It returns
// the values of the run's (or the schedule's) Secret, named like the pod: the secret arguments' (spec.SecretEnv)
// and the secret environment variables' (spec.SecretEnvNames); none when there are none.
func (t *Tasks) taskPod(s settings, spec platforms.TaskSpec, name string) (*corev1.Pod, map[string]string, error) {
	if err := checkDeployerKeys(s, spec.DeployerProperties); err != nil {
		return nil, nil, err
	}
	spec = taskAppAdmin(s, spec)
	image, err := imageOf(spec.Resource)
	if err != nil {
		return nil, nil, err
	}
	c := corev1.Container{Name: name, Image: image}
	if c.ImagePullPolicy, err = pullPolicy(s.str("IfNotPresent", "imagePullPolicy")); err != nil {
		return nil, nil, err
	}
	style, err := entryPointStyle(s)
	if err != nil {
		return nil, nil, err
	}
	// SCDF's order: the environmentVariables, then the run's own variables; the GUID last (podExtras puts the
	// key references before it). Secret values come from the run's (or the schedule's) Secret, named like the
	// pod; the arguments (or, with the shell and boot styles, the variables) refer to them as $(NAME), which
	// Kubernetes expands from variables defined before.
	env, envSecrets, err := withUserEnv(s, nil, spec.SecretEnvNames, name)
	if err != nil {
		return nil, nil, err
	}
	for _, k := range sortedKeys(spec.SecretEnv) {
		env = setEnv(env, corev1.EnvVar{Name: k, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: k}}})
	}
	for _, k := range sortedKeys(spec.Env) {
		env = setEnv(env, corev1.EnvVar{Name: k, Value: spec.Env[k]})
	}
	if c.Args, env, err = taskArgs(style, spec, env); err != nil {
		return nil, nil, err
	}
	env = append(env, corev1.EnvVar{Name: envGUID, ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.uid"}}})
	c.Env = env
	secretValues := make(map[string]string, len(spec.SecretEnv)+len(envSecrets))
	maps.Copy(secretValues, spec.SecretEnv)
	maps.Copy(secretValues, envSecrets) // a variable given by name wins, as it does in the container
	if c.Command, err = containerCommand(s); err != nil {
		return nil, nil, err
	}
	ports, err := portList(s.str("", "containerPorts"), "containerPorts")
	if err != nil {
		return nil, nil, err
	}
	c.Ports = containerPorts(0, ports)
	if c.Resources, err = resourceRequirements(s); err != nil {
		return nil, nil, err
	}
	if c.VolumeMounts, err = volumeMounts(s); err != nil {
		return nil, nil, err
	}
	podSpecTemplate, err := podSpec(s, c)
	if err != nil {
		return nil, nil, err
	}
	if podSpecTemplate.RestartPolicy, err = restartPolicy(s, corev1.RestartPolicyNever); err != nil {
		return nil, nil, err
	}
	labels := map[string]string{labelTaskName: spec.TaskName, labelRole: roleSpringApp, labelAppID: name, labelDeployment: name,
		labelExecutionID: strconv.FormatInt(spec.ExecutionID, 10)}
	userLabels, err := deploymentLabels(s)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range userLabels {
		labels[k] = v
	}
	annotations := map[string]string{}
	for _, prop := range []string{"jobAnnotations", "podAnnotations"} {
		m, err := pairs(s.str("", prop), prop+" entry")
		if err != nil {
			return nil, nil, err
		}
		for k, v := range m {
			annotations[k] = v
		}
	}
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: t.Namespace, Labels: labels, Annotations: annotations},
		Spec: podSpecTemplate}, secretValues, nil
}

// taskArgs passes a task's properties and arguments as the entry point style says: exec, all as arguments;
// shell, every --k=v as the variable K (dots to underscores, upper case), nothing as arguments; boot, the
// properties in SPRING_APPLICATION_JSON and the command-line arguments as arguments.
func taskArgs(style string, spec platforms.TaskSpec, env []corev1.EnvVar) ([]string, []corev1.EnvVar, error) {
	switch style {
	case "shell":
		var args []string
		for _, a := range spec.Args {
			k, v, ok := strings.Cut(strings.TrimPrefix(a, "--"), "=")
			if !ok {
				args = append(args, a) // not a property: SCDF failed on it; it stays an argument
				continue
			}
			env = setEnv(env, corev1.EnvVar{Name: shellEnvName(k), Value: v})
		}
		return args, env, nil
	case "boot":
		if slices.ContainsFunc(env, func(e corev1.EnvVar) bool { return e.Name == "SPRING_APPLICATION_JSON" }) {
			return nil, nil, fmt.Errorf("kubernetes.entryPointStyle boot cannot be used with SPRING_APPLICATION_JSON in kubernetes.environmentVariables: the boot style sets it")
		}
		n := min(spec.PropertyArgs, len(spec.Args))
		props := map[string]string{}
		for _, a := range spec.Args[:n] {
			k, v, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
			props[k] = v
		}
		raw, _ := json.Marshal(props)
		env = setEnv(env, corev1.EnvVar{Name: "SPRING_APPLICATION_JSON", Value: string(raw)})
		return slices.Clone(spec.Args[n:]), env, nil
	}
	return slices.Clone(spec.Args), env, nil
}

// taskJob wraps the task pod in a Job (createJob), with backoffLimit and ttlSecondsAfterFinished when set.
func taskJob(s settings, pod *corev1.Pod, prefix string) (*batchv1.Job, error) {
	if pod.Spec.RestartPolicy == corev1.RestartPolicyAlways {
		return nil, fmt.Errorf("kubernetes.restartPolicy Always cannot be used with createJob or a schedule (a Job's pods restart OnFailure or Never)")
	}
	annotations, err := pairs(s.str("", "jobAnnotations"), "jobAnnotations entry")
	if err != nil {
		return nil, err
	}
	job := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: pod.Name, Namespace: pod.Namespace, Labels: map[string]string{}, Annotations: annotations},
		Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{ObjectMeta: pod.ObjectMeta, Spec: pod.Spec}}}
	job.Spec.Template.Name, job.Spec.Template.Namespace = "", ""
	for k, v := range pod.Labels {
		if k != labelRole {
			job.Labels[k] = v
		}
	}
	for _, f := range []struct {
		name string
		set  func(int32)
	}{{"backoffLimit", func(n int32) { job.Spec.BackoffLimit = &n }}, {"ttlSecondsAfterFinished", func(n int32) { job.Spec.TTLSecondsAfterFinished = &n }}} {
		v, ok := s.get(prefix+f.name, f.name) // a schedule reads cron.x first
		if !ok || strings.TrimSpace(v) == "" {
			continue
		}
		n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(v), `'"`))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("kubernetes.%s%s must be a whole number, 0 or more, got '%s'", prefix, f.name, v)
		}
		f.set(int32(n))
	}
	return job, nil
}

// checkConcurrency refuses a launch when the namespace already has max task pods pending or running; counting
// is the count Connect started, if any.
func (t *Tasks) checkConcurrency(ctx context.Context, task string, max int, counting chan podCount) error {
	var c podCount
	if counting != nil {
		c = <-counting
	} else {
		c.n, c.err = t.countUnended(ctx)
	}
	if c.err != nil {
		return c.err
	}
	if c.n >= max {
		return fmt.Errorf("Cannot launch task %s. The maximum concurrent task executions is at its limit [%d].", task, max)
	}
	return nil
}

// Connect starts counting the task pods that have not ended, so that the request (and the connection it opens)
// overlaps what flow writes to SQLite before it launches; the next launch takes that count. The count is as
// fresh as SCDF's: a check and a create were never one step.
func (t *Tasks) Connect(ctx context.Context) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.counting != nil { // a count is under way, not yet taken: it is the next launch's
		return
	}
	counting := make(chan podCount, 1)
	go func() {
		n, err := t.countUnended(ctx)
		counting <- podCount{n, err}
	}()
	t.counting = counting
}

// countUnended counts the task pods that are Pending or Running (not only Running: SCDF's race).
func (t *Tasks) countUnended(ctx context.Context) (int, error) {
	// Only the pods that have not ended: ended task pods pile up (nothing deletes them but cleanup), and
	// fetching and decoding them all made every launch slower than the one before.
	pods := &corev1.PodList{}
	if err := t.pods().listCached(ctx, labelTaskName, "status.phase!=Succeeded,status.phase!=Failed", pods); err != nil {
		return 0, fmt.Errorf("cannot list the task pods of namespace %s: %w", t.Namespace, err)
	}
	n := 0
	for _, p := range pods.Items {
		if p.DeletionTimestamp == nil && (p.Status.Phase == corev1.PodPending || p.Status.Phase == corev1.PodRunning || p.Status.Phase == "") {
			n++
		}
	}
	return n, nil
}

// TaskEnded reads the run's pod: a terminated container gives the exit code and reason (OOMKilled and
// eviction are failures whatever the code), a deleted pod or Job is an end nobody recorded. A run that has not
// ended but cannot run says why (TaskEnd.Problem).
func (t *Tasks) TaskEnded(ctx context.Context, handle string) platforms.TaskEnd {
	pod, job, gone, err := t.runPod(ctx, handle, true)
	switch {
	case err != nil:
		return platforms.TaskEnd{} // cannot tell: still running
	case gone:
		return platforms.TaskEnd{Ended: true, Failed: true, ExitCode: -1, Message: fmt.Sprintf("the %s was deleted before the task's end was read", strings.Replace(handle, "/", " ", 1))}
	case pod == nil && job != nil:
		return platforms.TaskEnd{Problem: t.jobProblem(ctx, job)}
	case pod == nil:
		return platforms.TaskEnd{}
	}
	end := podEnd(pod)
	if !end.Ended {
		end.Problem = podProblem(pod)
	}
	return end
}

// podProblem is why a task pod that has not ended does not run (an image that cannot be pulled, no node that
// fits it); "" when it runs or is starting as it should.
func podProblem(pod *corev1.Pod) string {
	if len(pod.Spec.Containers) == 0 {
		return ""
	}
	return podStatus(*pod, pod.Spec.Containers[0].Name).Attributes["reason"]
}

// jobProblem is why a Job that has not finished does not run: its pod's problem, or, when it has no pod, the
// FailedCreate event that says why the Job controller cannot create one (Pod Security, a quota, a missing
// service account). A Job whose pod is ready costs no request.
func (t *Tasks) jobProblem(ctx context.Context, job *batchv1.Job) string {
	if job.Status.Ready != nil && *job.Status.Ready > 0 {
		return ""
	}
	if job.Status.Active > 0 {
		pods := &corev1.PodList{}
		if err := t.pods().list(ctx, labelJobName+"="+job.Name, pods); err != nil {
			return ""
		}
		for i := range pods.Items {
			if p := &pods.Items[i]; p.DeletionTimestamp == nil {
				if why := podProblem(p); why != "" {
					return why
				}
			}
		}
		return ""
	}
	reasons, err := t.failedCreates(ctx, "Job", job.Name)
	if err != nil {
		return ""
	}
	return reasons[job.Name]
}

// podEnd is how a pod's task ended, if it has.
func podEnd(pod *corev1.Pod) platforms.TaskEnd {
	if pod.Status.Phase != corev1.PodSucceeded && pod.Status.Phase != corev1.PodFailed {
		return platforms.TaskEnd{}
	}
	end := platforms.TaskEnd{Ended: true, ExitCode: -1}
	for _, cs := range pod.Status.ContainerStatuses {
		// The task container: a launched pod's is named after the pod, a scheduled run's after its schedule.
		if term := cs.State.Terminated; term != nil && len(pod.Spec.Containers) > 0 && cs.Name == pod.Spec.Containers[0].Name {
			end.ExitCode = int(term.ExitCode)
			end.Message = strings.TrimSpace(term.Reason + " " + term.Message)
		}
	}
	reason := pod.Status.Reason
	switch {
	case strings.Contains(end.Message, "OOMKilled"):
		end.Failed = true
		end.Message = "OOMKilled: the container ran out of memory"
		if end.ExitCode == 0 {
			end.ExitCode = 137
		}
	case reason == "Evicted":
		end.Failed = true
		end.Message = strings.TrimSpace("Evicted: " + pod.Status.Message)
	case pod.Status.Phase == corev1.PodFailed:
		end.Failed = true
		if end.Message == "" {
			end.Message = firstNonEmpty(reason, "the pod failed")
		}
	}
	if end.ExitCode == 0 && !end.Failed {
		end.Message = ""
	} else if end.ExitCode > 0 && !strings.Contains(end.Message, "exit") {
		end.Message = strings.TrimSpace(fmt.Sprintf("exited with code %d %s", end.ExitCode, parenthesized(end.Message)))
	}
	end.Failed = end.Failed || end.ExitCode != 0
	return end
}

// jobFinished says whether the Job controller has given up or succeeded (condition Complete or Failed).
func jobFinished(job *batchv1.Job) bool {
	for _, c := range job.Status.Conditions {
		if (c.Type == batchv1.JobComplete || c.Type == batchv1.JobFailed) && c.Status == corev1.ConditionTrue {
			return true
		}
	}
	return false
}

func parenthesized(s string) string {
	if s == "" || s == "Error" {
		return ""
	}
	return "(" + s + ")"
}

// runPod finds the pod of a run: the pod itself, or the newest pod of its Job. gone means the pod or Job no
// longer exists.
// With forEnd, a Job that has not finished has no pod to read an end from; the Job is returned instead.
func (t *Tasks) runPod(ctx context.Context, handle string, forEnd bool) (*corev1.Pod, *batchv1.Job, bool, error) {
	kind, name, _ := strings.Cut(handle, "/")
	switch kind {
	case "pod":
		pod := &corev1.Pod{}
		err := t.pods().get(ctx, name, pod)
		if apierrors.IsNotFound(err) {
			return nil, nil, true, nil
		}
		return pod, nil, false, err
	case "job":
		job := &batchv1.Job{}
		err := t.jobs().get(ctx, name, job)
		if apierrors.IsNotFound(err) {
			return nil, nil, true, nil
		}
		if err != nil {
			return nil, nil, false, err
		}
		if forEnd && !jobFinished(job) {
			return nil, job, false, nil // a failed pod the Job will retry is not the run's end
		}
		pods := &corev1.PodList{}
		if err := t.pods().list(ctx, labelJobName+"="+name, pods); err != nil {
			return nil, nil, false, err
		}
		var newest *corev1.Pod
		for i := range pods.Items {
			if p := &pods.Items[i]; newest == nil || newest.CreationTimestamp.Before(&p.CreationTimestamp) {
				newest = p
			}
		}
		return newest, nil, false, nil
	}
	return nil, nil, false, fmt.Errorf("not a Kubernetes run: %q", handle)
}

// StopTask deletes the run's pod or Job (SCDF's cancel); one already gone is not an error.
func (t *Tasks) StopTask(handle string) error {
	if err := t.deleteRun(context.Background(), handle); err != nil {
		return fmt.Errorf("cannot stop %s: %w", handle, err)
	}
	return nil
}

// CleanupTask deletes an ended run's pod or Job (SCDF's cleanup); one already gone is not an error.
func (t *Tasks) CleanupTask(ctx context.Context, handle string) error {
	if err := t.deleteRun(ctx, handle); err != nil {
		return fmt.Errorf("cannot clean up %s: %w", handle, err)
	}
	return nil
}

func (t *Tasks) deleteRun(ctx context.Context, handle string) error {
	kind, name, _ := strings.Cut(handle, "/")
	// The run is read first, to check whose it is; what it reads tells whether it has a Secret to delete, so
	// the read costs no request over deleting the run and then its Secret blindly.
	var meta metav1.ObjectMeta
	var spec corev1.PodSpec
	r := t.pods()
	if kind == "job" {
		r = t.jobs()
		job := &batchv1.Job{}
		err := r.get(ctx, name, job)
		meta, spec = job.ObjectMeta, job.Spec.Template.Spec
		if apierrors.IsNotFound(err) {
			return t.deleteRunSecret(ctx, name)
		}
		if err != nil {
			return err
		}
	} else {
		pod := &corev1.Pod{}
		err := r.get(ctx, name, pod)
		meta, spec = pod.ObjectMeta, pod.Spec
		if apierrors.IsNotFound(err) {
			return t.deleteRunSecret(ctx, name)
		}
		if err != nil {
			return err
		}
	}
	if err := t.checkRunOwner(ctx, kind, meta, labelExecutionID); err != nil {
		return err
	}
	if err := r.deleteExactly(ctx, name, meta.UID); err != nil && !apierrors.IsNotFound(err) {
		return err
	}
	if !readsSecret(spec, name) {
		return nil
	}
	if err := t.secrets().delete(ctx, name); err != nil && !apierrors.IsNotFound(err) {
		return err
	}
	return nil
}

// deleteRunSecret deletes the Secret of a run whose pod or Job is gone, when it is this store's.
func (t *Tasks) deleteRunSecret(ctx context.Context, name string) error {
	secret := &corev1.Secret{}
	err := t.secrets().get(ctx, name, secret)
	switch {
	case apierrors.IsNotFound(err):
		return nil
	case apierrors.IsForbidden(err):
		// A role that may delete Secrets but not read them: the name is the run's, random, and recorded by this
		// store alone, so it is deleted as before ownership was checked.
		if err := t.secrets().delete(ctx, name); err != nil && !apierrors.IsNotFound(err) {
			return err
		}
		return nil
	case err != nil:
		return err
	}
	if err := t.checkRunOwner(ctx, "secret", secret.ObjectMeta, labelExecutionID); err != nil {
		return err
	}
	if err := t.secrets().deleteExactly(ctx, name, secret.UID); err != nil && !apierrors.IsNotFound(err) {
		return err
	}
	return nil
}

// randomSuffix is 10 characters of a-z0-9, as SCDF's hashids suffix looks.
func randomSuffix() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 10)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}
