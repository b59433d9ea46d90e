package flow

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestErrorsReadAsSCDFAndMatchByCode(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", newError(CodeStreamBusy, "ticktock", 3, "Upgrade install underway"))
	if !errors.Is(err, ErrStreamBusy) || errors.Is(err, ErrStreamNotDeployed) {
		t.Fatalf("errors.Is: busy %v, not deployed %v", errors.Is(err, ErrStreamBusy), errors.Is(err, ErrStreamNotDeployed))
	}
	if want := "wrapped: Stream 'ticktock' is busy: release 3 (Upgrade install underway) is being run by another dataflow process; try again when it ends"; err.Error() != want {
		t.Fatalf("got %q", err)
	}
	if got := newError(CodeNothingToUpgrade).Error(); !strings.HasPrefix(got, "Package to upgrade has no difference") {
		t.Fatalf("a text without inserts: %q", got)
	}
	for code, m := range messages {
		if m.name == "" || m.text == "" || strings.Contains(m.text, "%s") || strings.Contains(m.text, "%d") {
			t.Errorf("code %d: every message has a name and a text with %%v inserts only: %+v", code, m)
		}
	}
}
