package accounts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// billionLaughs is nine lines whose aliases of aliases expand to 9^9 (387 million) values.
const billionLaughs = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`

const (
	refusedCycle  = "alias *a is inside the value &a it names, so it never ends: refused"
	refusedLaughs = "YAML aliases expand to more than 10000 values here (a 'billion laughs' document?): refused"
)

// Before these were refused, the 11 bytes `a: &a [*a]` took 22.9 GB of memory and never ended.
func TestImportRefusesAliasesThatNeverEnd(t *testing.T) {
	cases := []struct{ path, text, want string }{
		{"rec.yaml", "a: &a [*a]", "rec.yaml:1:8: " + refusedCycle},
		{"map.yaml", "spring:\n  a: &a\n    b: 1\n    c: *a\n", "map.yaml:4:8: " + refusedCycle},
		{"laughs.yaml", billionLaughs, "laughs.yaml:5:8: " + refusedLaughs},
		{"cm.yaml", "kind: ConfigMap\nmetadata: {name: skipper}\ndata:\n  application.yaml: |-\n    x: &a [*a]\n",
			"cm.yaml:5:12: invalid application.yaml: " + refusedCycle},
	}
	for _, c := range cases {
		_, err := ImportFile(c.path, []byte(c.text))
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.text, err, c.want)
		}
	}
}

func TestPropertiesFileRefusesAliasesThatNeverEnd(t *testing.T) {
	dir := t.TempDir()
	for name, want := range map[string]string{"rec.yaml": "rec.yaml:1:8: " + refusedCycle, "laughs.yml": "laughs.yml:5:8: " + refusedLaughs} {
		path := filepath.Join(dir, name)
		text := "a: &a [*a]"
		if strings.HasPrefix(name, "laughs") {
			text = billionLaughs
		}
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := ReadPropertiesFile(path)
		if err == nil || err.Error() != filepath.Join(dir, want) {
			t.Errorf("%s:\n got %v\nwant %s", name, err, filepath.Join(dir, want))
		}
	}
}

// Aliases that share a block, as people write them, still expand.
func TestSharedBlocksStillExpand(t *testing.T) {
	text := `spring.cloud.skipper.server.platform.kubernetes.accounts:
  base: &base {namespace: shared, imagePullPolicy: Always}
  one: *base
  two: *base
`
	im, err := ImportFile("skipper.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Streams) != 3 {
		t.Fatalf("accounts: %+v", im.Streams)
	}
	for _, a := range im.Streams {
		if a.Kubernetes == nil || a.Kubernetes.Namespace != "shared" || a.Kubernetes.ImagePullPolicy != "Always" {
			t.Errorf("%s: %+v", a.Name, a.Kubernetes)
		}
	}
}
