package platforms

import "context"

// SCDFAdopter is implemented by deployers that can take over the apps of a stream that SCDF's deployer (through
// Skipper) runs on the same platform: `scdf import --adopt`. Finding and checking write nothing; Adopt writes
// only the store's identity (and, where the platform lists a stream's objects by labels SCDF did not set, those
// labels) on the objects found, so that this store's commands treat them as their own. It never changes what
// runs: no pod template, no environment, no restart.
type SCDFAdopter interface {
	// FindSCDFApps finds the running apps of a stream with the given labels, named and labelled as SCDF's
	// deployer names and labels them; an app with no object found is left out, and an app found in more than
	// one version is returned once per version.
	FindSCDFApps(ctx context.Context, group string, labels []string) ([]SCDFApp, error)
	// CompareSCDFApp compares what runs with what a deploy of app would make (its image or artifact, its
	// instance count): each difference is one line; none when they match. An error says a deploy of app could
	// not be made here at all (a property the platform refuses): such an app is never adopted.
	CompareSCDFApp(app AppDeployment, found SCDFApp) ([]string, error)
	// AdoptSCDFApp marks every object of found as owner's and returns the handle a deploy of it would have
	// returned. Objects that carry owner already are left as they are.
	AdoptSCDFApp(ctx context.Context, found SCDFApp, owner string) (string, error)
}

// SCDFApp is one app version of a stream that SCDF's deployer runs, as the platform holds it.
type SCDFApp struct {
	// Label is the app's label in the stream; DeploymentID is <stream>-<label>-v<N>, as dataflow's releases
	// record it, N taken from the platform's names.
	Label        string
	DeploymentID string
	// Version is N.
	Version int
	// NamePrefix is the prefix SCDF's deployer put before DeploymentID (Cloud Foundry; "" elsewhere).
	NamePrefix string
	// Objects are the platform objects of the app version, with whose each is.
	Objects []GroupObject
	// Running says what runs: the image (docker) or "" when the platform cannot tell which artifact runs
	// (a Cloud Foundry buildpack app's droplet); Instances the instance count asked for.
	Running   string
	Instances int
	// Handle is what the platform needs to find the app again (the handle a deploy returns).
	Handle string
}
