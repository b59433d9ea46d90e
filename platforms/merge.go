package platforms

// MergeReport names the accounts an import added or replaced.
type MergeReport struct {
	Streams  []string
	Tasks    []string
	Warnings []string
}

// Merge adds imported accounts, replacing any with the same name in the same list, and validates the result;
// on error the configuration is left as it was.
func (c *Config) Merge(im *Imported) (MergeReport, error) {
	next := Config{Features: c.Features, Streams: append([]Account(nil), c.Streams...), Tasks: append([]Account(nil), c.Tasks...)}
	var report MergeReport
	for _, a := range im.Streams {
		next.Streams = upsertAccount(next.Streams, a)
		report.Streams = append(report.Streams, a.Name)
	}
	for _, a := range im.Tasks {
		next.Tasks = upsertAccount(next.Tasks, a)
		report.Tasks = append(report.Tasks, a.Name)
	}
	if im.Features.Streams != nil {
		next.Features.Streams = im.Features.Streams
	}
	if im.Features.Tasks != nil {
		next.Features.Tasks = im.Features.Tasks
	}
	if im.Features.Schedules != nil {
		next.Features.Schedules = im.Features.Schedules
	}
	if err := next.Validate(); err != nil {
		return MergeReport{}, err
	}
	report.Warnings = im.Warnings
	*c = next
	return report, nil
}

func upsertAccount(list []Account, a Account) []Account {
	for i := range list {
		if list[i].Name == a.Name {
			list[i] = a
			return list
		}
	}
	return append(list, a)
}
