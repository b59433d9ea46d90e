package shell

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts with the output the shell gives now")

// A transcript is a shell session as the user sees it: lines starting with the prompt are typed, everything else
// is what the shell printed. Lines starting with "#!" set up the session: "#! env KEY=VALUE" sets an environment
// variable; "#! maven" serves a Maven repository of test apps ($MAVEN, $MAVENHOST its host:port) and points the configuration at it.
// $TESTDATA and $TMP in commands stand for the testdata directory and the session's temp directory.
func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "transcripts", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts found: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			t.Parallel()
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := replay(t, string(want))
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(want) {
				t.Errorf("transcript %s differs (run go test ./shell -run TestTranscripts -update to accept):\n%s", file, diffLines(string(want), got))
			}
		})
	}
}

// replay runs the typed lines of a transcript in a fresh store and returns the session as it happened.
func replay(t *testing.T, transcript string) string {
	t.Helper()
	testdata, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	s, out, env, tmp := newTestSessionWithEnv(t)
	ctx := context.Background()
	mavenURL, mavenHost := "$MAVEN", "$MAVENHOST" // until a "#! maven" line starts the repository
	for _, line := range strings.SplitAfter(transcript, "\n") {
		switch {
		case strings.TrimSpace(line) == "#! maven":
			mavenURL = startTranscriptRepo(t, tmp, s.factory.configPath()).URL()
			mavenHost = strings.TrimPrefix(mavenURL, "http://")
			out.WriteString(line)
		case strings.HasPrefix(line, "#! env "):
			k, v, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "#! env ")), "=")
			env[k] = strings.ReplaceAll(v, "$TMP", tmp)
			out.WriteString(line)
		case strings.HasPrefix(line, "#!") || strings.HasPrefix(line, "##"):
			out.WriteString(line)
		case strings.HasPrefix(line, Prompt):
			out.WriteString(line)
			cmd := strings.TrimSuffix(strings.TrimPrefix(line, Prompt), "\n")
			cmd = strings.NewReplacer("$TESTDATA", testdata, "$TMP", tmp, "$MAVENHOST", mavenHost, "$MAVEN", mavenURL).Replace(cmd)
			start := out.Len()
			if isBlankOrComment(cmd) {
				continue
			}
			if err := s.runTyped(ctx, cmd); err != nil {
				s.PrintError(err)
			}
			// Paths in the output are shown as the placeholders, so transcripts do not depend on the checkout.
			printed := strings.NewReplacer(testdata, "$TESTDATA", tmp, "$TMP", mavenURL, "$MAVEN", mavenHost, "$MAVENHOST").Replace(out.String()[start:])
			out.Truncate(start)
			out.WriteString(printed)
		}
	}
	return out.String()
}

// diffLines shows the first differing lines, which is what one needs to fix a transcript.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b bytes.Buffer
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl + "\n")
			if shown++; shown == 8 {
				break
			}
		}
	}
	return b.String()
}
