package flow

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dataflow-cli/dataflow/dsl"
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/store"
)

// deployPropertiesOf turns a deployed release's config (what SCDF's merge made of a deploy and its updates)
// back into deploy properties: the ones that, given to a deploy of the stream's definition, build the same
// config. A property is written when the merge (definition, bindings, common properties, derived deployer
// settings) does not already give the app that value; version.<label> when the app does not run the registry's
// default version. The result is checked by building it again: what cannot be rebuilt (a property the merge adds
// and the release does not have) is said in the notes.
func (f *Flow) deployPropertiesOf(ctx context.Context, name string, s *dsl.Stream, cur store.Release) (map[string]string, []string, error) {
	config, err := estateConfigOf(cur)
	if err != nil {
		return nil, nil, err
	}
	accountType := f.accountTypeOf(cur.Platform, config)
	resolve := memoResolve(f.resolveStreamApp(ctx))
	props := map[string]string{}
	for _, a := range config.Apps {
		if def, err := f.FindApp(ctx, a.Type, a.Name, ""); err != nil || def.Version != a.Version {
			props["version."+a.Label] = a.Version
		}
	}
	// Deployer properties first: some of them derive application properties (the instance count), which must
	// then not be written too. Each round adds what the merge does not give; a few rounds settle it.
	for round := 0; round < 4; round++ {
		built, err := buildAppSpecs(name, s, props, accountType, resolve)
		if err != nil {
			return nil, nil, fmt.Errorf("stream '%s': %w", name, err)
		}
		added := false
		for _, a := range config.Apps {
			b, _ := built.app(a.Label)
			for _, k := range sortedKeys(a.DeploymentProperties) {
				short, ok := strings.CutPrefix(k, deployerPrefix)
				if v := a.DeploymentProperties[k]; ok && b.DeploymentProperties[k] != v {
					props["deployer."+a.Label+"."+short], added = v, true
				}
			}
		}
		if added {
			continue
		}
		for _, a := range config.Apps {
			b, _ := built.app(a.Label)
			for _, k := range sortedKeys(a.ApplicationProperties) {
				if v, had := b.ApplicationProperties[k]; !had || v != a.ApplicationProperties[k] {
					props["app."+a.Label+"."+k], added = a.ApplicationProperties[k], true
				}
			}
		}
		if !added {
			break
		}
	}
	built, err := buildAppSpecs(name, s, props, accountType, resolve)
	if err != nil {
		return nil, nil, fmt.Errorf("stream '%s': %w", name, err)
	}
	// The rounds may have written what the merge derives from another property (the partitioned consumer's
	// settings, the producer's partition count): a property without which the same config is built goes.
	if len(estateChangedApps(config, built)) == 0 {
		for _, k := range sortedKeys(props) {
			if strings.HasPrefix(k, "version.") {
				continue
			}
			v := props[k]
			delete(props, k)
			without, err := buildAppSpecs(name, s, props, accountType, resolve)
			if err != nil || len(estateChangedApps(config, without)) > 0 {
				props[k] = v
			}
		}
	}
	var notes []string
	for _, label := range estateChangedApps(config, built) {
		a, _ := config.app(label)
		b, _ := built.app(label)
		var keys []string
		for _, c := range propertyChanges(a, b) {
			keys = append(keys, c.Key)
		}
		notes = append(notes, fmt.Sprintf("stream '%s', app '%s': a deploy of the exported properties differs from release %d in %s (the merge adds what the release lacks)",
			name, label, cur.Version, strings.Join(keys, ", ")))
	}
	return props, notes, nil
}

// accountTypeOf is the type of the account a release runs on, for the common properties of the merge; an
// account no longer configured is recognised by the Cloud Foundry tags its apps got.
func (f *Flow) accountTypeOf(platform string, config releaseConfig) platforms.AccountType {
	if acc, err := f.streamAccount(platform); err == nil {
		return acc.Type
	}
	for _, a := range config.Apps {
		for k := range cloudFoundryCommonTags {
			if _, ok := a.ApplicationProperties[k]; ok {
				return platforms.CloudFoundry
			}
		}
	}
	return platforms.Kubernetes
}

// estateChangedApps lists, sorted, the labels whose app differs between two configs: resource, version,
// application or deployer properties, the instance count included (an estate file that says another count means
// it), and the apps present in one only.
func estateChangedApps(old, next releaseConfig) []string {
	var changed []string
	for _, n := range next.Apps {
		o, ok := old.app(n.Label)
		if !ok || o.URI != n.URI || o.Version != n.Version || o.Name != n.Name || o.Type != n.Type ||
			!maps.Equal(o.ApplicationProperties, n.ApplicationProperties) || !maps.Equal(o.DeploymentProperties, n.DeploymentProperties) {
			changed = append(changed, n.Label)
		}
	}
	for _, o := range old.Apps {
		if _, ok := next.app(o.Label); !ok {
			changed = append(changed, o.Label)
		}
	}
	slices.Sort(changed)
	return changed
}

// memoResolve remembers what a registry lookup found for an app and version: deployPropertiesOf builds a
// stream's config many times over, and an estate apply many streams of the same apps.
func memoResolve(resolve func(a StreamApp, version string) (appSpec, error)) func(a StreamApp, version string) (appSpec, error) {
	type key struct {
		typ           AppType
		name, version string
	}
	found := map[key]appSpec{}
	return func(a StreamApp, version string) (appSpec, error) {
		k := key{a.Type, a.Name, version}
		if spec, ok := found[k]; ok {
			return spec, nil
		}
		spec, err := resolve(a, version)
		if err == nil {
			found[k] = spec
		}
		return spec, err
	}
}

// estateConfigOf is a deployed release's config as an estate compares it: a scaled app's config records its new
// count but keeps the instance count property its instances were started with (scale changes no property), which
// a deploy of that count would set to the count. The estate takes the count for what is meant, so that an
// export after a scale applies as unchanged.
func estateConfigOf(r store.Release) (releaseConfig, error) {
	c, err := configOf(r)
	if err != nil {
		return c, err
	}
	for i := range c.Apps {
		c.Apps[i].ApplicationProperties = maps.Clone(c.Apps[i].ApplicationProperties)
		if c.Apps[i].ApplicationProperties == nil {
			c.Apps[i].ApplicationProperties = map[string]string{}
		}
		c.Apps[i].syncInstanceCount()
	}
	return c, nil
}
