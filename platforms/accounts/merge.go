package accounts

import (
	"sort"

	"github.com/dataflow-cli/dataflow/platforms"
)

// MergeReport names the accounts an import added or replaced, and what the user should know about them (never
// a secret's value).
type MergeReport struct {
	Streams         []string // every imported stream account, in order
	Tasks           []string // every imported task account, in order
	ReplacedStreams []string // those that replaced an account of the same name
	ReplacedTasks   []string
	// TaskDatabase says the import set the task database (its address, never the password).
	TaskDatabase string
	// Maven says whether maven.* settings were imported; MavenRepositories names their remote repositories.
	Maven             bool
	MavenRepositories []string
	Warnings          []string
}

// Merge adds imported accounts, replacing any with the same name in the same list where it stood, and
// validates the result; on error the configuration is left as it was.
func (c *Config) Merge(im *Imported) (MergeReport, error) {
	next := Config{Features: overlayFeatures(c.Features, im.Features), Maven: overlayMaven(c.Maven, im.Maven),
		Streams: append([]platforms.Account(nil), c.Streams...), Tasks: append([]platforms.Account(nil), c.Tasks...), TaskDatabase: c.TaskDatabase}
	var report MergeReport
	var replaced bool
	for _, a := range im.Streams {
		if next.Streams, replaced = upsertAccount(next.Streams, a); replaced {
			report.ReplacedStreams = append(report.ReplacedStreams, a.Name)
		}
		report.Streams = append(report.Streams, a.Name)
	}
	for _, a := range im.Tasks {
		if next.Tasks, replaced = upsertAccount(next.Tasks, a); replaced {
			report.ReplacedTasks = append(report.ReplacedTasks, a.Name)
		}
		report.Tasks = append(report.Tasks, a.Name)
	}
	if im.TaskDatabase != nil {
		next.TaskDatabase = im.TaskDatabase
		report.TaskDatabase = im.TaskDatabase.URL
	}
	if err := next.Validate(); err != nil {
		return MergeReport{}, oneLine(err)
	}
	report.Warnings = im.Warnings
	if im.Maven != nil {
		report.Maven = true
		for n := range im.Maven.RemoteRepositories {
			report.MavenRepositories = append(report.MavenRepositories, n)
		}
		sort.Strings(report.MavenRepositories)
	}
	*c = next
	return report, nil
}

func upsertAccount(list []platforms.Account, a platforms.Account) ([]platforms.Account, bool) {
	for i := range list {
		if list[i].Name == a.Name {
			list[i] = a
			return list, true
		}
	}
	return append(list, a), false
}
