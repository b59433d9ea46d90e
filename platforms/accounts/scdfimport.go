package accounts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dataflow-cli/dataflow/internal/maven"
	"github.com/dataflow-cli/dataflow/platforms"
)

// Imported is what SCDF configuration yields: stream (Skipper) and task (server) accounts, feature switches, and
// warnings (properties SCDF itself would have ignored, secrets stored as plain text). Nothing in it is ever a
// secret's value except the accounts' own fields.
type Imported struct {
	Streams  []platforms.Account
	Tasks    []platforms.Account
	Features Features
	// TaskDatabase is the server's spring.datasource, when the configuration has one.
	TaskDatabase *TaskDatabase
	// Maven is the maven.* settings of the server's configuration, when it has any.
	Maven    *maven.Config
	Warnings []string
}

// role says whose configuration a document is, which decides where bare `platform.*.accounts` trees go.
type role int

const (
	roleUnknown role = iota
	roleSkipper
	roleServer
)

// ImportFile reads SCDF's configuration unchanged and detects its format: a Kubernetes ConfigMap holding
// application.yaml/.yml/.properties (several may be given as a multi-document YAML), a Spring Boot
// application.yaml or .properties, a SPRING_APPLICATION_JSON .json file, or a Cloud Foundry manifest.yml whose
// env holds SPRING_APPLICATION_JSON and relaxed-binding variables. Errors name the file, line and column.
func ImportFile(path string, data []byte) (im *Imported, err error) {
	defer func() { im, err = oneLineImport(im, err) }()
	switch strings.ToLower(filepath.Ext(path)) {
	case ".properties":
		props, err := parseProperties(string(data))
		if err != nil {
			return nil, wholeFile.propertiesError(path, err)
		}
		return buildImportIn(path, props, guessRole(path, props))
	case ".json":
		tree, err := decodeJSON(string(data))
		if err != nil {
			return nil, jsonError(path, string(data), blockText{firstLine: 1, name: "JSON"}, err)
		}
		var props []property
		if err := flatten("", tree, &props); err != nil {
			return nil, wholeFile.flattenError(path, err)
		}
		return buildImportIn(path, props, guessRole(path, props))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: the file is empty", path)
	}
	all := &Imported{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, yamlError(path, nil, blockText{firstLine: 1, text: string(data)}, err)
		}
		if len(doc.Content) == 0 {
			continue
		}
		im, err := importDocument(path, data, doc.Content[0])
		if err != nil {
			return nil, err
		}
		all.add(im)
	}
	return all, nil
}

// importDocument reads one YAML document of the file by what it is.
func importDocument(path string, file []byte, top *yaml.Node) (*Imported, error) {
	if kind := mappingValue(top, "kind"); kind != nil {
		if kind.Value != "ConfigMap" {
			return &Imported{}, nil // other resources of a multi-document install file
		}
		return importConfigMap(path, file, top)
	}
	if mappingValue(top, "applications") != nil {
		return importManifest(path, file, top)
	}
	var props []property
	if err := flatten("", top, &props); err != nil {
		return nil, wholeFile.flattenError(path, err)
	}
	return buildImportIn(path, props, guessRole(path, props))
}

func buildImportIn(path string, props []property, r role) (*Imported, error) {
	im, err := buildImport(props, r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return im, nil
}

// mappingValue returns the value node of key in a YAML mapping node.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// importConfigMap reads data."application.yaml" (or .yml / .properties) of a ConfigMap. The ConfigMap's name
// (skipper, scdf-server) says whose configuration it is.
func importConfigMap(path string, file []byte, top *yaml.Node) (*Imported, error) {
	data := mappingValue(top, "data")
	r := roleUnknown
	if name := mappingValue(mappingValue(top, "metadata"), "name"); name != nil {
		r = roleOf(name.Value)
	}
	for _, key := range []string{"application.yaml", "application.yml", "application.properties"} {
		block := mappingValue(data, key)
		if block == nil {
			continue
		}
		loc := blockLocation(file, block, key)
		var props []property
		if strings.HasSuffix(key, ".properties") {
			p, err := parseProperties(block.Value)
			if err != nil {
				return nil, loc.propertiesError(path, err)
			}
			props = p
		} else {
			docs, err := yamlDocuments(block.Value)
			if err != nil {
				return nil, yamlError(path, nil, loc, err)
			}
			for _, d := range docs {
				if err := flatten("", d, &props); err != nil {
					return nil, loc.flattenError(path, err)
				}
			}
		}
		if r == roleUnknown {
			r = guessRole(path, props)
		}
		return buildImportIn(path, props, r)
	}
	return nil, fmt.Errorf("%s: the ConfigMap has no data.\"application.yaml\" (or .yml, .properties)", path)
}

// yamlDocuments parses every document of a YAML text; Spring reads them all, later ones overriding.
func yamlDocuments(text string) ([]*yaml.Node, error) {
	var docs []*yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(text))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, &doc)
	}
}

// importManifest reads every application of a CF manifest: SPRING_APPLICATION_JSON and relaxed-binding env
// vars. The application's name (skipper-server, data-flow-server) says whose configuration it is.
func importManifest(path string, file []byte, top *yaml.Node) (*Imported, error) {
	apps := mappingValue(top, "applications")
	all := &Imported{}
	for _, app := range apps.Content {
		env := mappingValue(app, "env")
		if env == nil {
			continue
		}
		r := roleUnknown
		if name := mappingValue(app, "name"); name != nil {
			r = roleOf(name.Value)
		}
		if n := mappingValue(env, "SPRING_APPLICATION_NAME"); n != nil && r == roleUnknown {
			r = roleOf(n.Value)
		}
		var props []property
		for i := 0; i+1 < len(env.Content); i += 2 {
			key, val := env.Content[i].Value, env.Content[i+1]
			if key == "SPRING_APPLICATION_JSON" {
				tree, err := decodeJSON(val.Value)
				if err != nil {
					return nil, jsonError(path, val.Value, blockLocation(file, val, key), err)
				}
				if err := flatten("", tree, &props); err != nil {
					return nil, blockLocation(file, val, key).flattenError(path, err)
				}
				continue
			}
			props = append(props, envProperty(key, val.Value)...)
		}
		im, err := buildImportIn(path, props, r)
		if err != nil {
			return nil, err
		}
		all.add(im)
	}
	return all, nil
}

// ImportEnv reads SPRING_APPLICATION_JSON and relaxed-binding variables such as
// SPRING_CLOUD_DATAFLOW_TASK_PLATFORM_KUBERNETES_ACCOUNTS_HIGHMEMORY_NAMESPACE from KEY=VALUE pairs (os.Environ()).
// Variables name accounts in upper case, so their names arrive lower-cased, as Spring binds them.
func ImportEnv(environ []string) (im *Imported, err error) {
	defer func() { im, err = oneLineImport(im, err) }()
	var props []property
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if k == "SPRING_APPLICATION_JSON" {
			tree, err := decodeJSON(v)
			if err != nil {
				return nil, jsonError("SPRING_APPLICATION_JSON", v, blockText{firstLine: 1, name: "JSON"}, err)
			}
			if err := flatten("", tree, &props); err != nil {
				return nil, blockText{firstLine: 1, name: "JSON"}.flattenError("SPRING_APPLICATION_JSON", err)
			}
			continue
		}
		props = append(props, envProperty(k, v)...)
	}
	return buildImport(props, roleUnknown)
}

// oneLineImport keeps an import's error and warnings to one line each (oneLine).
func oneLineImport(im *Imported, err error) (*Imported, error) {
	if im != nil {
		im.Warnings = oneLineWarnings(im.Warnings)
	}
	return im, oneLine(err)
}

// envProperty maps an upper-case relaxed-binding variable to its property, if it is one of SCDF's.
func envProperty(k, v string) []property {
	if k == "SPRING_DATASOURCE_PASSWORD" {
		// The variable is where the password is: the configuration refers to it.
		return []property{{key: "spring.datasource.password", value: "${" + k + "}"}}
	}
	if !strings.HasPrefix(k, "SPRING_CLOUD_") && !strings.HasPrefix(k, "SPRING_DATASOURCE_") {
		return nil
	}
	return []property{{key: strings.ToLower(strings.ReplaceAll(k, "_", ".")), value: v}}
}

func roleOf(name string) role {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "skipper"):
		return roleSkipper
	case strings.Contains(n, "dataflow") || strings.Contains(n, "data-flow") || strings.Contains(n, "scdf"):
		return roleServer
	}
	return roleUnknown
}

func guessRole(path string, props []property) role {
	if r := roleOf(filepath.Base(path)); r != roleUnknown {
		return r
	}
	for _, p := range props {
		k := relaxed(p.key)
		if strings.HasPrefix(k, "spring.cloud.skipper") {
			return roleSkipper
		}
		if strings.HasPrefix(k, "spring.cloud.dataflow") {
			return roleServer
		}
	}
	return roleUnknown
}

// add folds another import's results in; an account seen again (by list and name) is replaced where it stood.
func (im *Imported) add(o *Imported) {
	im.Streams = upsertAccounts(im.Streams, o.Streams)
	im.Tasks = upsertAccounts(im.Tasks, o.Tasks)
	im.Warnings = append(im.Warnings, o.Warnings...)
	im.Features = overlayFeatures(im.Features, o.Features)
	if o.TaskDatabase != nil {
		im.TaskDatabase = o.TaskDatabase
	}
	if o.Maven != nil {
		m := overlayMaven(maven.Config{}, im.Maven)
		m = overlayMaven(m, o.Maven)
		im.Maven = &m
	}
}

func upsertAccounts(list, more []platforms.Account) []platforms.Account {
	for _, a := range more {
		list, _ = upsertAccount(list, a)
	}
	return list
}

// overlayFeatures applies the switches set in top over base.
func overlayFeatures(base, top Features) Features {
	if top.Streams != nil {
		base.Streams = top.Streams
	}
	if top.Tasks != nil {
		base.Tasks = top.Tasks
	}
	if top.Schedules != nil {
		base.Schedules = top.Schedules
	}
	return base
}
