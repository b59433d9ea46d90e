package flow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
)

// failingLauncher fails every launch, leaving what its Launched names.
type failingLauncher struct {
	recordingLauncher
	left platforms.Launched
	err  error
}

func (f *failingLauncher) LaunchTask(context.Context, platforms.TaskSpec) (platforms.Launched, error) {
	return f.left, f.err
}

// A failed launch is recorded as ERROR; when the platform says something is left, the record keeps the run's
// handle (cleanup removes it by that) and the error says how.
func TestFailedLaunchKeepsTheHandleOfWhatIsLeft(t *testing.T) {
	for _, left := range []platforms.Launched{{}, {ExternalID: "t-abc", Handle: "pod/t-abc"}} {
		f, _, _ := secretsFixture(t)
		ctx := context.Background()
		cause := fmt.Errorf("cannot create pod t-abc: boom; %w: pod t-abc and Secret t-abc left in namespace ns", platforms.ErrLaunchLeftBehind)
		launcher := &failingLauncher{left: left, err: cause}
		f.platforms = NewPlatforms(map[platforms.AccountType]platforms.Driver{platforms.Kubernetes: testDriver{tasks: launcher}}, platforms.Environment{})
		if _, err := f.CreateTask(ctx, "t", "job", ""); err != nil {
			t.Fatal(err)
		}
		id, err := f.LaunchTask(ctx, LaunchRequest{Name: "t"})
		if !errors.Is(err, platforms.ErrLaunchLeftBehind) || strings.Contains(err.Error(), "cleanup --id") != (left.Handle != "") {
			t.Errorf("left %+v: %v", left, err)
		}
		e, rerr := f.Store.Read().GetExecution(ctx, id)
		if rerr != nil || e.Status != "ERROR" || e.Handle != left.Handle || e.ExternalID != left.ExternalID || e.EndTime.IsZero() {
			t.Errorf("left %+v: execution %+v %v", left, e, rerr)
		}
	}
}
