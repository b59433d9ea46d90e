package shell

import (
	"context"
	"os"
	"strings"
	"testing"
)

// `task launch` refuses bad properties before it reads the configuration or opens the store, a configuration
// it cannot read before it opens the store, and a task that does not exist without launching anything.
func TestRunTaskLaunchFailures(t *testing.T) {
	ctx := context.Background()
	io, out := TestIO("")
	err := runTaskLaunch(ctx, &taskLaunchOptions{IO: io, Accounts: accountsNotLoaded(t), Flow: flowNotOpened(t), Name: "ts", Properties: "timestamp.format=yyyy"})
	wantError(t, "a property key that is not a launch property", err, "Only deployment property keys starting with 'app.', 'deployer.' or, 'scheduler.' allowed, got 'timestamp.format'", ExitFailure)
	err = runTaskLaunch(ctx, &taskLaunchOptions{IO: io, Accounts: accountsNotLoaded(t), Flow: flowNotOpened(t), Name: "ts", Properties: "app.ts.format"})
	wantError(t, "a property without a value", err, "Only deployment property keys starting with 'app.' or 'scheduler' or 'deployer.'  or 'version.' allowed. Not app.ts.format", ExitFailure)

	// A properties file is read as --properties is, its keys checked the same way; both at once are refused.
	dir := t.TempDir()
	badFile, goodFile := dir+"/bad.properties", dir+"/good.yaml"
	if err := os.WriteFile(badFile, []byte("app.ts.format=yyyy\ntimestamp.format=HH\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(goodFile, []byte("app:\n  ts:\n    format: yyyy\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = runTaskLaunch(ctx, &taskLaunchOptions{IO: io, Accounts: accountsNotLoaded(t), Flow: flowNotOpened(t), Name: "ts", PropertiesFile: badFile})
	wantError(t, "a file key that is not a launch property", err, "Only deployment property keys starting with 'app.', 'deployer.' or, 'scheduler.' allowed, got 'timestamp.format'", ExitFailure)
	err = runTaskLaunch(ctx, &taskLaunchOptions{IO: io, Accounts: accountsNotLoaded(t), Flow: flowNotOpened(t), Name: "ts", Properties: "app.ts.a=b", PropertiesFile: goodFile})
	wantError(t, "both", err, "You cannot specify both 'properties' and 'propertiesFile'", ExitFailure)
	err = runTaskLaunch(ctx, &taskLaunchOptions{IO: io, Accounts: accountsNotLoaded(t), Flow: flowNotOpened(t), Name: "ts", PropertiesFile: dir + "/missing.yaml"})
	if err == nil || !strings.Contains(err.Error(), "cannot read the properties file") {
		t.Errorf("a missing file: %v", err)
	}

	s, _ := newTestSession(t)
	f := s.factory
	launch := func(name string) error {
		return runTaskLaunch(ctx, &taskLaunchOptions{IO: io, Accounts: f.Accounts, Platforms: f.Platforms, Flow: f.Flow, Supervisor: f.Supervisor, Name: name})
	}
	err = launch("nosuch")
	wantError(t, "a task that does not exist", err, "Could not find task definition named nosuch", ExitFailure)

	// A configuration that cannot be read is said before the store is opened (here: it never is).
	broken, _ := newTestSession(t)
	if err := os.WriteFile(broken.factory.configPath(), []byte("platforms: [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = runTaskLaunch(ctx, &taskLaunchOptions{IO: io, Accounts: broken.factory.Accounts, Flow: flowNotOpened(t), Name: "ts"})
	if err == nil || !strings.Contains(err.Error(), broken.factory.configPath()) {
		t.Errorf("an unreadable configuration: %v", err)
	}
	if out.Len() > 0 {
		t.Errorf("a refused launch printed %q", out)
	}
}
