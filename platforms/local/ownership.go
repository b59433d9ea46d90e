package local

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/dataflow-cli/dataflow/platforms"
)

// launchFile is an app directory's launch spec: while it is there, the directory is a deployed app, and it
// names the store that deployed it.
const launchFile = "launch.json"

// storeVar tells an app's processes which store started them, as a Kubernetes pod's label does.
const storeVar = "DATAFLOW_STORE_ID"

func (a *Apps) storeOwner(ctx context.Context) (string, error) {
	if a.owner == nil {
		return "", nil
	}
	return a.owner(ctx)
}

// readLaunchSpec reads an app directory's launch spec; false when there is none.
func readLaunchSpec(dir string) (launchSpec, bool, error) {
	raw, err := os.ReadFile(filepath.Join(dir, launchFile))
	if errors.Is(err, os.ErrNotExist) {
		return launchSpec{}, false, nil
	}
	if err != nil {
		return launchSpec{}, false, err
	}
	var spec launchSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return launchSpec{}, false, fmt.Errorf("cannot read %s: %w", filepath.Join(dir, launchFile), err)
	}
	return spec, true, nil
}

// checkDir refuses to deploy into the directory of an app another store deployed (a work directory that several
// stores share): flow checks the whole stream first, this is the last guard of each app.
func (a *Apps) checkDir(dir, owner string) error {
	spec, ok, err := readLaunchSpec(dir)
	if err != nil || !ok || owner == "" || spec.Store == owner {
		return err
	}
	return &platforms.NotOursError{Object: "app directory " + dir, Owner: spec.Store, Dataflow: true}
}

// ListGroup lists the deployed apps of a stream under the account's work directory (those whose directory holds
// a launch spec), with the store that deployed each (platforms.GroupLister).
func (a *Apps) ListGroup(ctx context.Context, group, _ string) ([]platforms.GroupObject, error) {
	entries, err := os.ReadDir(filepath.Join(a.root, group))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []platforms.GroupObject
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(a.root, group, e.Name())
		spec, ok, err := readLaunchSpec(dir)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, platforms.GroupObject{Object: "app directory " + dir, DeploymentID: e.Name(), Owner: spec.Store, Dataflow: true})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Object < out[j].Object })
	return out, nil
}
