package cloudfoundry

import (
	"fmt"
	"strconv"
	"strings"
)

// The PCF Scheduler reads 5 fields with Quartz rules (minute hour day-of-month month day-of-week): one of the
// two day fields must be '?', and days of the week count 1 (SUN) to 7 (SAT). SCDF passed the user's text
// through, so users had to write Quartz ('*/1 * ? * *'). dataflow takes the standard 5-field cron on every
// platform (flow checked it) and converts it here; an expression already in the scheduler's form (it has a
// '?') is passed through unchanged, as SCDF did.

var macroFields = map[string]string{
	"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
	"@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
}

// schedulerCron converts a checked standard cron expression to the scheduler's.
func schedulerCron(expr string) (string, error) {
	e := strings.TrimSpace(expr)
	if m, ok := macroFields[strings.ToLower(e)]; ok {
		e = m
	}
	f := strings.Fields(e)
	if len(f) != 5 {
		return "", fmt.Errorf("Invalid cron expression '%s': the Cloud Foundry scheduler takes 5 fields: minute hour day-of-month month day-of-week", expr)
	}
	if strings.Contains(e, "?") {
		if (f[2] == "?") == (f[4] == "?") {
			return "", fmt.Errorf("Invalid cron expression '%s': in the scheduler's form exactly one of day-of-month and day-of-week is '?'", expr)
		}
		return strings.Join(f, " "), nil
	}
	switch {
	case f[4] == "*":
		f[4] = "?"
	case f[2] == "*":
		f[2] = "?"
		dow, err := quartzWeekdays(f[4])
		if err != nil {
			return "", fmt.Errorf("Invalid cron expression '%s': %v", expr, err)
		}
		f[4] = dow
	default:
		// Standard cron runs when either day matches; Quartz cannot say that.
		return "", fmt.Errorf("Invalid cron expression '%s': the Cloud Foundry scheduler cannot restrict both the day of month and the day of week: make one of them '*'", expr)
	}
	return strings.Join(f, " "), nil
}

// quartzWeekdays shifts day-of-week numbers from cron's 0-6 (SUN=0) to Quartz's 1-7 (SUN=1); names and steps
// stay as they are.
func quartzWeekdays(field string) (string, error) {
	parts := strings.Split(field, ",")
	for i, part := range parts {
		rng, step, hasStep := strings.Cut(part, "/")
		bounds := strings.Split(rng, "-")
		for j, b := range bounds {
			if b == "*" {
				continue
			}
			n, err := strconv.Atoi(b)
			if err != nil {
				continue // a name (MON), the same in both
			}
			if n < 0 || n > 6 {
				return "", fmt.Errorf("the day of week %d is out of range 0-6", n)
			}
			bounds[j] = strconv.Itoa(n + 1)
		}
		parts[i] = strings.Join(bounds, "-")
		if hasStep {
			parts[i] += "/" + step
		}
	}
	return strings.Join(parts, ","), nil
}
