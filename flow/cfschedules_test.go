package flow

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Cloud Foundry names the scheduler job after the schedule as given (SCDF: at most 255 characters, case kept),
// takes the scheduler's own '?' form as SCDF users wrote it, and needs deployment.schedulerUrl.
func TestCloudFoundryScheduleRules(t *testing.T) {
	f, _, _ := scheduleFixture(t)
	ctx := context.Background()
	dir := t.TempDir()
	conn := "connection: {url: 'https://api.example.com', org: o, space: s, username: u, password: p}"
	config := "tasks:\n  - {name: cfsched, type: cloudfoundry, cloudfoundry: {" + conn + ", deployment: {schedulerUrl: 'https://scheduler.example.com'}}}\n" +
		"  - {name: cfplain, type: cloudfoundry, cloudfoundry: {" + conn + "}}\n"
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	accounts, err := LoadAccounts(cfgPath, func(string) string { return "" }, dir)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recordingScheduler{}
	built := 0
	withAccounts(f, accounts, map[platforms.AccountType]platforms.Driver{platforms.CloudFoundry: testDriver{schedules: rec, built: &built,
		traitsOf: func(acc platforms.Account) platforms.Traits {
			t := platforms.Traits{Cron: platforms.CronQuartzOrStandard, ScheduleNames: platforms.ScheduleNamesAsGiven}
			if acc.Name == "cfplain" {
				t.NoSchedules = errors.New("Task platform 'cfplain' is a Cloud Foundry account without deployment.schedulerUrl: set it")
			}
			return t
		}}})

	// The only account that can schedule is picked without --platform.
	if acc, err := f.scheduleAccount(""); err != nil || acc.Name != "cfsched" {
		t.Fatalf("picked %s, %v", acc.Name, err)
	}
	for _, req := range []ScheduleRequest{
		{Name: "Nightly_Run", DefinitionName: "ts", Expression: "0 2 * * *"},
		{Name: "quartz", DefinitionName: "ts", Expression: "*/1 * ? * *"},
		{Name: strings.Repeat("x", 255), DefinitionName: "ts", Expression: "@daily"},
	} {
		if name, err := f.CreateSchedule(ctx, req); err != nil || name != req.Name {
			t.Fatalf("%s: %q, %v", req.Name, name, err)
		}
	}
	if len(rec.created) != 3 || rec.created[0].Name != "Nightly_Run" || rec.created[1].Expression != "*/1 * ? * *" || built != 1 {
		t.Fatalf("created %+v (built %d)", rec.created, built)
	}
	for _, c := range []struct {
		req  ScheduleRequest
		want string
	}{
		{ScheduleRequest{Name: strings.Repeat("x", 256), DefinitionName: "ts", Expression: "@daily"}, "maximum schedule name length of 255"},
		{ScheduleRequest{Name: "bad\tname", DefinitionName: "ts", Expression: "@daily"}, "control characters"},
		{ScheduleRequest{Name: "q6", DefinitionName: "ts", Expression: "0 */1 * ? * *"}, "it has 6 fields"},
		{ScheduleRequest{Name: "plain", DefinitionName: "ts", Expression: "@daily", Platform: "cfplain"}, "without deployment.schedulerUrl: set it"},
	} {
		_, err := f.CreateSchedule(ctx, c.req)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%.30s: %v, want one line with %q", c.req.Name, err, c.want)
		}
	}
	if len(rec.created) != 3 {
		t.Fatalf("refused requests reached the platform: %+v", rec.created[3:])
	}
	// The scheduler of an account without schedulerUrl is refused the same way, whoever asks.
	acc, _ := accounts.TaskAccount("cfplain")
	if _, err := f.scheduler(acc); err == nil || !strings.Contains(err.Error(), "schedulerUrl") {
		t.Fatalf("scheduler: %v", err)
	}
}
