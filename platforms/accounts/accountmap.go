package accounts

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/dataflow-cli/dataflow/platforms"
)

// accountTree is one account's properties, relative to its root: "limits.memory" = "2048Mi".
type accountTree struct {
	forTasks bool
	typ      platforms.AccountType
	name     string
	props    []property
	order    int
	bare     bool // found under a bare platform.<type>.accounts root
}

// accountRoots are where SCDF reads accounts from, as relaxed key segments; the type, then "accounts" and the
// account name follow.
var accountRoots = []struct {
	segments []string
	forTasks bool
	bare     bool
}{
	{segments: []string{"spring", "cloud", "skipper", "server", "platform"}},
	{segments: []string{"spring", "cloud", "dataflow", "task", "platform"}, forTasks: true},
	{segments: []string{"platform"}, bare: true},
}

// buildImport sorts flattened properties into accounts and feature switches. r says whose document it is, which
// decides where a bare platform.<type>.accounts tree goes.
func buildImport(props []property, r role) (*Imported, error) {
	trees := map[string]*accountTree{}
	im := &Imported{}
	for _, p := range props {
		segs := strings.Split(p.key, ".")
		if applyFeature(im, segs, p.value) {
			continue
		}
		if ok, err := applyMaven(im, segs, p.value); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		for _, root := range accountRoots {
			n := len(root.segments)
			if len(segs) < n+3 || !segmentsMatch(segs[:n], root.segments) || relaxed(segs[n+1]) != "accounts" {
				continue
			}
			typ, err := platforms.ParseAccountType(segs[n])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.key, err)
			}
			forTasks := root.forTasks
			if root.bare {
				// The seed's mixed Skipper manifest puts platform.kubernetes.accounts beside
				// spring.cloud.skipper.server rather than inside it, and lists the account as a Skipper
				// (stream) platform. We read such a tree as belonging to the server the document configures.
				forTasks = r == roleServer
			}
			name := segs[n+2]
			id := fmt.Sprintf("%t/%s", forTasks, name)
			t := trees[id]
			if t == nil {
				t = &accountTree{forTasks: forTasks, typ: typ, name: name, order: len(trees), bare: root.bare}
				trees[id] = t
			}
			if t.typ != typ {
				return nil, fmt.Errorf("account '%s' is configured both as %s and as %s", name, t.typ, typ)
			}
			if len(segs) > n+3 { // the account's own key (an empty map: every default) only makes it known
				t.props = append(t.props, property{key: strings.Join(segs[n+3:], "."), value: p.value})
			}
			break
		}
	}
	ordered := make([]*accountTree, 0, len(trees))
	for _, t := range trees {
		ordered = append(ordered, t)
	}
	sort.Slice(ordered, func(i, j int) bool { return ordered[i].order < ordered[j].order })
	if r != roleSkipper { // Skipper's own datasource is not where the tasks record
		td, warnings := importDatasource(props)
		im.TaskDatabase = td
		im.Warnings = append(im.Warnings, warnings...)
	}
	for _, t := range ordered {
		acc, warnings, err := t.account()
		if err != nil {
			return nil, err
		}
		if t.bare {
			owner := "spring.cloud.skipper.server (a stream account)"
			if t.forTasks {
				owner = "spring.cloud.dataflow.task (a task account)"
			}
			warnings = append(warnings, fmt.Sprintf("account '%s': platform.%s.accounts sits outside any server's tree; read it as %s, which SCDF itself would not do", t.name, t.typ, owner))
		}
		for _, field := range literalSecrets(acc) {
			warnings = append(warnings, fmt.Sprintf("account '%s': %s is stored as written; consider a ${ENV} reference instead", t.name, field))
		}
		im.Warnings = append(im.Warnings, warnings...)
		if t.forTasks {
			im.Tasks = append(im.Tasks, acc)
		} else {
			im.Streams = append(im.Streams, acc)
		}
	}
	for _, field := range mavenLiteralSecrets(im.Maven) {
		im.Warnings = append(im.Warnings, fmt.Sprintf("%s is stored as written; consider a ${ENV} reference instead", field))
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
	var target **bool
	switch relaxed(strings.Join(segs[4:], "")) {
	case "streamsenabled":
		target = &im.Features.Streams
	case "tasksenabled":
		target = &im.Features.Tasks
	case "schedulesenabled":
		target = &im.Features.Schedules
	default:
		return false
	}
	on, err := parseBool(strings.Join(segs, "."), value)
	if err != nil {
		im.Warnings = append(im.Warnings, err.Error()+"; ignored")
		return true
	}
	*target = &on
	return true
}

var listIndex = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.*)\[(\d+)\]$`) })

// joinLists folds key[0], key[1], ... of the properties SCDF binds as lists into one comma-joined property, at
// the place of the first element.
func (t *accountTree) joinLists() []property {
	var out []property
	at := map[string]int{}
	for _, p := range t.props {
		if m := listIndex().FindStringSubmatch(p.key); m != nil && listProperties[t.typ][squash(m[1])] {
			if i, ok := at[m[1]]; ok {
				out[i].value += "," + p.value
				continue
			}
			at[m[1]] = len(out)
			out = append(out, property{key: m[1], value: p.value})
			continue
		}
		out = append(out, p)
	}
	return out
}

// account maps one tree onto the typed account. Properties without a typed field are kept under their SCDF name
// (Kubernetes, CF deployment, local); unknown CF connection keys are reported, since SCDF ignores them too.
func (t *accountTree) account() (platforms.Account, []string, error) {
	acc := platforms.Account{Name: t.name, Type: t.typ}
	var warnings []string
	fail := func(err error) (platforms.Account, []string, error) {
		return platforms.Account{}, nil, fmt.Errorf("account '%s': %w", t.name, err)
	}
	keep := func(m *map[string]string, key, value string) {
		if *m == nil {
			*m = map[string]string{}
		}
		(*m)[key] = value
	}
	switch t.typ {
	case platforms.Kubernetes:
		k := &platforms.KubernetesAccount{}
		acc.Kubernetes = k
		for _, p := range t.joinLists() {
			known, err := setKubernetes(k, p.key, p.value)
			if err != nil {
				return fail(err)
			}
			if !known {
				keep(&k.Properties, canonicalName(platforms.Kubernetes, p.key), p.value)
			}
		}
	case platforms.CloudFoundry:
		cf := &platforms.CloudFoundryAccount{}
		acc.CloudFoundry = cf
		for _, p := range t.joinLists() {
			section, rest, _ := strings.Cut(p.key, ".")
			switch relaxed(section) {
			case "connection":
				known, err := setConnection(&cf.Connection, rest, p.value)
				if err != nil {
					return fail(err)
				}
				if !known {
					warnings = append(warnings, fmt.Sprintf("account '%s': ignored unknown property connection.%s (SCDF ignores it too)", t.name, rest))
				}
			case "deployment":
				// deployment.env.<VAR> are the account's environment variables (SCDF's env map): kept with
				// the variable's name as written, where the apps' settings read them.
				if name, ok := cutEnvKey(rest); ok {
					keep(&cf.Deployment.Properties, "env."+name, p.value)
					continue
				}
				known, err := setDeployment(&cf.Deployment, rest, p.value)
				if err != nil {
					return fail(err)
				}
				if !known {
					keep(&cf.Deployment.Properties, canonicalName(platforms.CloudFoundry, "deployment."+rest), p.value)
				}
			default:
				warnings = append(warnings, fmt.Sprintf("account '%s': ignored unknown property %s (a cloudfoundry account has connection.* and deployment.*)", t.name, p.key))
			}
		}
	case platforms.Local:
		l := &platforms.LocalAccount{}
		acc.Local = l
		for _, p := range t.joinLists() {
			known, err := setLocal(l, p.key, p.value)
			if err != nil {
				return fail(err)
			}
			if !known {
				keep(&l.Properties, canonicalName(platforms.Local, p.key), p.value)
			}
		}
	}
	return acc, warnings, nil
}

// cutEnvKey reads deployment.env.<VAR> (env.<VAR> here): the variable's name, as written.
func cutEnvKey(key string) (string, bool) {
	section, name, ok := strings.Cut(key, ".")
	if !ok || relaxed(section) != "env" || name == "" {
		return "", false
	}
	return name, true
}
