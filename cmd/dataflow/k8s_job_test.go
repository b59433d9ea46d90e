//go:build k8sintegration

package main

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// With createJob a launch is a batch/v1 Job named like the pod would be, with the account's backoffLimit and
// ttlSecondsAfterFinished; its end is read from the Job's pod, and stop and cleanup delete the Job.
func TestKubernetesTaskLaunchAsJob(t *testing.T) {
	api := cluster(t, "highmemory-namespace")
	ctx := context.Background()
	jobs := api.BatchV1().Jobs("highmemory-namespace")
	dir := t.TempDir()
	importSeed(t, dir)
	mustRunK(t, dir, "app", "register", "--name", "train", "--type", "task", "--uri", "docker:myorg/train:1.0.0")
	mustRunK(t, dir, "task", "create", "t", "--definition", "train --epochs=3")
	launch := func(annotations string) string {
		props := "deployer.train.kubernetes.createJob=true,deployer.train.kubernetes.backoffLimit=0," +
			"deployer.train.kubernetes.ttlSecondsAfterFinished=600"
		if annotations != "" {
			props += ",deployer.train.kubernetes.podAnnotations=" + annotations
		}
		return launched.FindStringSubmatch(mustRunK(t, dir, "task", "launch", "t", "--platformName", "highmemory", "--properties", props))[2]
	}
	status := func(id string) executionRow { return executionStatus(t, dir, id) }
	ended := func(id string) executionRow { return executionEnded(t, dir, id) }

	ok, three := launch(""), launch("kwok.dataflow.test/exit-code:3")
	job, err := jobs.Get(ctx, status(ok).ExternalID, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the launch's Job: %v", err)
	}
	pod := job.Spec.Template.Spec
	if job.Labels["task-name"] != "t" || job.Spec.BackoffLimit == nil || *job.Spec.BackoffLimit != 0 ||
		job.Spec.TTLSecondsAfterFinished == nil || *job.Spec.TTLSecondsAfterFinished != 600 ||
		pod.RestartPolicy != corev1.RestartPolicyNever ||
		strings.Contains(strings.Join(pod.Containers[0].Args, " "), "--spring.cloud.task.executionid") || job.Spec.Template.Labels["dataflow-execution-id"] != ok {
		t.Fatalf("Job: labels %v, spec %+v", job.Labels, job.Spec)
	}
	if e := ended(ok); e.Status != "COMPLETE" || e.ExitCode == nil || *e.ExitCode != 0 {
		t.Errorf("success: %+v", e)
	}
	if e := ended(three); e.Status != "ERROR" || e.ExitCode == nil || *e.ExitCode != 3 {
		t.Errorf("exit 3: %+v", e)
	}

	// Stop deletes a running Job, and the record says it went.
	long := launch("kwok.dataflow.test/run-ms:600000")
	longJob := status(long).ExternalID
	mustRunK(t, dir, "task", "execution", "stop", long)
	if e := ended(long); e.Status != "ERROR" || !strings.Contains(e.ExitMessage, "job") {
		t.Errorf("stopped Job: %+v", e)
	}
	if _, err := jobs.Get(ctx, longJob, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("the stopped Job is still there: %v", err)
	}

	// Cleanup deletes the ended Jobs and keeps their records.
	mustRunK(t, dir, "task", "execution", "cleanup", "--all", "--force")
	eventuallyK(t, "task Jobs deleted", func() string {
		list, err := jobs.List(ctx, metav1.ListOptions{LabelSelector: "task-name=t"})
		if err != nil {
			return err.Error()
		}
		if len(list.Items) > 0 {
			return list.Items[0].Name
		}
		return ""
	})
	if e := status(ok); e.Status != "COMPLETE" {
		t.Errorf("the record went with the Job: %+v", e)
	}
}
