package flow

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/robfig/cron/v3"

	"github.com/dataflow-cli/dataflow/platforms"
)

// Kubernetes CronJobs take the standard 5-field cron (minute hour day-of-month month day-of-week) or one of the
// @ macros. SCDF passed the expression through and the API server refused Quartz-style input late and obscurely
// (spring-cloud-dataflow-server-kubernetes#350); here it is checked before any call, with one line saying why.

// cronField is one position of a 5-field expression: its name, its range and the names it may use.
type cronField struct {
	name     string
	min, max int
	names    []string // names[i] stands for min+i
}

var cronFields = []cronField{
	{name: "minute", min: 0, max: 59},
	{name: "hour", min: 0, max: 23},
	{name: "day of month", min: 1, max: 31},
	{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day of week", min: 0, max: 6, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
}

var cronMacros = map[string]bool{"@yearly": true, "@annually": true, "@monthly": true, "@weekly": true, "@daily": true, "@midnight": true, "@hourly": true}

// cronFieldsHelp says what a standard cron expression is.
const cronFieldsHelp = "5 fields: minute hour day-of-month month day-of-week, e.g. '*/5 * * * *'"

// ValidateKubernetesCron checks a cron expression the way the API server will: the friendly checks first (a
// Quartz expression, a field out of range, each said in words), then robfig/cron's standard parser, which the
// API server validates CronJob schedules with. It takes "@every 5m", and its macros are lowercase only.
func ValidateKubernetesCron(expr string) error {
	e := strings.TrimSpace(expr)
	if !strings.HasPrefix(e, "@every ") {
		if err := validateStandardCron(expr, "Kubernetes"); err != nil {
			return err
		}
	}
	if _, err := cron.ParseStandard(e); err != nil {
		if strings.HasPrefix(e, "@every ") {
			return fmt.Errorf("Invalid cron expression '%s': @every takes a duration such as 30s, 5m or 1h30m", expr)
		}
		if strings.HasPrefix(e, "@") && cronMacros[strings.ToLower(e)] {
			return fmt.Errorf("Invalid cron expression '%s': Kubernetes takes its macros in lowercase ('%s')", expr, strings.ToLower(e))
		}
		return fmt.Errorf("Invalid cron expression '%s': %v; Kubernetes takes %s", expr, err, cronFieldsHelp)
	}
	return nil
}

// validateStandardCron checks a standard 5-field cron expression for a platform that reads it (Kubernetes) or
// gets it converted (the Cloud Foundry scheduler); reader names it in the messages.
func validateStandardCron(expr, reader string) error {
	cronHelp := reader + " takes " + cronFieldsHelp
	e := strings.TrimSpace(expr)
	if e == "" {
		return fmt.Errorf("The cron expression is empty: %s", cronHelp)
	}
	if strings.HasPrefix(e, "@") {
		if !cronMacros[strings.ToLower(e)] {
			return fmt.Errorf("Invalid cron expression '%s': unknown macro (use @yearly, @monthly, @weekly, @daily or @hourly, or %s)", expr, cronFieldsHelp)
		}
		return nil
	}
	if strings.HasPrefix(e, "TZ=") || strings.HasPrefix(e, "CRON_TZ=") {
		return fmt.Errorf("Invalid cron expression '%s': %s does not take a time zone in the schedule (set it with the schedule's timeZone)", expr, reader)
	}
	fields := strings.Fields(e)
	quartzy := strings.ContainsAny(e, "?#") || len(fields) == 6 || len(fields) == 7
	if quartzy {
		return fmt.Errorf("Invalid cron expression '%s': this is a Quartz expression (%s); %s", expr, quartzTraits(fields), cronHelp)
	}
	if len(fields) != 5 {
		return fmt.Errorf("Invalid cron expression '%s': it has %d fields; %s", expr, len(fields), cronHelp)
	}
	for i, f := range fields {
		if err := cronFields[i].check(f); err != nil {
			return fmt.Errorf("Invalid cron expression '%s': %s; %s", expr, err, cronHelp)
		}
	}
	return nil
}

// quartzTraits says what gave a Quartz expression away, so the user sees what to remove.
func quartzTraits(fields []string) string {
	var traits []string
	if len(fields) == 6 || len(fields) == 7 {
		traits = append(traits, fmt.Sprintf("%d fields, starting with seconds", len(fields)))
	}
	joined := strings.Join(fields, " ")
	if strings.Contains(joined, "?") {
		traits = append(traits, "'?'")
	}
	if strings.Contains(joined, "#") {
		traits = append(traits, "'#'")
	}
	return strings.Join(traits, ", ")
}

// check reads one field: a comma list of *, a value or a range, each with an optional /step.
func (c cronField) check(field string) error {
	for _, part := range strings.Split(field, ",") {
		rng, step, hasStep := strings.Cut(part, "/")
		if hasStep {
			n, err := strconv.Atoi(step)
			if err != nil || n < 1 {
				return fmt.Errorf("the %s step '%s' is not a positive number", c.name, step)
			}
		}
		if rng == "*" {
			continue
		}
		lo, hi, isRange := strings.Cut(rng, "-")
		from, err := c.value(lo)
		if err != nil {
			return err
		}
		if !isRange {
			continue
		}
		to, err := c.value(hi)
		if err != nil {
			return err
		}
		if to < from {
			return fmt.Errorf("the %s range '%s' goes backwards", c.name, rng)
		}
	}
	return nil
}

func (c cronField) value(s string) (int, error) {
	for i, n := range c.names {
		if strings.EqualFold(s, n) {
			return c.min + i, nil
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		if strings.ContainsAny(s, "LW") && (c.name == "day of month" || c.name == "day of week") {
			return 0, fmt.Errorf("'%s' in the %s is Quartz syntax (L, W)", s, c.name)
		}
		return 0, fmt.Errorf("'%s' is not a valid %s", s, c.name)
	}
	if n < c.min || n > c.max {
		return 0, fmt.Errorf("the %s %d is out of range %d-%d", c.name, n, c.min, c.max)
	}
	return n, nil
}

// validateCron checks an expression for the account's platform. Cloud Foundry's scheduler reads Quartz rules,
// which SCDF users wrote directly ('*/1 * ? * *'): an expression with a '?' is taken in that form, 5 fields, and
// the platform checks the rest; any other is the standard cron, checked here and converted by the platform.
func validateCron(dialect platforms.CronDialect, expr string) error {
	if dialect == platforms.CronQuartzOrStandard && strings.Contains(expr, "?") {
		if n := len(strings.Fields(expr)); n != 5 {
			return fmt.Errorf("Invalid cron expression '%s': it has %d fields; the Cloud Foundry scheduler takes 5: minute hour day-of-month month day-of-week", expr, n)
		}
		return nil
	}
	if dialect == platforms.CronQuartzOrStandard {
		return validateStandardCron(expr, "the Cloud Foundry scheduler")
	}
	return ValidateKubernetesCron(expr)
}
