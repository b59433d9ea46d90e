package flow

import (
	"github.com/dataflow-cli/dataflow/platforms"
	"github.com/dataflow-cli/dataflow/platforms/accounts"
)

// Accounts is the platform account configuration as the commands use it: listing and importing.
type Accounts struct {
	path   string
	config *accounts.Config
	env    platforms.Environment
}

// PlatformRow is one line of `stream platform-list` / `task platform-list`.
type PlatformRow struct {
	Name        string `json:"name" yaml:"name"`
	Type        string `json:"type" yaml:"type"`
	Description string `json:"description" yaml:"description"`
}

// ImportReport says which accounts an import brought in and where they were saved.
type ImportReport struct {
	Source  string
	Streams []string
	Tasks   []string
	// TaskDatabase is the JDBC URL of the task database the import set, "" when it set none.
	TaskDatabase string
	Warnings     []string
	ConfigPath   string
	// Maven says whether the source had maven.* settings (where maven:// apps resolve from).
	Maven             bool
	MavenRepositories []string
}

// LoadAccounts reads the configuration file; a missing file means the embedded local account.
func LoadAccounts(path string, getenv func(string) string, dataDir string) (*Accounts, error) {
	cfg, err := accounts.LoadConfig(path)
	if err != nil {
		return nil, err
	}
	return &Accounts{path: path, config: cfg, env: platforms.SystemEnvironment(getenv, dataDir)}, nil
}

// Environment is what account descriptions and platform clients read (variables, files, the data directory).
func (a *Accounts) Environment() platforms.Environment { return a.env }

// Config is the loaded configuration.
func (a *Accounts) Config() *accounts.Config { return a.config }

// StreamPlatforms are the accounts streams deploy to, with the type spelled as Skipper spells it.
func (a *Accounts) StreamPlatforms() []PlatformRow {
	var rows []PlatformRow
	for _, acc := range a.config.StreamAccounts() {
		rows = append(rows, PlatformRow{Name: acc.Name, Type: acc.Type.StreamTypeName(), Description: accounts.Describe(acc, a.env)})
	}
	return rows
}

// TaskPlatforms are the accounts tasks launch on, with the type spelled as the SCDF server spells it.
func (a *Accounts) TaskPlatforms() []PlatformRow {
	var rows []PlatformRow
	for _, acc := range a.config.TaskAccounts() {
		rows = append(rows, PlatformRow{Name: acc.Name, Type: acc.Type.TaskTypeName(), Description: accounts.Describe(acc, a.env)})
	}
	return rows
}

// ImportFile merges the accounts found in an SCDF configuration file and saves the configuration.
func (a *Accounts) ImportFile(path string, data []byte) (ImportReport, error) {
	im, err := accounts.ImportFile(path, data)
	if err != nil {
		return ImportReport{}, err
	}
	return a.merge(path, im)
}

// ImportEnvironment merges the accounts found in SCDF's environment variables and saves the configuration.
func (a *Accounts) ImportEnvironment(environ []string) (ImportReport, error) {
	im, err := accounts.ImportEnv(environ)
	if err != nil {
		return ImportReport{}, err
	}
	return a.merge("the environment", im)
}

func (a *Accounts) merge(source string, im *accounts.Imported) (ImportReport, error) {
	report, err := a.config.Merge(im)
	if err != nil {
		return ImportReport{}, err
	}
	if err := a.config.Save(a.path); err != nil {
		return ImportReport{}, err
	}
	return ImportReport{Source: source, Streams: report.Streams, Tasks: report.Tasks, TaskDatabase: report.TaskDatabase, Warnings: report.Warnings,
		ConfigPath: a.path, Maven: report.Maven, MavenRepositories: report.MavenRepositories}, nil
}
