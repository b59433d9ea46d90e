package flow

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dataflow-cli/dataflow/store"
)

// RegisterRequest is `app register`.
type RegisterRequest struct {
	Name        string
	Type        AppType
	URI         string
	MetadataURI string
	BootVersion string // "", "2" or "3"
	Force       bool
}

// NoSuchAppError is SCDF's NoSuchAppRegistrationException.
type NoSuchAppError struct {
	Name    string
	Type    AppType
	Version string
}

func (e *NoSuchAppError) Error() string {
	if e.Version != "" {
		return fmt.Sprintf("The '%s:%s:%s' application could not be found.", e.Type, e.Name, e.Version)
	}
	return fmt.Sprintf("The '%s:%s' application could not be found.", e.Type, e.Name)
}

// notInRegistry is what SCDF says when a definition names an app that is not registered with the type its
// position gives it.
func notInRegistry(name string, typ AppType) string {
	return fmt.Sprintf("Application name '%s' with type '%s' does not exist in the app registry.", name, typ)
}

// RegisterApp registers one app version. The first version of an app becomes its default, as in SCDF.
func (f *Flow) RegisterApp(ctx context.Context, req RegisterRequest) (store.AppRecord, error) {
	if err := ValidateAppName(req.Name); err != nil {
		return store.AppRecord{}, err
	}
	if req.BootVersion != "" && req.BootVersion != "2" && req.BootVersion != "3" {
		return store.AppRecord{}, fmt.Errorf("Invalid AppBootSchemaVersion: %s", req.BootVersion)
	}
	version, err := ResourceVersion(req.URI)
	if err != nil {
		return store.AppRecord{}, maskURIs(err)
	}
	if req.MetadataURI != "" {
		if err := ValidateResourceURI(req.MetadataURI); err != nil {
			return store.AppRecord{}, maskURIs(err)
		}
	}
	rec := store.AppRecord{Type: string(req.Type), Name: req.Name, Version: version, URI: req.URI,
		MetadataURI: req.MetadataURI, BootVersion: req.BootVersion, CreatedAt: f.Now()}
	if err := f.checkNotRegistered(ctx, rec, req.Force); err != nil {
		return store.AppRecord{}, err
	}
	meta, err := f.readMetadata(ctx, req.URI, req.MetadataURI)
	if err != nil {
		return store.AppRecord{}, maskURIs(err)
	}
	audit := store.AuditRecord{Operation: store.AuditAppRegistration, Action: store.AuditCreate, Correlation: req.Name,
		Data: fmt.Sprintf("type=%s version=%s uri=%s", req.Type, version, req.URI)}
	err = f.change(ctx, audit, func(tx *store.Tx) error {
		if err := registerInTx(ctx, tx, rec, req.Force); err != nil {
			return maskURIs(err)
		}
		return storeMetadata(ctx, tx, rec, meta)
	})
	return rec, err
}

// DisplayURI is an app URI as dataflow shows it: the password of its user info masked
// (https://user:******@repo/app.jar), as for any URL. The registry keeps the URI whole: deploys need it.
func DisplayURI(uri string) string {
	if !strings.Contains(uri, "@") && !strings.Contains(uri, "=") {
		return uri // no user info, no query: most URIs, listed by the hundred
	}
	return RedactText(uri)
}

// maskURIs masks the URL passwords in an error that quotes URIs.
func maskURIs(err error) error {
	if err == nil || !IsSecretValue(err.Error()) {
		return err
	}
	return errors.New(RedactText(err.Error()))
}

// displayed is a registration as listings show it (DisplayURI).
func displayed(apps []store.AppRecord) []store.AppRecord {
	out := make([]store.AppRecord, len(apps))
	for i, a := range apps {
		a.URI, a.MetadataURI = DisplayURI(a.URI), DisplayURI(a.MetadataURI)
		out[i] = a
	}
	return out
}

// checkNotRegistered refuses, before anything is downloaded, what registerInTx would refuse for an app that
// is registered already; registerInTx checks again in the transaction.
func (f *Flow) checkNotRegistered(ctx context.Context, rec store.AppRecord, force bool) error {
	versions, err := f.Store.Read().AppVersions(ctx, rec.Type, rec.Name)
	if err != nil {
		return err
	}
	return maskURIs(checkRegistration(versions, rec, force))
}

func checkRegistration(versions []store.AppRecord, rec store.AppRecord, force bool) error {
	for _, v := range versions {
		if v.Default && withoutVersion(v.URI, v.Version) != withoutVersion(rec.URI, rec.Version) {
			return fmt.Errorf("Existing default application [%s] can only differ by a version but is [%s]", v.URI, rec.URI)
		}
	}
	for _, v := range versions {
		if v.Version == rec.Version && !force {
			return fmt.Errorf("The '%s:%s' application is already registered as %s", v.Type, v.Name, v.URI)
		}
	}
	return nil
}

func registerInTx(ctx context.Context, tx *store.Tx, rec store.AppRecord, force bool) error {
	versions, err := tx.AppVersions(ctx, rec.Type, rec.Name)
	if err != nil {
		return err
	}
	if err := checkRegistration(versions, rec, force); err != nil {
		return err
	}
	hasDefault := false
	for _, v := range versions {
		hasDefault = hasDefault || v.Default
	}
	rec.Default = !hasDefault
	return tx.UpsertApp(ctx, rec)
}

// ListApps returns every registered app version, for listings: URIs as DisplayURI shows them.
func (f *Flow) ListApps(ctx context.Context) ([]store.AppRecord, error) {
	apps, err := f.Store.Read().ListApps(ctx)
	return displayed(apps), err
}

// AppNames returns the registered app names per type, sorted; cheaper than ListApps when versions do not matter.
func (f *Flow) AppNames(ctx context.Context) (map[string][]string, error) {
	return f.Store.Read().AppNames(ctx)
}

// AppVersions returns the versions of one app, for listings (URIs as DisplayURI shows them); an unknown app is an
// error.
func (f *Flow) AppVersions(ctx context.Context, typ AppType, name string) ([]store.AppRecord, error) {
	vs, err := f.appVersions(ctx, typ, name)
	return displayed(vs), err
}

// appVersions is AppVersions with the URIs whole, to deploy and launch with.
func (f *Flow) appVersions(ctx context.Context, typ AppType, name string) ([]store.AppRecord, error) {
	vs, err := f.Store.Read().AppVersions(ctx, string(typ), name)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, &NoSuchAppError{Name: name, Type: typ}
	}
	return vs, nil
}

// AppInfo is FindApp for `app info`: URIs as DisplayURI shows them.
func (f *Flow) AppInfo(ctx context.Context, typ AppType, name, version string) (store.AppRecord, error) {
	app, err := f.FindApp(ctx, typ, name, version)
	return displayed([]store.AppRecord{app})[0], err
}

// FindApp returns one version of an app, the default one when version is "", with its URI whole: the one to
// deploy or launch (AppInfo is the one to show).
func (f *Flow) FindApp(ctx context.Context, typ AppType, name, version string) (store.AppRecord, error) {
	vs, err := f.appVersions(ctx, typ, name)
	if err != nil {
		return store.AppRecord{}, err
	}
	for _, v := range vs {
		if (version == "" && v.Default) || (version != "" && v.Version == version) {
			return v, nil
		}
	}
	return store.AppRecord{}, &NoSuchAppError{Name: name, Type: typ, Version: version}
}

// UnregisterResult says what is left after an unregister.
type UnregisterResult struct {
	Removed store.AppRecord
	// Remaining versions when none of them is the default any more (SCDF asks the user to pick one).
	RemainingWithoutDefault []string
}

// UnregisterApp removes one version, the default when version is "".
func (f *Flow) UnregisterApp(ctx context.Context, typ AppType, name, version string) (UnregisterResult, error) {
	var res UnregisterResult
	audit := store.AuditRecord{Operation: store.AuditAppRegistration, Action: store.AuditDelete, Correlation: name}
	err := f.change(ctx, audit, func(tx *store.Tx) error {
		vs, err := tx.AppVersions(ctx, string(typ), name)
		if err != nil {
			return err
		}
		found := false
		for _, v := range vs {
			if (version == "" && v.Default) || v.Version == version {
				res.Removed, found = v, true
			}
		}
		if !found {
			return &NoSuchAppError{Name: name, Type: typ, Version: version}
		}
		if err := tx.DeleteApp(ctx, string(typ), name, res.Removed.Version); err != nil {
			return err
		}
		for _, v := range vs {
			if v.Version == res.Removed.Version {
				continue
			}
			if v.Default {
				res.RemainingWithoutDefault = nil
				break
			}
			res.RemainingWithoutDefault = append(res.RemainingWithoutDefault, v.Version)
		}
		return nil
	})
	return res, err
}

// UnregisterAllApps removes every registration and returns how many went.
func (f *Flow) UnregisterAllApps(ctx context.Context) (int, error) {
	var n int
	audit := store.AuditRecord{Operation: store.AuditAppRegistration, Action: store.AuditDelete, Correlation: "*"}
	err := f.change(ctx, audit, func(tx *store.Tx) error {
		apps, err := tx.ListApps(ctx)
		if err != nil {
			return err
		}
		for _, a := range apps {
			if err := tx.DeleteApp(ctx, a.Type, a.Name, a.Version); err != nil {
				return err
			}
		}
		n = len(apps)
		return nil
	})
	return n, err
}

// SetDefaultApp makes one registered version the default.
func (f *Flow) SetDefaultApp(ctx context.Context, typ AppType, name, version string) error {
	audit := store.AuditRecord{Operation: store.AuditAppRegistration, Action: store.AuditUpdate, Correlation: name, Data: "default version=" + version}
	return f.change(ctx, audit, func(tx *store.Tx) error {
		vs, err := tx.AppVersions(ctx, string(typ), name)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v.Version == version {
				return tx.SetDefaultApp(ctx, string(typ), name, version)
			}
		}
		return &NoSuchAppError{Name: name, Type: typ, Version: version}
	})
}

// withoutVersion is a URI with the last occurrence of its version removed: the versions of one app may differ
// only there.
func withoutVersion(uri, version string) string {
	i := strings.LastIndex(uri, version)
	if version == "" || i < 0 {
		return uri
	}
	return uri[:i] + uri[i+len(version):]
}

// ValidateAppName applies SCDF's rules (no ':', under 256 characters) and, beyond them, refuses names that could
// never be written in a definition (whitespace, quotes, DSL operators), which SCDF accepts and then cannot use.
func ValidateAppName(name string) error {
	switch {
	case name == "":
		return errors.New("Application name must not be empty")
	case len(name) > 255:
		return errors.New("Length of application name must be less than 256 characters")
	case strings.Contains(name, ":"):
		return fmt.Errorf("Application name: '%s' cannot contain: ':'", name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.' || r == '$') {
			return fmt.Errorf("Application name '%s' cannot be used in a definition: use letters, digits, '-', '_' and '.'", name)
		}
	}
	return nil
}
