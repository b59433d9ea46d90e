package kubernetes

import (
	"slices"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
)

func taskSpecWith(props map[string]string) platforms.TaskSpec {
	d := map[string]string{}
	for k, v := range props {
		d[k8s+k] = v
	}
	return platforms.TaskSpec{TaskName: "t", Resource: "docker:org/t:1", DeployerProperties: d, PropertyArgs: 2,
		Args:      []string{"--db.url=jdbc:x", "--db.password=$(DB_PW)", "--spring.cloud.task.executionid=7"},
		SecretEnv: map[string]string{"DB_PW": "s3cret"}, Env: map[string]string{"SPRING_CLOUD_TASK_NAME": "t"}}
}

func TestTaskEntryPointStyles(t *testing.T) {
	tasks := &Tasks{Client: &Client{Namespace: "ns", Account: kafkazone}}
	for style, want := range map[string]struct{ args, env string }{
		"exec":  {"--db.url=jdbc:x --db.password=$(DB_PW) --spring.cloud.task.executionid=7", ""},
		"shell": {"", "DB_URL=jdbc:x DB_PASSWORD=$(DB_PW) SPRING_CLOUD_TASK_EXECUTIONID=7"},
		"boot":  {"--spring.cloud.task.executionid=7", `SPRING_APPLICATION_JSON={"db.password":"$(DB_PW)","db.url":"jdbc:x"}`},
	} {
		spec := taskSpecWith(map[string]string{"entryPointStyle": style})
		pod, _, err := tasks.taskPod(newSettings(kafkazone, spec.DeployerProperties), spec, "t-1")
		if err != nil {
			t.Fatal(err)
		}
		c := pod.Spec.Containers[0]
		var env []string
		for _, e := range c.Env {
			if e.Value != "" && !strings.HasPrefix(e.Name, "SPRING_CLOUD_STREAM_KAFKA") && e.Name != "SPRING_CLOUD_TASK_NAME" {
				env = append(env, e.Name+"="+e.Value)
			}
		}
		if got := strings.Join(c.Args, " "); got != want.args {
			t.Errorf("%s: args %q, want %q", style, got, want.args)
		}
		if got := strings.Join(env, " "); got != want.env {
			t.Errorf("%s: env %q, want %q", style, got, want.env)
		}
		// The secret variable is defined before the variables that refer to it, so Kubernetes expands $(DB_PW).
		names := []string{}
		for _, e := range c.Env {
			names = append(names, e.Name)
		}
		joined := strings.Join(names, ",")
		ref := map[string]string{"shell": "DB_PASSWORD", "boot": "SPRING_APPLICATION_JSON"}[style]
		if ref != "" && slices.Index(names, "DB_PW") > slices.Index(names, ref) {
			t.Errorf("%s: DB_PW must come before %s, which refers to it: %s", style, ref, joined)
		}
		if names[len(names)-1] != envGUID {
			t.Errorf("%s: the GUID comes last: %s", style, joined)
		}
	}
}

func TestJobsAndCronJobsGetTheirSettings(t *testing.T) {
	acc := accountWith(map[string]string{"deploymentLabels": "team:data", "jobAnnotations": "owner:ops"})
	tasks := &Tasks{Client: &Client{Namespace: "ns", Account: acc}}
	spec := taskSpecWith(map[string]string{"createJob": "'true'", "backoffLimit": "2", "deploymentLabels": "tier:batch",
		"podAnnotations": `cfg:"{\"a\":1,\"b\":2}"`})
	s := newSettings(acc, spec.DeployerProperties)
	pod, _, err := tasks.taskPod(s, spec, "t-1")
	if err != nil {
		t.Fatal(err)
	}
	job, err := taskJob(s, pod, "")
	if err != nil {
		t.Fatal(err)
	}
	if job.Annotations["owner"] != "ops" || *job.Spec.BackoffLimit != 2 || job.Labels["team"] != "data" || job.Labels["tier"] != "batch" {
		t.Errorf("job %+v", job.ObjectMeta)
	}
	if got := pod.Annotations["cfg"]; got != `"{\"a\":1,\"b\":2}"` {
		t.Errorf("an annotation keeps its quotes (SCDF keeps them): %s", got)
	}

	schedules := &Schedules{&Client{Namespace: "ns", Account: acc}}
	cron, _, err := schedules.cronJob(scheduleSpec("nightly", map[string]string{k8s + "cron.backoffLimit": "1", k8s + "cron.ttlSecondsAfterFinished": "600",
		k8s + "deploymentLabels": "tier:batch", k8s + "podAnnotations": "p:1", k8s + "taskServiceAccountName": "runner"}))
	if err != nil {
		t.Fatal(err)
	}
	js := cron.Spec.JobTemplate.Spec
	if *js.BackoffLimit != 1 || *js.TTLSecondsAfterFinished != 600 {
		t.Errorf("cron.backoffLimit / cron.ttlSecondsAfterFinished: %v %v", js.BackoffLimit, js.TTLSecondsAfterFinished)
	}
	// The schedule's labels add to the account's; jobAnnotations on the CronJob and its Jobs, podAnnotations on the pods.
	if cron.Labels["team"] != "data" || cron.Labels["tier"] != "batch" || js.Template.Labels["team"] != "data" {
		t.Errorf("labels %v / %v", cron.Labels, js.Template.Labels)
	}
	if cron.Annotations["owner"] != "ops" || cron.Spec.JobTemplate.Annotations["owner"] != "ops" || js.Template.Annotations["p"] != "1" || js.Template.Annotations["owner"] != "" {
		t.Errorf("annotations %v / %v / %v", cron.Annotations, cron.Spec.JobTemplate.Annotations, js.Template.Annotations)
	}
	if js.Template.Spec.ServiceAccountName != "runner" {
		t.Errorf("service account %q", js.Template.Spec.ServiceAccountName)
	}
}

func TestTCPProbesNeedTheirPorts(t *testing.T) {
	if _, err := buildAppObjects(kafkazone, "ns", appWith(map[string]string{"probeType": "TCP"})); err == nil || !strings.Contains(err.Error(), "kubernetes.probeType TCP needs kubernetes.startupTcpProbePort") {
		t.Errorf("got %v", err)
	}
	objs, err := buildAppObjects(kafkazone, "ns", appWith(map[string]string{"probeType": "TCP", "startupTcpProbePort": "9000", "readinessTcpProbePort": "9000", "livenessTcpProbePort": "9001"}))
	if err != nil {
		t.Fatal(err)
	}
	if got := asJSON(t, objs.Deployment.Spec.Template.Spec.Containers[0].Ports); got != `[{"containerPort":8080},{"containerPort":9000},{"containerPort":9001}]` {
		t.Errorf("ports %s", got)
	}
}
