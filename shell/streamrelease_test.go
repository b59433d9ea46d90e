package shell

import (
	"context"
	"testing"
)

// `stream deploy` refuses contradicting or unreadable properties before it opens the store; a stream that
// does not exist is flow's refusal, and nothing is said to have been sent.
func TestRunStreamDeployFailures(t *testing.T) {
	ctx := context.Background()
	io, out := TestIO("")
	for _, c := range []struct {
		what       string
		properties deployPropertiesOptions
		want       string
	}{
		{"both property options", deployPropertiesOptions{inline: "app.time.format=x", file: "deploy.yaml"}, "You cannot specify both 'properties' and 'propertiesFile'"},
		{"a key no app, deployer or version", deployPropertiesOptions{inline: "foo=bar"}, "Only deployment property keys starting with 'app.', 'deployer.' or, 'scheduler.' allowed, got 'foo'"},
		{"a missing properties file", deployPropertiesOptions{file: "/nonexistent/deploy.yaml"}, "cannot read the properties file: open /nonexistent/deploy.yaml: no such file or directory"},
	} {
		err := runStreamDeploy(ctx, &streamDeployOptions{IO: io, Flow: flowNotOpened(t), Name: "ticktock", Properties: c.properties, Wait: true})
		wantError(t, c.what, err, c.want, ExitFailure)
	}

	s, _ := newTestSession(t)
	err := runStreamDeploy(ctx, &streamDeployOptions{IO: io, Flow: s.factory.Flow, Name: "nosuch", DryRun: true})
	wantError(t, "a stream that does not exist", err, "Could not find stream definition named nosuch", ExitFailure)
	if out.Len() > 0 {
		t.Errorf("a refused deploy printed %q", out)
	}
}

// `stream update` refuses the same properties before the store; app names without --force are flow's refusal.
func TestRunStreamUpdateFailures(t *testing.T) {
	ctx := context.Background()
	io, out := TestIO("")
	err := runStreamUpdate(ctx, &streamUpdateOptions{IO: io, Flow: flowNotOpened(t), Name: "ticktock",
		Properties: deployPropertiesOptions{inline: "app.log.level=DEBUG", file: "update.properties"}})
	wantError(t, "both property options", err, "You cannot specify both 'properties' and 'propertiesFile'", ExitFailure)

	s, _ := newTestSession(t)
	err = runStreamUpdate(ctx, &streamUpdateOptions{IO: io, Flow: s.factory.Flow, Name: "ticktock", AppNames: "log"})
	wantError(t, "app names without --force", err, "App names can be used only when the stream update is forced.", ExitFailure)
	err = runStreamUpdate(ctx, &streamUpdateOptions{IO: io, Flow: s.factory.Flow, Name: "nosuch", Force: true})
	wantError(t, "a stream that does not exist", err, "Could not find stream definition named nosuch", ExitFailure)
	if out.Len() > 0 {
		t.Errorf("a refused update printed %q", out)
	}
}
