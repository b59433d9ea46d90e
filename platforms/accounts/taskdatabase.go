package accounts

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms"
)

// TaskDatabase is the database the task apps record their executions and batch jobs in: SCDF's server
// datasource (spring.datasource.*), which SCDF hands to every task it launches. dataflow creates Spring's tables
// there and reads what the apps wrote. The password is a ${ENV} reference or a file, never the value.
type TaskDatabase struct {
	// URL is the JDBC URL dataflow connects to (jdbc:postgresql://, jdbc:mysql://, jdbc:mariadb://); ${VAR}
	// references are expanded from dataflow's environment.
	URL string `yaml:"url"`
	// AppURL is the JDBC URL the apps on Kubernetes and Cloud Foundry are given, when it differs (an in-cluster
	// service name); URL when empty. It is passed as written: a ${VAR} in it is resolved by the app's Spring,
	// from the pod's environment. Local apps get URL.
	AppURL   string `yaml:"appUrl,omitempty"`
	Username string `yaml:"username,omitempty"`
	// Password is a ${ENV} reference; PasswordFile a file holding the password (a mounted Secret).
	Password     string `yaml:"password,omitempty"`
	PasswordFile string `yaml:"passwordFile,omitempty"`
}

// Validate checks the section without connecting: a JDBC URL of a supported engine, and a password that is a
// reference.
func (t *TaskDatabase) Validate() error {
	if t == nil {
		return nil
	}
	for field, u := range map[string]string{"url": t.URL, "appUrl": t.AppURL} {
		if u == "" && field == "appUrl" {
			continue
		}
		if u == "" {
			return errors.New("taskDatabase: url is missing (a JDBC URL: jdbc:postgresql://host:5432/db, jdbc:mariadb://host:3306/db)")
		}
		ok := false
		for _, scheme := range []string{"jdbc:postgresql://", "jdbc:mysql://", "jdbc:mariadb://"} {
			ok = ok || strings.HasPrefix(strings.ToLower(u), scheme)
		}
		if !ok {
			return fmt.Errorf("taskDatabase: %s '%s' is not a PostgreSQL, MySQL or MariaDB JDBC URL (jdbc:postgresql://host:5432/db, jdbc:mariadb://host:3306/db)", field, shorten(u, 80))
		}
	}
	if t.Password != "" && t.PasswordFile != "" {
		return errors.New("taskDatabase: give password or passwordFile, not both")
	}
	if t.Password != "" && !platforms.IsSecretReference(t.Password) {
		return errors.New("taskDatabase: password must be a ${ENV} reference or a passwordFile, never the password itself")
	}
	return nil
}

// ResolvedPassword reads the password from its reference or file. Errors name the reference or the file.
func (t *TaskDatabase) ResolvedPassword(getenv func(string) string) (string, error) {
	if t.PasswordFile != "" {
		b, err := os.ReadFile(t.PasswordFile)
		if err != nil {
			return "", fmt.Errorf("taskDatabase: cannot read passwordFile: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	if t.Password == "" {
		return "", nil
	}
	p, err := platforms.ResolveSecret(t.Password, getenv)
	if err != nil {
		return "", fmt.Errorf("taskDatabase password: %w", err)
	}
	return p, nil
}

// ResolvedURL expands the ${VAR} references of the URL dataflow connects to.
func (t *TaskDatabase) ResolvedURL(getenv func(string) string) (string, error) {
	u, err := platforms.ResolveSecret(t.URL, getenv)
	if err != nil {
		return "", fmt.Errorf("taskDatabase url: %w; set it, or give dataflow an address it can reach as url and the apps' one as appUrl", err)
	}
	return u, nil
}

// passwordVariable is where an imported literal password is expected: dataflow stores the reference instead.
const passwordVariable = "SPRING_DATASOURCE_PASSWORD"

// importDatasource reads SCDF's spring.datasource.{url,username,password} into a task database. A password
// written out in the file is not stored: the section refers to SPRING_DATASOURCE_PASSWORD instead, and a
// warning says so.
func importDatasource(props []property) (*TaskDatabase, []string) {
	var td TaskDatabase
	found := false
	var warnings []string
	for _, p := range props {
		segs := strings.Split(p.key, ".")
		if len(segs) != 3 || !segmentsMatch(segs[:2], []string{"spring", "datasource"}) {
			continue
		}
		switch squash(segs[2]) {
		case "url":
			td.URL, found = p.value, true
		case "username":
			td.Username = p.value
		case "password":
			if platforms.IsSecretReference(p.value) {
				td.Password = p.value
			} else if p.value != "" {
				td.Password = "${" + passwordVariable + "}"
				warnings = append(warnings, "taskDatabase: the password of spring.datasource is not stored; the configuration refers to ${"+passwordVariable+"} instead: set that variable (or a passwordFile)")
			}
		}
	}
	if !found {
		return nil, nil
	}
	return &td, warnings
}
