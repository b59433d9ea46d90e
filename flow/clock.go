package flow

import "time"

// Clock is the time as flow reads it: release timestamps, the wait for a new release to become healthy, the
// polls of a composed task's steps. Tests drive a fake one instead of sleeping.
type Clock interface {
	Now() time.Time
	// After fires once d has passed.
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the machine's clock.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// ClockAt is the machine's clock for waits, with now telling the time records carry (tests fix it so
// transcripts are stable).
func ClockAt(now func() time.Time) Clock {
	if now == nil {
		return systemClock{}
	}
	return fixedNowClock{now}
}

type fixedNowClock struct{ now func() time.Time }

func (c fixedNowClock) Now() time.Time                       { return c.now() }
func (fixedNowClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
