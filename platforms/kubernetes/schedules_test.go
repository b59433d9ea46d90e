package kubernetes

import (
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"

	"github.com/dataflow-cli/dataflow/platforms"
)

var highmemory = platforms.Account{Name: "highmemory", Type: platforms.Kubernetes, Kubernetes: &platforms.KubernetesAccount{
	Namespace: "highmemory-namespace", Limits: platforms.Resources{Memory: "4096Mi"}, ServiceAccountName: "runner",
	ImagePullSecret: "regcred",
}}

func scheduleSpec(name string, deployer map[string]string) platforms.ScheduleSpec {
	return platforms.ScheduleSpec{Name: name, Expression: "*/1 * * * *", Task: platforms.TaskSpec{TaskName: "ts",
		Resource: "docker:springcloudtask/timestamp-task:2.0.2", Args: []string{"--format=yyyy", "--x"},
		Env: map[string]string{"SPRING_CLOUD_TASK_NAME": "ts"}, DeployerProperties: deployer}}
}

func TestCronJobIsTheLaunchPodOnASchedule(t *testing.T) {
	s := &Schedules{&Client{Namespace: "highmemory-namespace", Account: highmemory}}
	spec := scheduleSpec("every-minute", map[string]string{"spring.cloud.deployer.kubernetes.podAnnotations": "a:b"})
	spec.Task.Args = append(spec.Task.Args, "--db.password=$(DATAFLOW_SECRET_DB_PASSWORD)")
	spec.Task.SecretEnv = map[string]string{"DATAFLOW_SECRET_DB_PASSWORD": "s3cret"}
	cron, _, err := s.cronJob(spec)
	if err != nil {
		t.Fatal(err)
	}
	pod := cron.Spec.JobTemplate.Spec.Template
	c := pod.Spec.Containers[0]
	checks := []struct{ what, got, want string }{
		{"name", cron.Name, "every-minute"},
		{"schedule", cron.Spec.Schedule, "*/1 * * * *"},
		{"concurrency", string(cron.Spec.ConcurrencyPolicy), "Allow"},
		{"cronjob label", cron.Labels[labelCronJobID], "ts"},
		{"job label task", cron.Spec.JobTemplate.Labels[labelTaskName], "ts"},
		{"job label schedule", cron.Spec.JobTemplate.Labels[labelSchedule], "every-minute"},
		{"pod label cronjob", pod.Labels[labelCronJobID], "ts"},
		{"pod execution label", pod.Labels[labelExecutionID], ""},
		{"pod annotation", pod.Annotations["a"], "b"},
		{"container", c.Name, "every-minute"},
		{"image", c.Image, "springcloudtask/timestamp-task:2.0.2"},
		{"args", strings.Join(c.Args, " "), "--format=yyyy --x --db.password=$(DATAFLOW_SECRET_DB_PASSWORD)"},
		{"memory", c.Resources.Limits.Memory().String(), "4Gi"},
		{"service account", pod.Spec.ServiceAccountName, "runner"},
		{"restart", string(pod.Spec.RestartPolicy), "Never"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: %q, want %q", ch.what, ch.got, ch.want)
		}
	}
	var ref string
	for _, e := range c.Env {
		if e.Name == "DATAFLOW_SECRET_DB_PASSWORD" && e.Value == "" && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			ref = e.ValueFrom.SecretKeyRef.Name + "/" + e.ValueFrom.SecretKeyRef.Key
		}
	}
	if ref != "every-minute/DATAFLOW_SECRET_DB_PASSWORD" {
		t.Errorf("secret env: %+v", c.Env)
	}
	if len(pod.Spec.ImagePullSecrets) != 1 || pod.Spec.ImagePullSecrets[0].Name != "regcred" {
		t.Errorf("pull secrets: %+v", pod.Spec.ImagePullSecrets)
	}
}

func TestCronJobSettingsAreCheckedBeforeAnyCall(t *testing.T) {
	s := &Schedules{&Client{Namespace: "ns", Account: highmemory}}
	cron, _, err := s.cronJob(scheduleSpec("f", map[string]string{"spring.cloud.deployer.kubernetes.cron.concurrencyPolicy": "Forbid"}))
	if err != nil || cron.Spec.ConcurrencyPolicy != batchv1.ForbidConcurrent {
		t.Fatalf("%v %v", cron, err)
	}
	for name, deployer := range map[string]map[string]string{
		"f":                     {"spring.cloud.deployer.kubernetes.cron.concurrencyPolicy": "Sometimes"},
		strings.Repeat("a", 53): nil,
		"Upper":                 nil,
		"g":                     {"spring.cloud.deployer.kubernetes.restartPolicy": "Always"},
	} {
		if _, _, err := s.cronJob(scheduleSpec(name, deployer)); err == nil {
			t.Errorf("%s %v: accepted", name, deployer)
		}
	}
}
