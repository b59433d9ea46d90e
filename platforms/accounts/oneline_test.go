package accounts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A value quoted into an error may hold a newline; the error stays one line, the newline shown as \n.
func TestConfigErrorsQuotingMultiLineValuesStayOneLine(t *testing.T) {
	cases := []struct{ body, want string }{
		{"streams:\n  - name: \"a\\nb\"\n    type: local\n",
			`config.yaml:2:5: stream account name 'a\nb' is invalid: use letters, digits, '-' and '_'`},
		{"streams:\n  - name: a\n    type: \"x\\ny\"\n",
			`config.yaml:3:5: stream account 'a': unknown platform type 'x\ny': use kubernetes, cloudfoundry or local`},
		// yaml.v3 quotes the value in its own error, over two lines.
		{"streams:\n  - name: a\n    type: local\n    local: {maximumConcurrentTasks: \"a\\nb\"}\n",
			`config.yaml:4:37: expected a whole number, got 'a\nb'`},
		{"streams:\n  - name: a\n    type: local\n    local:\n      maximumConcurrentTasks: |\n        a\n        b\n",
			`config.yaml:5:31: expected a whole number, got 'a\nb\n'`},
		{"tasks:\n  - name: k\n    type: kubernetes\n    kubernetes:\n      imagePullPolicy: \"\\e[2J\"\n",
			`config.yaml:5:7: task account 'k': imagePullPolicy '\x1b[2J' is invalid: use Always, IfNotPresent or Never`},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(path, []byte(c.body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadConfig(path)
		if err == nil || err.Error() != filepath.Join(filepath.Dir(path), c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.body, err, c.want)
		}
	}
}

func TestImportErrorsQuotingMultiLineValuesStayOneLine(t *testing.T) {
	text := "spring.cloud.dataflow.task.platform.cloudfoundry.accounts.cf.deployment.instances: \"two\\nthree\"\n"
	_, err := ImportFile("server.yaml", []byte(text))
	if want := `server.yaml: account 'cf': deployment.instances must be a whole number, got 'two\nthree'`; err == nil || err.Error() != want {
		t.Errorf("got %q\nwant %q", err, want)
	}
	im, err := ImportFile("skipper.yaml", []byte("spring.cloud.skipper.server.platform.cloudfoundry.accounts.cf.connection:\n  \"odd\\nkey\": 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range im.Warnings {
		if strings.ContainsAny(w, "\n\r") {
			t.Errorf("a warning over two lines: %q", w)
		}
	}
	if len(im.Warnings) == 0 {
		t.Error("an unknown property is warned about")
	}
}
