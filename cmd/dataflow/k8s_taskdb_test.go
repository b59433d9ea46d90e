//go:build k8sintegration

package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dataflow-cli/dataflow/internal/testdb"
	"github.com/dataflow-cli/dataflow/platforms/accounts"
	"github.com/dataflow-cli/dataflow/taskdb"
)

// A launch on Kubernetes with a task database: the pod gets the apps' address, the id and the prefixes as
// arguments and the password from its Secret only; the row carries the pod's name; the app (KWOK runs none)
// wrote no end, so the pod's exit code is written into the row.
func TestKubernetesTaskDatabase(t *testing.T) {
	api := cluster(t, "highmemory-namespace")
	db := testdb.Postgres(t)
	dir := t.TempDir()
	importSeed(t, dir)
	pwFile := filepath.Join(dir, "taskdb-password")
	if err := os.WriteFile(pwFile, []byte(db.Server.Password), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.yaml")
	c, err := accounts.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	appURL := "jdbc:postgresql://postgres.data.svc:5432/" + db.Name
	c.TaskDatabase = &accounts.TaskDatabase{URL: db.JDBCURL(), AppURL: appURL, Username: db.Server.User, PasswordFile: pwFile}
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	mustRunK(t, dir, "app", "register", "--name", "train", "--type", "task", "--uri", "docker:myorg/train:1.0.0", "--bootVersion", "3")
	mustRunK(t, dir, "task", "create", "t", "--definition", "train --epochs=3")
	out := mustRunK(t, dir, "task", "launch", "t", "--platformName", "highmemory", "--properties", "deployer.train.kubernetes.podAnnotations=kwok.dataflow.test/exit-code:3")
	if !strings.Contains(out, "with execution id 1, schemaTarget boot3") {
		t.Fatalf("launch: %q", out)
	}
	e := executionEnded(t, dir, "1")
	if e.Status != "ERROR" || e.ExitCode == nil || *e.ExitCode != 3 {
		t.Fatalf("execution %+v", e)
	}
	pod, err := api.CoreV1().Pods("highmemory-namespace").Get(context.Background(), e.ExternalID, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	args := strings.Join(pod.Spec.Containers[0].Args, " ")
	for _, want := range []string{"--epochs=3", "--spring.datasource.url=" + appURL, "--spring.datasource.username=" + db.Server.User,
		"--spring.cloud.task.tablePrefix=BOOT3_TASK_", "--spring.batch.jdbc.table-prefix=BOOT3_BATCH_", "--spring.cloud.task.executionid=1"} {
		if !strings.Contains(args, want) {
			t.Errorf("pod args lack %q: %s", want, args)
		}
	}
	spec, _ := json.Marshal(pod)
	if strings.Contains(string(spec), db.Server.Password) {
		t.Fatal("the pod spec holds the password")
	}
	fromSecret := false
	for _, env := range pod.Spec.Containers[0].Env {
		if env.Name == "SPRING_DATASOURCE_PASSWORD" && env.ValueFrom != nil && env.ValueFrom.SecretKeyRef != nil {
			secret, err := api.CoreV1().Secrets("highmemory-namespace").Get(context.Background(), env.ValueFrom.SecretKeyRef.Name, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			fromSecret = string(secret.Data[env.ValueFrom.SecretKeyRef.Key]) == db.Server.Password
		}
	}
	if !fromSecret {
		t.Fatalf("the password does not come from the run's Secret: %+v", pod.Spec.Containers[0].Env)
	}
	tdb, err := taskdb.Open(context.Background(), taskdb.Options{URL: db.JDBCURL(), Username: db.Server.User, Password: db.Server.Password})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tdb.Close() }()
	var row taskdb.TaskExecution
	eventuallyK(t, "the row ends", func() string {
		row, err = tdb.Execution(context.Background(), taskdb.Boot3, 1)
		if err != nil || row.EndTime.IsZero() {
			return "not ended"
		}
		return ""
	})
	if row.ExternalID != e.ExternalID || row.ExitCode == nil || *row.ExitCode != 3 || time.Since(row.EndTime) > time.Hour {
		t.Fatalf("row %+v", row)
	}
}
