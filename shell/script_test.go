package shell

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A script saved with a UTF-8 byte order mark (as editors on Windows save it) runs from its first line; a mark
// anywhere else is part of the text.
func TestScriptWithByteOrderMark(t *testing.T) {
	s, out, _, tmp := newTestSessionWithEnv(t)
	path := filepath.Join(tmp, "bom.dfs")
	script := "\ufeffapp register --name time --type source --uri docker:org/time:1.0.0\napp list\n"
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.RunFile(context.Background(), path, true); err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if !strings.Contains(out.String(), "Successfully registered application 'source:time") {
		t.Fatalf("output: %s", out)
	}
	lines, err := readScript(path)
	if err != nil || len(lines) != 2 || strings.HasPrefix(lines[0].text, "\ufeff") {
		t.Fatalf("lines %+v %v", lines, err)
	}
	if err := os.WriteFile(path, []byte("app list\n\ufeffapp list\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = s.RunFile(context.Background(), path, true)
	if err == nil || !strings.HasPrefix(err.Error(), path+":2: No command found") {
		t.Fatalf("a mark inside the script: %v", err)
	}
}
