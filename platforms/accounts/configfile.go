// Package accounts is the platform account configuration: the accounts file (load, validate, save), the import
// of SCDF's own configuration files and variables, the accounts' platform-list descriptions, and the Spring
// property files that SCDF's files and --propertiesFile are written in. The accounts it yields are
// platforms.Account values; the platform implementations receive those and never import this package.
package accounts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/dataflow-cli/dataflow/internal/maven"
	"github.com/dataflow-cli/dataflow/platforms"
)

// Config is the accounts file. Streams and tasks have separate account lists, as SCDF keeps Skipper's and the
// server's apart; the same name (`default`) may appear in both.
type Config struct {
	Features Features `yaml:"features,omitempty"`
	// Maven is SCDF's maven.* settings: where maven:// apps are resolved from.
	Maven   maven.Config        `yaml:"maven,omitempty"`
	Streams []platforms.Account `yaml:"streams,omitempty"`
	Tasks   []platforms.Account `yaml:"tasks,omitempty"`
	// TaskDatabase is where task apps record their executions and batch jobs; none when nil.
	TaskDatabase *TaskDatabase `yaml:"taskDatabase,omitempty"`
}

// Features switch whole areas off, as SCDF's spring.cloud.dataflow.features.*-enabled do; nil means enabled.
type Features struct {
	Streams   *bool `yaml:"streams,omitempty"`
	Tasks     *bool `yaml:"tasks,omitempty"`
	Schedules *bool `yaml:"schedules,omitempty"`
}

// FeatureEnabled reads a feature switch; unset means on.
func FeatureEnabled(f *bool) bool { return f == nil || *f }

// DefaultLocalAccount serves streams and tasks when nothing is configured.
func DefaultLocalAccount() platforms.Account {
	return platforms.Account{Name: "default", Type: platforms.Local, Local: &platforms.LocalAccount{}}
}

// LoadConfig reads the accounts file; a missing file is the embedded default (one local account named
// `default` for streams and for tasks). Errors name the file, line and column.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Config{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the accounts file: %w", err)
	}
	return ParseConfig(path, data)
}

// ParseConfig decodes and validates the accounts file's text; path only names it in errors.
func ParseConfig(path string, data []byte) (_ *Config, err error) {
	defer func() { err = oneLine(err) }()
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(path, nil, blockText{firstLine: 1, text: string(data)}, err)
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(path, &root, wholeFile, err)
	}
	if err := c.Validate(); err != nil {
		return nil, positionedValidationError(path, &root, err)
	}
	return &c, nil
}

// positionedValidationError points a validation error at the account (or field) it is about.
func positionedValidationError(path string, root *yaml.Node, err error) error {
	var ae *accountError
	if !errors.As(err, &ae) || len(root.Content) == 0 {
		return fmt.Errorf("%s: %w", path, err)
	}
	list := mappingValue(root.Content[0], ae.list)
	if list == nil || list.Kind != yaml.SequenceNode || ae.index >= len(list.Content) {
		return fmt.Errorf("%s: %w", path, err)
	}
	at := list.Content[ae.index]
	if ae.field != "" {
		if n := findKey(at, ae.field); n != nil {
			at = n
		}
	}
	return fmt.Errorf("%s:%d:%d: %w", path, at.Line, at.Column, err)
}

// findKey finds the key node of a dotted path (cloudfoundry.connection.url) below n, or the deepest one present.
func findKey(n *yaml.Node, dotted string) *yaml.Node {
	var key *yaml.Node
	for _, seg := range splitDots(dotted) {
		if n == nil || n.Kind != yaml.MappingNode {
			return key
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				key, next = n.Content[i], n.Content[i+1]
			}
		}
		if next == nil {
			return key
		}
		n = next
	}
	return key
}

// configHeader opens every saved file, for whoever opens it in an editor.
const configHeader = "# dataflow platform accounts (docs/configuration.md). Secrets belong in ${ENV} references.\n"

// Save writes the file atomically with owner-only permissions: it may hold credentials or ${ENV} references to
// them, and a crash half-way must not leave a truncated file behind.
func (c *Config) Save(path string) error {
	if err := c.Validate(); err != nil {
		return oneLine(err)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	data := append([]byte(configHeader), buf.Bytes()...)
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".config-*.yaml")
	if err != nil {
		return fmt.Errorf("cannot write the accounts file: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // a no-op once renamed
	write := func() error {
		if err := tmp.Chmod(0o600); err != nil {
			return err
		}
		if _, err := tmp.Write(data); err != nil {
			return err
		}
		return tmp.Sync()
	}
	if err := write(); err != nil {
		_ = tmp.Close() // the write failed already; the file is removed
		return fmt.Errorf("cannot write the accounts file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write the accounts file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write the accounts file: %w", err)
	}
	return nil
}

// StreamAccounts are the accounts streams deploy to; with none configured, the local default.
func (c *Config) StreamAccounts() []platforms.Account {
	if len(c.Streams) == 0 {
		return []platforms.Account{DefaultLocalAccount()}
	}
	return c.Streams
}

// TaskAccounts are the accounts tasks launch on; with none configured, the local default.
func (c *Config) TaskAccounts() []platforms.Account {
	if len(c.Tasks) == 0 {
		return []platforms.Account{DefaultLocalAccount()}
	}
	return c.Tasks
}

// StreamAccount finds a stream account by name (the local default when no stream accounts are configured).
func (c *Config) StreamAccount(name string) (platforms.Account, bool) {
	return findAccount(c.StreamAccounts(), name)
}

// TaskAccount finds a task account by name (the local default when no task accounts are configured).
func (c *Config) TaskAccount(name string) (platforms.Account, bool) {
	return findAccount(c.TaskAccounts(), name)
}

func findAccount(list []platforms.Account, name string) (platforms.Account, bool) {
	for _, a := range list {
		if a.Name == name {
			return a, true
		}
	}
	return platforms.Account{}, false
}
