package platforms

import (
	"context"
	"errors"
	"fmt"
)

// Every object dataflow makes on a platform carries the identity of the store whose command made it (a label,
// an annotation or CF metadata named StoreLabel), and no command changes or deletes an object that carries
// another store's identity, or none: several stores (two users' files, a CI runner beside a laptop) may share a
// namespace, a space or a work directory, as may SCDF, Skipper and people with kubectl.

// StoreLabel is the name of the label (Kubernetes, Cloud Foundry metadata) and of the field (a local run's
// launch spec) that holds the identity of the store that made an object.
const StoreLabel = "dataflow-store-id"

// ErrNotOurs marks a command refused because an object it would change belongs to another store or to none.
var ErrNotOurs = errors.New("the object belongs to another store")

// NotOursError says whose an object is that a command would have changed.
type NotOursError struct {
	// Object names it as users find it: "deployment ticktock-time-v1 in namespace ns".
	Object string
	// Owner is the identity of the store that made it; "" when it carries none.
	Owner string
	// Dataflow is set for an object without an identity that dataflow made (before stores had identities).
	Dataflow bool
}

func (e *NotOursError) Error() string {
	switch {
	case e.Owner != "":
		return fmt.Sprintf("%s belongs to another dataflow store (id %s)", e.Object, e.Owner)
	case e.Dataflow:
		return fmt.Sprintf("%s was made by a dataflow store without an identity (before store ids), not by this store's recorded releases", e.Object)
	}
	return fmt.Sprintf("%s was not made by dataflow (it carries no %s: SCDF, Skipper or made by hand)", e.Object, StoreLabel)
}

// Is makes errors.Is(err, ErrNotOurs) true.
func (e *NotOursError) Is(target error) bool { return target == ErrNotOurs }

// GroupObject is one object of a stream's group that a platform holds (GroupLister), with what says whose it is.
type GroupObject struct {
	// Object names it as users find it ("deployment ticktock-time-v1 in namespace ns").
	Object string
	// DeploymentID is the id of the app version it belongs to, as the platform spells it.
	DeploymentID string
	// Owner is the identity of the store that made it ("" when it carries none).
	Owner string
	// Dataflow is set when the object shows that dataflow made it even without an identity (Kubernetes: its
	// fields are managed by dataflow's field manager): objects of a store from before identities.
	Dataflow bool
}

// StoreOwner is the identity of the store the command runs for, read on first use (a launcher built before the
// store is opened asks only when it makes or removes something); "" when the environment has none (a dry run).
func (e Environment) StoreOwner(ctx context.Context) (string, error) {
	if e.Owner == nil {
		return "", nil
	}
	return e.Owner(ctx)
}
