package platforms

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// AppDeployment is one app of a stream release, resolved by flow: the platform decides nothing about what the
// app gets, only how to run it.
type AppDeployment struct {
	// Group is the stream's name; Label the app's label in it.
	Group string
	Label string
	// DeploymentID is <stream>-<label>-v<N>, N the release version in which the app last changed.
	DeploymentID string
	// Resource is the registered URI with its version (docker:org/app:1.0.0, file:/.../app-1.0.0.jar).
	Resource string
	// AppProperties reach the app (exec-style --k=v arguments by default); DeployerProperties are the
	// spring.cloud.deployer.* keys that tell the platform how to run it.
	AppProperties      map[string]string
	DeployerProperties map[string]string
	// SecretKeys are the AppProperties whose values are secrets: a platform that can, delivers them out of
	// band (a Kubernetes Secret) instead of as arguments; one that cannot passes them as the others.
	SecretKeys []string
	// SecretEnvNames are the environment variables given in DeployerProperties (SCDF's environmentVariables
	// lists) whose values are secrets: a platform that can, sets them from a secret; one that cannot, as given.
	SecretEnvNames []string
	// Count is the number of instances (spring.cloud.deployer.count, default 1).
	Count int
	// NamePrefix is put before DeploymentID on platforms whose app names share one namespace with everything
	// else in it (Cloud Foundry): flow keeps the account's prefix in SQLite, so it survives restarts.
	NamePrefix string
}

// AppRef names a deployed app: its id and the handle the platform returned for it.
type AppRef struct {
	DeploymentID string
	Handle       string
	// ServingID, given to Undeploy, is the id of the version of the same app that keeps running once this one is
	// gone ("" when none does): flow knows it from the releases, so a platform whose versions share an object
	// (a Kubernetes Service) hands it over without asking who else runs.
	ServingID string
}

// DeploymentState is an app's or an instance's state, as SCDF's deployers spell it.
type DeploymentState string

const (
	StateDeploying  DeploymentState = "deploying"
	StateDeployed   DeploymentState = "deployed"
	StateUndeployed DeploymentState = "undeployed"
	StatePartial    DeploymentState = "partial"
	StateFailed     DeploymentState = "failed"
	StateError      DeploymentState = "error"
	StateUnknown    DeploymentState = "unknown"
)

// InstanceStatus is one running copy of an app.
type InstanceStatus struct {
	ID         string
	State      DeploymentState
	Attributes map[string]string
}

// AppStatus is an app's state, derived from its instances as SCDF derives it.
type AppStatus struct {
	DeploymentID string
	State        DeploymentState
	Instances    []InstanceStatus
	// Reason says why an app failed or is stuck, when the platform knows (CrashLoopBackOff, exited with 1).
	Reason string
}

// ErrLeftBehind marks a deploy failure whose cleanup failed too: something of the app may still exist, and the
// error says what to delete.
var ErrLeftBehind = errors.New("some of what the deploy made could not be removed")

// LeftBehindError is a deploy failure whose own cleanup failed too. flow then removes the app itself, and
// reports the Cause alone when that succeeds.
type LeftBehindError struct {
	Cause   error
	Cleanup []error
}

func (e *LeftBehindError) Error() string {
	parts := []string{e.Cause.Error()}
	for _, c := range e.Cleanup {
		parts = append(parts, c.Error())
	}
	return strings.Join(append(parts, ErrLeftBehind.Error()), "; ")
}

// Is makes errors.Is(err, ErrLeftBehind) true.
func (e *LeftBehindError) Is(target error) bool { return target == ErrLeftBehind }

func (e *LeftBehindError) Unwrap() error { return e.Cause }

// AppDeployer runs the apps of streams on one account.
type AppDeployer interface {
	// Deploy creates the app's objects and returns a handle to find them again ("" when the id is enough). A
	// failed deploy leaves nothing behind.
	Deploy(ctx context.Context, app AppDeployment) (string, error)
	// Undeploy deletes the app's objects; an app that is already gone is not an error.
	Undeploy(ctx context.Context, app AppRef) error
	// Status reports each app; apps the platform no longer has are undeployed.
	Status(ctx context.Context, apps []AppRef) ([]AppStatus, error)
	// Scale sets the app's instance count and returns its new handle.
	Scale(ctx context.Context, app AppRef, count int) (string, error)
	// Logs writes the app's output to w, instance by instance (what LogOptions choose); with Follow it goes on
	// writing what the instances log, their lines side by side, until ctx ends.
	Logs(ctx context.Context, app AppRef, opts LogOptions, w io.Writer) error
}

// AggregateState derives an app's state from its instances' as SCDF's deployer SPI does (AppStatus.getState):
// all the same is that state; then any error, any deploying, any deployed or partial (partial), any failed; no
// instances is unknown.
func AggregateState(instances []InstanceStatus) DeploymentState {
	states := make([]DeploymentState, len(instances))
	for i, in := range instances {
		states[i] = in.State
	}
	if len(states) == 0 {
		return StateUnknown
	}
	if all, ok := same(states); ok {
		return all
	}
	for _, rule := range []struct{ any, then DeploymentState }{
		{StateError, StateError}, {StateDeploying, StateDeploying}, {StateDeployed, StatePartial},
		{StatePartial, StatePartial}, {StateFailed, StateFailed},
	} {
		if contains(states, rule.any) {
			return rule.then
		}
	}
	return StateUnknown
}

// StatusOfInstances is an app's status from its instances: SCDF's aggregate state, the reason of the first failed
// instance (else, while the app is not deployed, of the first that says why it waits), and deployed when it has
// none (scaled to zero: nothing to wait for).
func StatusOfInstances(deploymentID string, instances []InstanceStatus) AppStatus {
	st := AppStatus{DeploymentID: deploymentID, Instances: instances, State: AggregateState(instances)}
	for _, in := range instances {
		if in.State == StateFailed {
			st.Reason = in.Attributes["reason"]
			break
		}
	}
	for _, in := range instances {
		if st.Reason == "" && st.State != StateDeployed {
			st.Reason = in.Attributes["reason"]
		}
	}
	if len(instances) == 0 {
		st.State = StateDeployed
	}
	return st
}

// StreamState derives a stream's state from its apps' as SCDF's StreamDeployerUtil does: all the same is that
// state (unknown shown as undeployed); then any error, deployed with failed (partial), any failed, any
// deploying; otherwise partial.
func StreamState(apps []DeploymentState) DeploymentState {
	if all, ok := same(apps); ok {
		if all == StateUnknown {
			return StateUndeployed
		}
		return all
	}
	switch {
	case contains(apps, StateError):
		return StateError
	case contains(apps, StateDeployed) && contains(apps, StateFailed):
		return StatePartial
	case contains(apps, StateFailed):
		return StateFailed
	case contains(apps, StateDeploying):
		return StateDeploying
	}
	return StatePartial
}

func same(states []DeploymentState) (DeploymentState, bool) {
	if len(states) == 0 {
		return StateUndeployed, true
	}
	for _, s := range states[1:] {
		if s != states[0] {
			return "", false
		}
	}
	return states[0], true
}

func contains(states []DeploymentState, s DeploymentState) bool {
	for _, x := range states {
		if x == s {
			return true
		}
	}
	return false
}

// ConcurrentDeployer is implemented by deployers whose apps can be deployed side by side (Cloud Foundry, whose
// Deploy waits for staging; Kubernetes, where each app is a few independent writes): flow then deploys the apps
// of a stream side by side instead of one after the other. Sink-first
// order only decides which request is sent first; nothing is lost either way, because every producer declares
// its consumers' group (requiredGroups), so the broker keeps messages until the consumer is up.
type ConcurrentDeployer interface {
	DeploysConcurrently() bool
}

// Connector is implemented by deployers and launchers whose first request can start early (a Cloud Foundry
// login, a Kubernetes launch's count of running tasks): once a deploy or a launch has passed its checks, flow
// asks them to start, so the request overlaps the SQLite writes before the first Deploy or LaunchTask.
// Connect returns at once; a failure shows on the first call that needs the connection.
type Connector interface {
	Connect(ctx context.Context)
}

// GroupLister is implemented by deployers that can list the objects of a stream they hold by its labels,
// whatever their version, with the identity of the store that made each: before a command changes anything,
// flow checks that every object of the stream is its store's, and it removes those it made that no release runs
// any more, which a failed or interrupted command may have left.
//
// namePrefix is the account's AppDeployment.NamePrefix: a platform whose app names carry one (Cloud Foundry,
// where every store has its own random prefix) lists only the objects named under it, those the store's
// commands would make or remove; the others' apps of the same stream live beside them untouched.
type GroupLister interface {
	ListGroup(ctx context.Context, group, namePrefix string) ([]GroupObject, error)
}

// AppValidator is implemented by deployers that can check an app's deployment without sending anything (its
// names, its deployer properties): flow checks every app of a release before it deploys any, so bad input
// creates nothing even when apps deploy side by side.
type AppValidator interface {
	Validate(app AppDeployment) error
}

// AppRenderer is implemented by platforms that can show, without touching anything, the objects a deploy
// would create (stream deploy --dry-run).
type AppRenderer interface {
	Render(app AppDeployment) (string, error)
}

// EnvironmentVariables parses SCDF's environmentVariables deployer property, "K1=V1,K2='a,b'": single quotes
// keep commas in a value. Flow reads the names (which values are secret) and platforms the whole, alike.
func EnvironmentVariables(list string) ([][2]string, error) {
	var out [][2]string
	for _, item := range SplitOutsideQuotes(list, ',') {
		if strings.TrimSpace(item) == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		if !ok {
			return nil, fmt.Errorf("environment variable '%s' must be written NAME=value", strings.TrimSpace(item))
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
			v = v[1 : len(v)-1]
		}
		out = append(out, [2]string{strings.TrimSpace(k), v})
	}
	return out, nil
}

// SplitOutsideQuotes splits s at sep, except inside single or double quotes (SCDF's lists of pairs).
func SplitOutsideQuotes(s string, sep byte) []string {
	var parts []string
	var quote byte
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && c == sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}
