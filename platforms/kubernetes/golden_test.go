package kubernetes

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/dataflow-cli/dataflow/platforms"
)

var update = flag.Bool("update", false, "rewrite the golden files with what is built now")

// goldenTaskProperties are a task's deployer properties in SCDF's forms, for the pod, the Job and the CronJob
// goldens (a stream app's are in testdata/transcripts/kubernetes-properties.txt, by `stream deploy --dry-run`).
var goldenTaskProperties = map[string]string{
	"podSecurityContext":                              "{runAsUser: 1000, runAsNonRoot: 'true', fsGroup: 1000}",
	"containerSecurityContext.readOnlyRootFilesystem": "true",
	"containerSecurityContext.capabilities.drop[0]":   "ALL",
	"secretRefs":                             "[task-credentials]",
	"configMapKeyRefs[0].envVarName":         "REGION",
	"configMapKeyRefs[0].configMapName":      "task-config",
	"configMapKeyRefs[0].dataKey":            "region",
	"affinity.nodeAffinity":                  "{preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: pool, operator: In, values: [batch]}]}}]}",
	"initContainers[0].containerName":        "migrate",
	"initContainers[0].imageName":            "flyway/flyway:10",
	"initContainers[0].args":                 "migrate",
	"initContainers[0].environmentVariables": "FLYWAY_URL=jdbc:postgresql://db/app",
	"lifecycle.preStop.exec.command":         "sh,-c,echo stopping",
	"tolerations[0].key":                     "batch",
	"tolerations[0].operator":                "Exists",
	"volumes":                                "[{name: scratch, emptyDir: {}}, {name: unmounted, emptyDir: {}}]",
	"volumeMounts":                           "[{name: scratch, mountPath: /scratch}]",
	"deploymentLabels":                       "team:batch",
	"jobAnnotations":                         "owner:ops",
	"podAnnotations":                         "sidecar.istio.io/inject:\"false\"",
	"entryPointStyle":                        "boot",
	"backoffLimit":                           "2",
	"cron.backoffLimit":                      "1",
	"cron.ttlSecondsAfterFinished":           "3600",
	"cron.concurrencyPolicy":                 "Forbid",
	"taskServiceAccountName":                 "scheduler",
}

func TestTaskObjectsGolden(t *testing.T) {
	acc := accountWith(map[string]string{"imagePullSecrets[0]": "registry", "deploymentLabels": "env:prod"})
	spec := taskSpecWith(goldenTaskProperties)
	s := newSettings(acc, spec.DeployerProperties)
	tasks := &Tasks{Client: &Client{Namespace: "batch", Account: acc}}
	pod, _, err := tasks.taskPod(s, spec, "t-abcde12345")
	if err != nil {
		t.Fatal(err)
	}
	pod.TypeMeta = metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"}
	job, err := taskJob(s, pod, "")
	if err != nil {
		t.Fatal(err)
	}
	job.TypeMeta = metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"}
	cron, _, err := (&Schedules{tasks.Client}).cronJob(platforms.ScheduleSpec{Name: "nightly", Expression: "0 2 * * *", Task: spec})
	if err != nil {
		t.Fatal(err)
	}
	cron.TypeMeta = metav1.TypeMeta{APIVersion: "batch/v1", Kind: "CronJob"}
	for name, obj := range map[string]any{"task-pod.yaml": pod, "task-job.yaml": job, "task-cronjob.yaml": cron} {
		checkGolden(t, name, obj)
	}
}

func checkGolden(t *testing.T, name string, obj any) {
	t.Helper()
	raw, err := yaml.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	got := cleanYAML(raw)
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestTaskObjectsGolden -update to write it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from what is built now (go test -run TestTaskObjectsGolden -update rewrites it; review the diff):\n%s", name, got)
	}
}
