package flow

import (
	"errors"
	"slices"
	"testing"
)

// Apps whose platform names would be the same objects are refused before anything is sent, whether they belong
// to another stream's deployed release or to the same release.
func TestNameClashesAreRefusedBeforeAnyCall(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name             string
		first, firstDef  string // deployed first ("" for none)
		second, clashing string
	}{
		{"names that differ only in case", "", "", "TICK", "time | transform | log"},
		{"a stream and a label that join to the same name", "pair-x", "time | log", "pair", "time | x-log: log"},
		{"two labels of one stream", "", "", "twice", "time | Trans: transform | trans: transform | log"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t)
			e.deploy("tick", nil)
			running := e.p.runningIDs()
			if c.first != "" {
				if _, err := e.f.CreateStream(e.ctx, c.first, c.firstDef, ""); err != nil {
					t.Fatal(err)
				}
				e.deploy(c.first, nil)
				running = e.p.runningIDs()
			}
			if _, err := e.f.CreateStream(e.ctx, c.second, c.clashing, ""); err != nil {
				t.Fatal(err)
			}
			calls := len(e.p.callsOf(kDeploy))
			_, err := e.f.DeployStream(e.ctx, StreamDeployRequest{Name: c.second})
			if !errors.Is(err, ErrNameClash) {
				t.Fatalf("deploy %s: %v, want a name clash", c.second, err)
			}
			if n := len(e.p.callsOf(kDeploy)); n != calls {
				t.Fatalf("the refused deploy reached the platform (%d deploy calls)", n-calls)
			}
			if h := e.releases(c.second); h != "" {
				t.Fatalf("a refused deploy wrote its release: %s", h)
			}
			if got := e.p.runningIDs(); !slices.Equal(got, running) {
				t.Fatalf("running %v, want %v", got, running)
			}
		})
	}
	// Names that only look alike are not refused.
	e := newEngine(t)
	e.deploy("tick", nil)
	if _, err := e.f.CreateStream(e.ctx, "tick-x", "time | log", ""); err != nil {
		t.Fatal(err)
	}
	e.deploy("tick-x", nil)
}
