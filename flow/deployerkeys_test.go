package flow

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
)

// refusingLauncher refuses every launch in its check, as Kubernetes refuses an unknown deployer property.
type refusingLauncher struct{ recordingLauncher }

func (r *refusingLauncher) ValidateTask(platforms.TaskSpec) error {
	return errors.New("deployer property kubernetes.limits.memroy is not one the Kubernetes deployer knows: did you mean kubernetes.limits.memory?")
}

// A launch the platform refuses in its check records no execution and launches nothing.
func TestRefusedLaunchRecordsNothing(t *testing.T) {
	f, _, _ := secretsFixture(t)
	ctx := context.Background()
	launcher := &refusingLauncher{}
	f.platforms = NewPlatforms(map[platforms.AccountType]platforms.Driver{platforms.Kubernetes: testDriver{tasks: launcher}}, platforms.Environment{})
	if _, err := f.CreateTask(ctx, "t", "job", ""); err != nil {
		t.Fatal(err)
	}
	_, err := f.LaunchTask(ctx, LaunchRequest{Name: "t", Properties: map[string]string{"deployer.job.kubernetes.limits.memroy": "1Gi"}})
	if err == nil || !strings.HasPrefix(err.Error(), "task 't': deployer property kubernetes.limits.memroy") {
		t.Fatalf("got %v", err)
	}
	if len(launcher.launched) != 0 {
		t.Errorf("launched %v", launcher.launched)
	}
	if _, gerr := f.Store.Read().GetExecution(ctx, 1); gerr == nil {
		t.Error("an execution was recorded for a refused launch")
	}
}

// Deployer properties of another platform's namespace are ignored on this one, with one note naming them all.
func TestOtherPlatformsDeployerKeysAreNotedOnce(t *testing.T) {
	f, dep, _ := secretsFixture(t)
	ctx := context.Background()
	var notes []string
	f.note = func(s string) { notes = append(notes, s) }
	if _, err := f.CreateStream(ctx, "s", "http | log", ""); err != nil {
		t.Fatal(err)
	}
	props := map[string]string{"deployer.log.cloudfoundry.memory": "2g", "deployer.*.cloudfoundry.services": "db",
		"deployer.http.local.javaOpts": "-Xmx1g", "deployer.log.kubernetes.limits.memory": "1Gi"}
	if _, err := f.DeployStream(ctx, StreamDeployRequest{Name: "s", Properties: props}); err != nil {
		t.Fatal(err)
	}
	want := "Note: Kubernetes account 'default' ignores the other platforms' deployer properties: cloudfoundry.memory, cloudfoundry.services, local.javaOpts"
	if len(notes) != 1 || notes[0] != want {
		t.Errorf("notes %q\nwant %q", notes, want)
	}
	if len(dep.deployed) != 2 {
		t.Errorf("deployed %d apps", len(dep.deployed))
	}
}

// As SCDF's createCommandArgs: a command-line argument replaces the definition's property of the same key, and
// a property without a value is not passed; the properties come first and are counted.
func TestTaskArgumentReplacesTheSameProperty(t *testing.T) {
	f, _, launcher := secretsFixture(t)
	ctx := context.Background()
	if _, err := f.CreateTask(ctx, "t", "job --greeting=hi --name=def --empty=''", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.LaunchTask(ctx, LaunchRequest{Name: "t", Arguments: []string{"--name=arg", "plain"}}); err != nil {
		t.Fatal(err)
	}
	spec := launcher.launched[0]
	if got := strings.Join(spec.Args, " "); got != "--greeting=hi --name=arg plain" || spec.PropertyArgs != 1 {
		t.Errorf("args %q, %d properties", got, spec.PropertyArgs)
	}
}
