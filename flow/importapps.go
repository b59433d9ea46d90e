package flow

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/dataflow-cli/dataflow/store"
)

// ImportResult lists the keys (`source.time`) an `app import` registered, in file order, and the keys it left
// alone because they were already registered and --force was not given.
type ImportResult struct {
	Registered []string
	Skipped    []string
}

type importEntry struct {
	key  string // type.name
	line int
	req  RegisterRequest
}

// ImportApps registers every app of an SCDF app-starters properties file (`source.http=docker:...`,
// `source.http.metadata=...`, `source.http.bootVersion=3`) in one transaction: a bad line registers nothing.
func (f *Flow) ImportApps(ctx context.Context, from string, content []byte, force bool) (ImportResult, error) {
	entries, err := parseAppProperties(content)
	if err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	records := make([]store.AppRecord, 0, len(entries))
	for _, e := range entries {
		version, err := ResourceVersion(e.req.URI)
		if err != nil {
			return ImportResult{}, fmt.Errorf("line %d: %s: %v", e.line, e.key, err)
		}
		records = append(records, store.AppRecord{Type: string(e.req.Type), Name: e.req.Name, Version: version,
			URI: e.req.URI, MetadataURI: e.req.MetadataURI, BootVersion: e.req.BootVersion, CreatedAt: f.Now()})
	}
	// The options of the apps that will be registered are read first, outside the transaction: a download
	// that fails registers nothing.
	metas := make([]AppOptions, len(records))
	for i, rec := range records {
		if !force {
			if existing, err := f.FindApp(ctx, AppType(rec.Type), rec.Name, rec.Version); err == nil && existing.Version == rec.Version {
				continue
			}
		}
		m, err := f.readMetadata(ctx, rec.URI, rec.MetadataURI)
		if err != nil {
			return ImportResult{}, maskURIs(fmt.Errorf("line %d: %s: %w", entries[i].line, entries[i].key, err))
		}
		metas[i] = m
	}
	audit := store.AuditRecord{Operation: store.AuditAppRegistration, Action: store.AuditCreate, Correlation: from}
	err = f.change(ctx, audit, func(tx *store.Tx) error {
		res = ImportResult{}
		for i, rec := range records {
			existing, err := tx.AppVersions(ctx, rec.Type, rec.Name)
			if err != nil {
				return err
			}
			already := false
			for _, v := range existing {
				already = already || v.Version == rec.Version
			}
			if already && !force {
				res.Skipped = append(res.Skipped, entries[i].key)
				continue
			}
			if err := registerInTx(ctx, tx, rec, true); err != nil {
				return err
			}
			if err := storeMetadata(ctx, tx, rec, metas[i]); err != nil {
				return err
			}
			res.Registered = append(res.Registered, entries[i].key)
		}
		return nil
	}, func(rec *store.AuditRecord) {
		rec.Data = "registered=[" + strings.Join(res.Registered, ", ") + "]"
	})
	return res, err
}

// parseAppProperties reads a Java properties file of app registrations.
func parseAppProperties(content []byte) ([]importEntry, error) {
	byKey := map[string]*importEntry{}
	var order []string
	sc := bufio.NewScanner(bytes.NewReader(content))
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		key, value, ok := cutProperty(line)
		if !ok {
			return nil, fmt.Errorf("line %d: expected <type>.<name>=<uri>, got '%s'", n, line)
		}
		parts := strings.Split(key, ".")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("line %d: Invalid format for app key '%s' in file. Must be <type>.<name> or <type>.<name>.metadata or <type>.<name>.bootVersion", n, key)
		}
		typ, err := ParseAppType(parts[0])
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		appKey := string(typ) + "." + parts[1]
		e := byKey[appKey]
		if e == nil {
			e = &importEntry{key: appKey, line: n, req: RegisterRequest{Name: parts[1], Type: typ}}
			byKey[appKey] = e
			order = append(order, appKey)
		}
		if err := ValidateAppName(parts[1]); err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		switch {
		case len(parts) == 2:
			e.req.URI, e.line = value, n
		case parts[2] == "metadata":
			e.req.MetadataURI = value
		case parts[2] == "bootVersion":
			e.req.BootVersion = value
		default:
			return nil, fmt.Errorf("line %d: Invalid property: %s", n, key)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	var out []importEntry
	for _, k := range order {
		e := byKey[k]
		if e.req.URI == "" {
			return nil, fmt.Errorf("line %d: '%s' has metadata but no app URI", e.line, k)
		}
		out = append(out, *e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].line < out[j].line })
	return out, nil
}

// cutProperty splits "key=value" or "key: value" (Java properties accept both separators).
func cutProperty(line string) (key, value string, ok bool) {
	i := strings.IndexAny(line, "=:")
	if i <= 0 {
		return "", "", false
	}
	// "maven://..." must not be split at its colon: the key never contains "/" so take the first separator only
	// when it comes before any "/".
	if slash := strings.Index(line, "/"); slash >= 0 && slash < i {
		return "", "", false
	}
	key = strings.TrimSpace(line[:i])
	value = strings.TrimSpace(line[i+1:])
	return key, value, key != "" && value != ""
}
