package shell

import (
	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
)

// featureNoun is a noun whose commands are all switched off with their feature.
func featureNoun(feature flow.Feature, use, short string, children ...*cobra.Command) *cobra.Command {
	c := noun(use, short, children...)
	c.Annotations = map[string]string{annotFeature: string(feature)}
	return c
}

// checkFeature refuses a command whose feature is switched off, saying where it was switched off. Every
// feature on the way counts, the outer first: `task schedule` needs tasks and schedules.
func (d *cmdDeps) checkFeature(cmd *cobra.Command) error {
	var features []string
	for c := cmd; c != nil; c = c.Parent() {
		if feature := c.Annotations[annotFeature]; feature != "" {
			features = append([]string{feature}, features...)
		}
	}
	for _, feature := range features {
		accounts, err := d.Accounts()
		if err != nil {
			return err
		}
		if err := accounts.CheckFeature(flow.Feature(feature), d.Getenv, d.configPath()); err != nil {
			return err
		}
	}
	return nil
}
