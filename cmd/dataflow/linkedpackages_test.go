package main

import (
	"debug/elf"
	"testing"
)

// Code that must not be linked into dataflow, and why. Go runs the init of everything linked at every start,
// and some code costs more than itself: text/template's execution calls methods by name through reflection,
// which makes the linker keep every exported method of every reachable type, client-go's API types'
// SwaggerDoc methods and the maps they read, with their init: 9% of `dataflow version`'s instructions when
// cobra's --version template was used. `testing` and net/http/httptest came in with go-cfclient's test runner
// (see third_party/go-cfclient).
func TestLinksNoCostlyCode(t *testing.T) {
	f, err := elf.Open(binary)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	unwanted := map[string]string{
		"text/template.(*Template).Execute":       "text/template's execution",
		"k8s.io/api/core/v1.(*Pod).SwaggerDoc":    "every method of the API types",
		"testing.(*T).Run":                        "the testing package",
		"net/http/httptest.NewServer":             "net/http/httptest",
		"github.com/stretchr/testify/require.New": "testify",
	}
	mainFound := false
	for _, s := range syms {
		if what, ok := unwanted[s.Name]; ok {
			t.Errorf("%s is linked into dataflow (%s)", what, s.Name)
		}
		mainFound = mainFound || s.Name == "main.main"
	}
	if !mainFound {
		t.Fatal("the symbols read are not dataflow's: no main.main")
	}
}
