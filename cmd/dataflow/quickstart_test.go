package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The README's `make quickstart` runs testdata/quickstart.dfs on a fresh store, with no network: the same
// script, with the same environment, must keep running to its end.
func TestQuickstartScriptRuns(t *testing.T) {
	dir := e2eDir(t)
	apps := filepath.Join(dir, "bin", "apps")
	for out, pkg := range map[string]string{"timestamp-task-1.0.0.bin": "timestamp", "exitwith-task-1.0.0.bin": "exitwith", "streamapp": "streamapp"} {
		build := exec.Command("go", "build", "-o", filepath.Join(apps, out), "../../testdata/apps/"+pkg)
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if b, err := build.CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", pkg, err, b)
		}
	}
	stream, err := os.ReadFile(filepath.Join(apps, "streamapp"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"time-source", "uppercase-processor", "log-sink"} {
		if err := os.WriteFile(filepath.Join(apps, name+"-1.0.0.bin"), stream, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	testdata, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(testdata, filepath.Join(dir, "testdata")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { run(t, dir, "", "stream", "all", "destroy", "--force") })
	cmd := exec.Command(binary, "--file", "testdata/quickstart.dfs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DATAFLOW_DB="+filepath.Join(dir, "df.db"), "DATAFLOW_CONFIG="+filepath.Join(dir, "config.yaml"),
		"HOME="+dir, "DATAFLOW_IMAGE_METADATA=off") // as the Makefile runs it
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the quick start failed: %v\n%s", err, out)
	}
}
