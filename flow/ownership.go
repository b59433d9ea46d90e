package flow

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// Ownership on the platform: every object a command makes carries the identity of the store it runs for
// (platforms.StoreLabel), and before a command on a stream changes anything, flow lists the stream's objects on
// its accounts (platforms.GroupLister) and stops if one of them is not the store's: another store's, or one
// without an identity that SCDF, Skipper or a person made. Objects that a release recorded before the store had
// an identity made (store.DeploymentUse.Unlabelled) carry dataflow's field manager but no identity: they are
// claimed as the store's, so that upgrading dataflow strands no running stream.

// storeIdentity is what the platforms need of the store: its identity (store.Store.Identity).
type storeIdentity interface {
	Identity(ctx context.Context) (string, error)
}

// bindStore gives the platforms the store whose identity the objects they make carry; the first store bound
// is kept (a command has one).
func (p *Platforms) bindStore(s *store.Store) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.store == nil && s != nil {
		p.store = s
	}
}

// storeOwner is platforms.Environment.Owner: the store's identity, read once per command.
func (p *Platforms) storeOwner(ctx context.Context) (string, error) {
	p.mu.Lock()
	s := p.store
	p.mu.Unlock()
	if s == nil {
		return "", errors.New("no store is open, so the objects made would carry no store identity")
	}
	return p.identity.get(func() (string, error) { return s.Identity(ctx) })
}

// identity is the store's identity.
func (f *Flow) identity(ctx context.Context) (string, error) {
	f.platforms.bindStore(f.Store)
	return f.platforms.storeOwner(ctx)
}

// streamObjects is what a stream's accounts hold of it, by account, with what flow knows of each id.
type streamObjects struct {
	// listed holds the objects of each account whose deployer lists them (platforms.GroupLister).
	listed map[string][]platforms.GroupObject
	// uses are the deployment ids the stream's releases used, by account.
	uses map[string][]store.DeploymentUse
}

// ownershipScope is which of a stream's objects a command must own.
type ownershipScope int

const (
	// everyObject: a command that deploys, changes or removes the stream's running apps owns every object of the
	// stream (two stores' objects of one stream cannot live side by side: on Kubernetes the Services of each
	// select the other's pods).
	everyObject ownershipScope = iota
	// historyObjects: a command on a stream the store does not run (an undeploy or destroy that only sweeps what
	// earlier failures left) touches only the ids of its own history, so only objects of those ids matter;
	// another store may run the stream meanwhile.
	historyObjects
)

// checkOwnership lists a stream's objects on every account its releases used and on the extra ones (the account
// a deploy goes to), and refuses, before anything is changed, when one of them (in scope) is not this store's.
// What it listed is returned for a sweep to use instead of listing again.
func (f *Flow) checkOwnership(ctx context.Context, stream string, extra ...string) (streamObjects, error) {
	return f.checkOwnershipOf(ctx, stream, everyObject, extra...)
}

func (f *Flow) checkOwnershipOf(ctx context.Context, stream string, scope ownershipScope, extra ...string) (streamObjects, error) {
	objs := streamObjects{listed: map[string][]platforms.GroupObject{}, uses: map[string][]store.DeploymentUse{}}
	uses, err := f.Store.Read().DeploymentUses(ctx, stream)
	if err != nil {
		return objs, err
	}
	accounts := append([]string{}, extra...)
	for _, u := range uses {
		if _, seen := objs.uses[u.Platform]; !seen {
			accounts = append(accounts, u.Platform)
		}
		objs.uses[u.Platform] = append(objs.uses[u.Platform], u)
	}
	sort.Strings(accounts)
	for i, platform := range accounts {
		if i > 0 && accounts[i-1] == platform {
			continue
		}
		acc, err := f.streamAccount(platform)
		if err != nil {
			continue // an account no longer configured: out of reach of every command
		}
		deployer, err := f.deployer(acc)
		if err != nil {
			return objs, err
		}
		lister, ok := deployer.(platforms.GroupLister)
		if !ok {
			continue
		}
		prefix, err := f.previewPrefix(ctx, acc)
		if err != nil {
			return objs, err
		}
		list, err := lister.ListGroup(ctx, stream, prefix)
		if err != nil {
			return objs, fmt.Errorf("could not read what account '%s' holds of stream '%s': %w", platform, stream, err)
		}
		objs.listed[platform] = list
		if err := f.ownAll(ctx, stream, list, objs.uses[platform], scope); err != nil {
			return objs, err
		}
	}
	return objs, nil
}

// ownAll refuses the first object that is neither this store's nor one it claims (made by dataflow, without an
// identity, for an id that a release recorded before the store had one used).
func (f *Flow) ownAll(ctx context.Context, stream string, list []platforms.GroupObject, uses []store.DeploymentUse, scope ownershipScope) error {
	if len(list) == 0 {
		return nil
	}
	me, err := f.identity(ctx)
	if err != nil {
		return err
	}
	claimed, used := map[string]bool{}, map[string]bool{}
	for _, u := range uses {
		key := objectKey(u.App.DeploymentID)
		used[key] = true
		if u.Unlabelled {
			claimed[key] = true
		}
	}
	for _, o := range list {
		key := objectKey(o.DeploymentID)
		if o.Owner == me || o.Owner == "" && o.Dataflow && claimed[key] || scope == historyObjects && !used[key] {
			continue
		}
		return notOurs(stream, &platforms.NotOursError{Object: o.Object, Owner: o.Owner, Dataflow: o.Dataflow})
	}
	return nil
}

// notOurs is the one line a command refused for another's object says.
func notOurs(stream string, err error) error {
	return newError(CodeNotOurs, stream, err)
}
