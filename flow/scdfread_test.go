package flow

import (
	"encoding/json"
	"maps"
	"testing"
)

// SCDF's shapes that vary between 2.x versions: deployment properties as JSON text or as an object, the boot
// version as "2"/"3" or as the enum constant, the cron expression under the scheduler's or the deployer's key.
func TestSCDFShapes(t *testing.T) {
	for raw, want := range map[string]map[string]string{
		`"{\"deployer.log.count\":\"2\"}"`: {"deployer.log.count": "2"},
		`{"deployer.log.count":"2"}`:       {"deployer.log.count": "2"},
		`""`:                               nil,
		`null`:                             nil,
	} {
		got, err := deploymentPropertiesOf(json.RawMessage(raw))
		if err != nil || !maps.Equal(got, want) {
			t.Errorf("deploymentPropertiesOf(%s) = %v, %v", raw, got, err)
		}
	}
	if _, err := deploymentPropertiesOf(json.RawMessage(`["x"]`)); err == nil {
		t.Error("a list taken for deployment properties")
	}
	for raw, want := range map[string]string{`"2"`: "2", `"3"`: "3", `"BOOT3"`: "3", `null`: "", `3`: "3"} {
		if got := bootVersionOf(json.RawMessage(raw)); got != want {
			t.Errorf("bootVersionOf(%s) = %q, want %q", raw, got, want)
		}
	}
	s := SCDFSchedule{Name: "n", TaskName: "t", Properties: map[string]string{"spring.cloud.deployer.cron.expression": "*/5 * * * *"}}
	if s.Cron() != "*/5 * * * *" || scheduleCommand(s) != "task schedule create --name n --definitionName t --expression '*/5 * * * *'" {
		t.Errorf("deployer-keyed cron: %q", scheduleCommand(s))
	}
	if got := scheduleCommand(SCDFSchedule{Name: "n", TaskName: "t"}); got != "SCDF lists no cron expression for it (task t)" {
		t.Errorf("no cron: %q", got)
	}
}
