package shell

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dataflow-cli/dataflow/internal/testdb"
	"github.com/dataflow-cli/dataflow/taskdb"
)

// TestMain runs the tests with throwaway database servers, and the local time zone UTC: times the apps write in
// the task database are local wall-clock times, which the transcripts show.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(testdb.Main(m))
}

var update = flag.Bool("update", false, "rewrite the golden transcripts with the output the shell gives now")

// A transcript is a shell session as the user sees it: lines starting with the prompt are typed, everything else
// is what the shell printed. Lines starting with "#!" set up the session: "#! env KEY=VALUE" sets an environment
// variable; "#! taskdb postgresql" (or mariadb) configures a task database on a throwaway server, and "#! sql
// <statement>" runs SQL there, as an app would have written it. $TESTDATA and $TMP in commands stand for the
// testdata directory and the session's temp directory; $TASKDB for the task database's host:port/database.
// "#! maven" serves a Maven repository of test apps ($MAVEN, $MAVENHOST its host:port) and points the configuration
// at it.
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
	var db *testdb.Database
	placeholders := []string{testdata, "$TESTDATA", tmp, "$TMP"}
	mavenURL, mavenHost := "$MAVEN", "$MAVENHOST" // until a "#! maven" line starts the repository
	for _, line := range strings.SplitAfter(transcript, "\n") {
		switch {
		case strings.TrimSpace(line) == "#! maven":
			mavenURL = startTranscriptRepo(t, tmp, s.factory.configPath()).URL()
			mavenHost = strings.TrimPrefix(mavenURL, "http://")
			placeholders = append(placeholders, mavenURL, "$MAVEN", mavenHost, "$MAVENHOST")
			out.WriteString(line)
		case strings.HasPrefix(line, "#! taskdb "):
			db = transcriptTaskDB(t, strings.TrimSpace(strings.TrimPrefix(line, "#! taskdb ")), tmp, env)
			placeholders = append(placeholders, fmt.Sprintf("%s:%d/%s", db.Server.Host, db.Server.Port, db.Name), "$TASKDB")
			out.WriteString(line)
		case strings.HasPrefix(line, "#! sql "):
			if db == nil {
				t.Fatalf("'#! sql' before '#! taskdb'")
			}
			db.Exec(t, strings.TrimSpace(strings.TrimPrefix(line, "#! sql ")))
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
			printed := strings.NewReplacer(placeholders...).Replace(out.String()[start:])
			out.Truncate(start)
			out.WriteString(printed)
		}
	}
	return out.String()
}

// transcriptTaskDB starts a database on a throwaway server and configures it as the session's task database,
// creating its tables as the first command would.
func transcriptTaskDB(t testing.TB, engine, tmp string, env map[string]string) *testdb.Database {
	t.Helper()
	var db *testdb.Database
	switch engine {
	case "postgresql":
		db = testdb.Postgres(t)
	case "mariadb":
		db = testdb.MariaDB(t)
	default:
		t.Fatalf("unknown engine %q", engine)
	}
	env["TASKDB_PASSWORD"] = db.Server.Password
	cfg := fmt.Sprintf("taskDatabase:\n  url: %s\n  username: %s\n  password: ${TASKDB_PASSWORD}\n", db.JDBCURL(), db.Server.User)
	if err := os.WriteFile(filepath.Join(tmp, "config.yaml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := taskdb.Open(context.Background(), taskdb.Options{URL: db.JDBCURL(), Username: db.Server.User, Password: db.Server.Password})
	if err != nil {
		t.Fatal(err)
	}
	_ = d.Close()
	return db
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
