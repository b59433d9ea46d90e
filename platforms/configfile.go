package platforms

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"

	"gopkg.in/yaml.v3"
)

// Config is the accounts file. Streams and tasks have separate account lists, as SCDF keeps Skipper's and the
// server's apart; the same name (`default`) may appear in both.
type Config struct {
	Features Features  `yaml:"features,omitempty"`
	Streams  []Account `yaml:"streams,omitempty"`
	Tasks    []Account `yaml:"tasks,omitempty"`
}

// Features switch whole areas off, as SCDF's spring.cloud.dataflow.features.* do; nil means enabled.
type Features struct {
	Streams   *bool `yaml:"streams,omitempty"`
	Tasks     *bool `yaml:"tasks,omitempty"`
	Schedules *bool `yaml:"schedules,omitempty"`
}

// DefaultLocalAccount serves streams and tasks when nothing is configured.
func DefaultLocalAccount() Account {
	return Account{Name: "default", Type: Local, Local: &LocalAccount{}}
}

// LoadConfig reads the accounts file; a missing file is the embedded default (one local account).
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Config{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the accounts file: %w", err)
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %s", path, yamlErrorText(err))
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &c, nil
}

// yamlLine finds "line N:" in yaml.v3's messages so the error reads path:N: ...
var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: (?:unmarshal errors:\n\s*)?line (\d+): `) })

func yamlErrorText(err error) string {
	msg := err.Error()
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return fmt.Sprintf("line %d: %s", n, msg[len(m[0]):])
	}
	return msg
}

// Save writes the file atomically with owner-only permissions (it may hold ${ENV} references to secrets).
func (c *Config) Save(path string) error {
	if err := c.Validate(); err != nil {
		return err
	}
	data, err := yaml.Marshal(c)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("cannot create %s: %w", filepath.Dir(path), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.yaml")
	if err != nil {
		return fmt.Errorf("cannot write the accounts file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// StreamAccounts are the accounts streams deploy to; with none configured, the local default.
func (c *Config) StreamAccounts() []Account {
	if len(c.Streams) == 0 {
		return []Account{DefaultLocalAccount()}
	}
	return c.Streams
}

// TaskAccounts are the accounts tasks launch on; with none configured, the local default.
func (c *Config) TaskAccounts() []Account {
	if len(c.Tasks) == 0 {
		return []Account{DefaultLocalAccount()}
	}
	return c.Tasks
}

// Validate checks names, types and that each account carries the block for its type.
func (c *Config) Validate() error {
	for _, list := range []struct {
		what     string
		accounts []Account
	}{{"stream", c.Streams}, {"task", c.Tasks}} {
		seen := map[string]AccountType{}
		for i, a := range list.accounts {
			if a.Name == "" {
				return fmt.Errorf("%s account #%d has no name", list.what, i+1)
			}
			if !validAccountName().MatchString(a.Name) {
				return fmt.Errorf("%s account name '%s' is invalid: use letters, digits, '-' and '_'", list.what, a.Name)
			}
			if t, dup := seen[a.Name]; dup {
				return fmt.Errorf("%s account '%s' is defined twice (as %s and as %s): account names are unique across types", list.what, a.Name, t, a.Type)
			}
			seen[a.Name] = a.Type
			if _, err := ParseAccountType(string(a.Type)); err != nil || string(a.Type) != string(mustType(a.Type)) {
				return fmt.Errorf("%s account '%s': unknown platform type '%s': use kubernetes, cloudfoundry or local", list.what, a.Name, a.Type)
			}
			if err := a.checkBlock(); err != nil {
				return fmt.Errorf("%s account '%s': %w", list.what, a.Name, err)
			}
		}
	}
	return nil
}

var validAccountName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`) })

func mustType(t AccountType) AccountType {
	p, _ := ParseAccountType(string(t))
	return p
}

func (a Account) checkBlock() error {
	blocks := map[AccountType]bool{Kubernetes: a.Kubernetes != nil, CloudFoundry: a.CloudFoundry != nil, Local: a.Local != nil}
	for t, present := range blocks {
		if present && t != a.Type {
			return fmt.Errorf("a %s account cannot have a '%s' block", a.Type, t)
		}
	}
	if a.Type == CloudFoundry {
		if a.CloudFoundry == nil || a.CloudFoundry.Connection.URL == "" && !a.CloudFoundry.Connection.UseCFCLILogin {
			return errors.New("a cloudfoundry account needs connection.url (or connection.useCfCliLogin: true)")
		}
	}
	return nil
}

// FeatureEnabled reads a feature switch; unset means on.
func FeatureEnabled(f *bool) bool { return f == nil || *f }
