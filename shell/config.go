package shell

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

const groupConfig = "Config Commands"

// newDataflowCommand is SCDF's `dataflow config server|info`. dataflow has no server to target; the commands
// are there so that SCDF scripts, which start with `dataflow config server`, run unchanged, and so that `config
// info` shows what dataflow works on instead.
func newDataflowCommand(d *cmdDeps) *cobra.Command {
	return noun("dataflow", "Configure the shell (SCDF's server commands)",
		noun("config", "Configure the shell", newConfigServerCommand(d), newConfigInfoCommand(d)))
}

// serverOptions are `dataflow config server`'s options, accepted as SCDF takes them and otherwise unused.
type serverOptions struct {
	uri, username, password, clientRegistrationID, credentialsProviderCommand, proxyURI, proxyUsername, proxyPassword string
	skipSSLValidation                                                                                                 bool
}

func newConfigServerCommand(d *cmdDeps) *cobra.Command {
	o := &serverOptions{}
	cmd := leaf("server", "Accepted for SCDF scripts: dataflow needs no server", groupConfig, func(cmd *cobra.Command, args []string) error {
		if o.password != "" && o.username == "" {
			return usageErrorf("A password may be specified only together with a username")
		}
		fmt.Fprintf(d.IO.Out, "dataflow needs no server: commands work on the store and the platform accounts directly (%s is not contacted; 'dataflow config info' shows what is used)\n", redactURI(o.uri))
		return nil
	})
	f := cmd.Flags()
	f.StringVar(&o.uri, "uri", "http://localhost:9393/", "the SCDF server's location (accepted, not contacted)")
	f.StringVar(&o.username, "username", "", "the SCDF server's user (accepted, not used)")
	f.StringVar(&o.password, "password", "", "the SCDF server's password (accepted, not used, never recorded)")
	f.StringVar(&o.clientRegistrationID, "clientRegistrationId", "dataflow-shell", "the OAuth client registration (accepted, not used)")
	f.StringVar(&o.credentialsProviderCommand, "credentialsProviderCommand", "", "a command that prints a token (accepted, not run)")
	f.BoolVar(&o.skipSSLValidation, "skipSslValidation", false, "accepted, not used")
	f.StringVar(&o.proxyURI, "proxyUri", "", "accepted, not used")
	f.StringVar(&o.proxyUsername, "proxyUsername", "", "accepted, not used")
	f.StringVar(&o.proxyPassword, "proxyPassword", "", "accepted, not used, never recorded")
	positional(cmd, "uri")
	return cmd
}

// redactURI masks a password in a URI's user part.
func redactURI(uri string) string { return flow.RedactText(uri) }

// configInfoView is `dataflow config info -o json|yaml`.
type configInfoView struct {
	Version  string             `json:"version" yaml:"version"`
	Store    string             `json:"store" yaml:"store"`
	Config   string             `json:"config" yaml:"config"`
	Features map[string]bool    `json:"features" yaml:"features"`
	Streams  []flow.PlatformRow `json:"streamPlatforms" yaml:"streamPlatforms"`
	Tasks    []flow.PlatformRow `json:"taskPlatforms" yaml:"taskPlatforms"`
}

func newConfigInfoCommand(d *cmdDeps) *cobra.Command {
	cmd := leaf("info", "Show the store, the configuration and the accounts in use", groupConfig, nil)
	format := addOutputFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		accounts, err := d.Accounts()
		if err != nil {
			return err
		}
		v := configInfoView{Version: d.Version, Store: redactURI(d.dbPath()), Config: d.configPath(), Features: map[string]bool{},
			Streams: accounts.StreamPlatforms(), Tasks: accounts.TaskPlatforms()}
		if _, err := os.Stat(v.Config); err != nil {
			v.Config += " (none: the embedded local account)"
		}
		for _, feature := range []flow.Feature{flow.FeatureStreams, flow.FeatureTasks, flow.FeatureSchedules} {
			v.Features[string(feature)] = accounts.CheckFeature(feature, d.Getenv, d.configPath()) == nil
		}
		return d.printListing(*format, v, func() render.Table { return configInfoTable(v) })
	}
	return cmd
}

func configInfoTable(v configInfoView) render.Table {
	onOff := func(name string) string {
		return fmt.Sprintf("%s Enabled: %t", strings.ToUpper(name[:1])+name[1:], v.Features[name])
	}
	platforms := func(rows []flow.PlatformRow) string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Name+" ("+r.Type+")")
		}
		if len(out) == 0 {
			return "none"
		}
		return strings.Join(out, "\n")
	}
	return render.Table{Headers: []string{"Key ", "Value "}, Rows: [][]string{
		{"Target ", "none: dataflow works without a server"},
		{"Store ", v.Store},
		{"Configuration ", v.Config},
		{"Features ", strings.Join([]string{onOff("schedules"), onOff("streams"), onOff("tasks")}, "\n")},
		{"Versions ", "dataflow: " + v.Version},
		{"Stream Platforms ", platforms(v.Streams)},
		{"Task Platforms ", platforms(v.Tasks)},
	}}
}
