package platforms

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// accountTree is one account's properties, relative to its root: "limits.memory" = "2048Mi".
type accountTree struct {
	forTasks bool
	typ      AccountType
	name     string
	props    []property
	order    int
}

// accountRoots are where SCDF reads accounts from, as relaxed key segments; "*" is the type, then "accounts"
// and the name follow.
var accountRoots = []struct {
	segments []string
	forTasks bool
	bare     bool
}{
	{segments: []string{"spring", "cloud", "skipper", "server", "platform"}},
	{segments: []string{"spring", "cloud", "dataflow", "task", "platform"}, forTasks: true},
	{segments: []string{"platform"}, bare: true},
}

// buildImport sorts flattened properties into accounts and feature switches.
func buildImport(props []property, r role) (*Imported, error) {
	trees := map[string]*accountTree{}
	im := &Imported{}
	for _, p := range props {
		segs := strings.Split(p.key, ".")
		if applyFeature(im, segs, p.value) {
			continue
		}
		for _, root := range accountRoots {
			n := len(root.segments)
			if len(segs) < n+3 || !segmentsMatch(segs[:n], root.segments) || relaxed(segs[n+1]) != "accounts" {
				continue
			}
			typ, err := ParseAccountType(segs[n])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.key, err)
			}
			forTasks := root.forTasks
			if root.bare {
				// A bare platform.<type>.accounts tree sits beside the server's own tree (the seed's mixed
				// Skipper manifest): it belongs to whichever server the document configures.
				forTasks = r == roleServer
			}
			name := segs[n+2]
			id := fmt.Sprintf("%t/%s", forTasks, name)
			t := trees[id]
			if t == nil {
				t = &accountTree{forTasks: forTasks, typ: typ, name: name, order: len(trees)}
				trees[id] = t
			}
			if t.typ != typ {
				return nil, fmt.Errorf("account '%s' is configured both as %s and as %s", name, t.typ, typ)
			}
			t.props = append(t.props, property{key: strings.Join(segs[n+3:], "."), value: p.value})
			break
		}
	}
	ordered := make([]*accountTree, 0, len(trees))
	for _, t := range trees {
		ordered = append(ordered, t)
	}
	sort.Slice(ordered, func(i, j int) bool { return ordered[i].order < ordered[j].order })
	for _, t := range ordered {
		acc, warnings := t.account()
		im.Warnings = append(im.Warnings, warnings...)
		if t.forTasks {
			im.Tasks = append(im.Tasks, acc)
		} else {
			im.Streams = append(im.Streams, acc)
		}
	}
	return im, nil
}

func segmentsMatch(segs, want []string) bool {
	for i := range want {
		if relaxed(segs[i]) != want[i] {
			return false
		}
	}
	return true
}

// applyFeature reads spring.cloud.dataflow.features.{streams,tasks,schedules}-enabled.
func applyFeature(im *Imported, segs []string, value string) bool {
	if len(segs) < 5 || !segmentsMatch(segs[:4], []string{"spring", "cloud", "dataflow", "features"}) {
		return false
	}
	on, err := strconv.ParseBool(value)
	if err != nil {
		return false
	}
	switch relaxed(strings.Join(segs[4:], "")) {
	case "streamsenabled":
		im.Features.Streams = &on
	case "tasksenabled":
		im.Features.Tasks = &on
	case "schedulesenabled":
		im.Features.Schedules = &on
	default:
		return false
	}
	return true
}

// account maps one tree onto the typed account; unknown properties are kept by name (Kubernetes, CF deployment)
// or reported (CF connection, where SCDF would have ignored them).
func (t *accountTree) account() (Account, []string) {
	acc := Account{Name: t.name, Type: t.typ}
	var warnings []string
	switch t.typ {
	case Kubernetes:
		acc.Kubernetes = &KubernetesAccount{}
		for _, p := range t.props {
			if !acc.Kubernetes.set(relaxed(strings.ReplaceAll(p.key, ".", "")), p.value) {
				if acc.Kubernetes.Properties == nil {
					acc.Kubernetes.Properties = map[string]string{}
				}
				acc.Kubernetes.Properties[p.key] = p.value
			}
		}
	case CloudFoundry:
		acc.CloudFoundry = &CloudFoundryAccount{}
		for _, p := range t.props {
			section, rest, _ := strings.Cut(p.key, ".")
			key := relaxed(strings.ReplaceAll(rest, ".", ""))
			switch relaxed(section) {
			case "connection":
				if !acc.CloudFoundry.Connection.set(key, p.value) {
					warnings = append(warnings, fmt.Sprintf("account '%s': ignored unknown property connection.%s (SCDF ignores it too)", t.name, rest))
				}
			case "deployment":
				if !acc.CloudFoundry.Deployment.set(key, p.value) {
					if acc.CloudFoundry.Deployment.Properties == nil {
						acc.CloudFoundry.Deployment.Properties = map[string]string{}
					}
					acc.CloudFoundry.Deployment.Properties[rest] = p.value
				}
			default:
				warnings = append(warnings, fmt.Sprintf("account '%s': ignored unknown property %s", t.name, p.key))
			}
		}
	case Local:
		acc.Local = &LocalAccount{}
		for _, p := range t.props {
			switch relaxed(strings.ReplaceAll(p.key, ".", "")) {
			case "workingdirectoriesroot", "workdir":
				acc.Local.WorkDir = p.value
			case "javacmd":
				acc.Local.JavaCmd = p.value
			case "maximumconcurrenttasks":
				acc.Local.MaxConcurrentTasks, _ = strconv.Atoi(p.value)
			default:
				warnings = append(warnings, fmt.Sprintf("account '%s': ignored unknown property %s", t.name, p.key))
			}
		}
	}
	return acc, warnings
}

func (k *KubernetesAccount) set(key, v string) bool {
	switch key {
	case "namespace", "fabric8namespace":
		k.Namespace = v
	case "fabric8masterurl", "masterurl":
		k.MasterURL = v
	case "fabric8trustcerts", "trustcerts":
		k.TrustCerts, _ = strconv.ParseBool(v)
	case "fabric8oauthtoken", "oauthtoken", "token":
		k.Token = v
	case "fabric8cacertfile", "cacertfile":
		k.CACertFile = v
	case "kubeconfig":
		k.Kubeconfig = v
	case "context":
		k.Context = v
	case "limitsmemory":
		k.Limits.Memory = v
	case "limitscpu":
		k.Limits.CPU = v
	case "limitsgpucount":
		k.Limits.GPU = v
	case "requestsmemory":
		k.Requests.Memory = v
	case "requestscpu":
		k.Requests.CPU = v
	case "environmentvariables":
		k.EnvironmentVariables = v
	case "readinessprobedelay":
		k.ReadinessProbeDelay, _ = strconv.Atoi(v)
	case "livenessprobedelay":
		k.LivenessProbeDelay, _ = strconv.Atoi(v)
	case "imagepullpolicy":
		k.ImagePullPolicy = v
	case "imagepullsecret":
		k.ImagePullSecret = v
	case "deploymentserviceaccountname":
		k.ServiceAccountName = v
	case "entrypointstyle":
		k.EntryPointStyle = v
	case "createjob":
		k.CreateJob, _ = strconv.ParseBool(v)
	case "maximumconcurrenttasks":
		k.MaxConcurrentTasks, _ = strconv.Atoi(v)
	default:
		return false
	}
	return true
}

func (c *CloudFoundryConnection) set(key, v string) bool {
	switch key {
	case "url":
		c.URL = v
	case "domain":
		c.Domain = v
	case "org":
		c.Org = v
	case "space":
		c.Space = v
	case "username":
		c.Username = v
	case "password":
		c.Password = v
	case "clientid":
		c.ClientID = v
	case "clientsecret":
		c.ClientSecret = v
	case "skipsslvalidation":
		c.SkipSSLValidation, _ = strconv.ParseBool(v)
	default:
		return false
	}
	return true
}

func (d *CloudFoundryDeployment) set(key, v string) bool {
	switch key {
	case "memory":
		d.Memory = v
	case "disk":
		d.Disk = v
	case "instances":
		d.Instances, _ = strconv.Atoi(v)
	case "services":
		d.Services = v
	case "buildpacks", "buildpack":
		d.Buildpacks = v
	case "enablerandomappnameprefix":
		b, _ := strconv.ParseBool(v)
		d.EnableRandomAppNamePrefix = &b
	case "appnameprefix":
		d.AppNamePrefix = v
	case "deleteroutes":
		b, _ := strconv.ParseBool(v)
		d.DeleteRoutes = &b
	case "schedulerurl":
		d.SchedulerURL = v
	default:
		return false
	}
	return true
}
