package flow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dataflow-cli/dataflow/internal/appmeta"
	"github.com/dataflow-cli/dataflow/store"
)

// AppOptions is what `app info` and completion show of an app's options.
type AppOptions struct {
	// Read says whether the metadata was read (at registration); an app registered without any that could be
	// read (a docker image without --metadataUri, a file that was not there yet) has none.
	Read bool
	// Found says whether the app carries configuration metadata.
	Found bool
	// Source is the URI the metadata was read from.
	Source  string
	Options appmeta.Options
}

// readMetadata reads what an app being registered says about its options, from its metadata URI when it has
// one, else from the app itself, as SCDF's registry picks the metadata resource. It is read now, once, so
// that inspecting and deploying never wait for the network: a metadata URI or app artifact that cannot be
// fetched or read is an error and nothing is registered. A docker image is read from its registry
// (readImageMetadata) unless image labels are not to be read; a file: app that is not on this machine yet is
// registered without metadata (the local platform says it is missing when it would run it).
func (f *Flow) readMetadata(ctx context.Context, uri, metadataURI string) (AppOptions, error) {
	src := metadataURI
	if src == "" {
		src = uri
	}
	scheme, _, _ := strings.Cut(src, ":")
	scheme = strings.ToLower(scheme)
	if scheme == "docker" {
		return f.readImageMetadata(ctx, src)
	}
	if _, rest, _ := strings.Cut(src, ":"); scheme == "file" && metadataURI == "" {
		if _, err := os.Stat(filePath(rest)); err != nil {
			return AppOptions{}, nil // the local platform says so if it is still missing at deploy
		}
	}
	file, err := f.ResolveArtifact(ctx, src)
	if err != nil {
		return AppOptions{}, err
	}
	if metadataURI == "" && !looksLikeJar(file) {
		// An executable registered as a file: (a native app) carries no Boot metadata.
		return AppOptions{Read: true, Source: src}, nil
	}
	md, err := appmeta.ReadJarFile(file)
	if err != nil {
		return AppOptions{}, fmt.Errorf("cannot read the options of %s: %v", DisplayURI(src), err)
	}
	return AppOptions{Read: true, Found: md.Found, Source: src, Options: md.Options}, nil
}

// looksLikeJar says whether a file is a zip archive (or at least named as a jar, so a corrupt one is reported).
func looksLikeJar(file string) bool {
	if strings.HasSuffix(strings.ToLower(file), ".jar") {
		return true
	}
	fh, err := os.Open(file)
	if err != nil {
		return false
	}
	defer func() { _ = fh.Close() }() // read only: nothing to lose
	head := make([]byte, 4)
	if _, err := io.ReadFull(fh, head); err != nil {
		return false
	}
	return bytes.Equal(head, []byte("PK\x03\x04"))
}

// storeMetadata records (or, when nothing was read, forgets) the metadata of a registered version.
func storeMetadata(ctx context.Context, tx *store.Tx, rec store.AppRecord, m AppOptions) error {
	if !m.Read {
		return tx.DeleteAppMetadata(ctx, rec.Type, rec.Name, rec.Version)
	}
	opts, err := json.Marshal(m.Options)
	if err != nil {
		return err
	}
	visible, err := json.Marshal(m.Options.Visible())
	if err != nil {
		return err
	}
	return tx.PutAppMetadata(ctx, store.AppMetadata{Type: rec.Type, Name: rec.Name, Version: rec.Version,
		Source: m.Source, Found: m.Found, Options: string(opts), Visible: string(visible), ReadAt: rec.CreatedAt})
}

// appOptions reads the stored metadata of one app version: every option, or with visibleOnly the visible ones.
func appOptions(ctx context.Context, r *store.Tx, typ, name, version string, visibleOnly bool) (AppOptions, error) {
	row, err := r.GetAppMetadata(ctx, typ, name, version, visibleOnly)
	if errors.Is(err, store.ErrNotFound) {
		return AppOptions{}, nil
	}
	if err != nil {
		return AppOptions{}, err
	}
	out := AppOptions{Read: true, Found: row.Found, Source: row.Source}
	text := row.Options
	if visibleOnly {
		text = row.Visible
	}
	if err := json.Unmarshal([]byte(text), &out.Options); err != nil {
		return AppOptions{}, fmt.Errorf("the stored options of %s:%s:%s are unreadable: %v", typ, name, version, err)
	}
	return out, nil
}

// AppOptionsOf returns the stored options of an app version (the default one when version is ""), every one
// with exhaustive, else the visible ones, for `app info`; it never reads the network.
func (f *Flow) AppOptionsOf(ctx context.Context, typ AppType, name, version string, exhaustive bool) (AppOptions, error) {
	app, err := f.FindApp(ctx, typ, name, version)
	if err != nil {
		return AppOptions{}, err
	}
	return appOptions(ctx, f.Store.Read(), app.Type, app.Name, app.Version, !exhaustive)
}

// qualify turns short option names into full ones with an app's stored metadata, as SCDF did at deploy and
// launch; what names the app is part of the error.
func qualify(what string, opts AppOptions, props map[string]string) (map[string]string, error) {
	q, err := opts.Options.Qualify(props)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return q, nil
}

// QualifiedStreamApps are a stream's apps with their properties as a deploy would give them: short option
// names qualified with the options of each app's default version. An app whose short name is ambiguous keeps
// its properties as written, and the error (what the deploy would say) is returned beside.
func (f *Flow) QualifiedStreamApps(ctx context.Context, apps []StreamApp) ([]StreamApp, []error) {
	out := make([]StreamApp, len(apps))
	var errs []error
	for i, a := range apps {
		out[i] = a
		rec, err := f.FindApp(ctx, a.Type, a.Name, "")
		if err != nil {
			continue // not registered: the deploy says so
		}
		opts, err := appOptions(ctx, f.Store.Read(), rec.Type, rec.Name, rec.Version, false)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		q, err := qualify(fmt.Sprintf("app '%s'", a.Label), opts, a.Properties)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out[i].Properties = q
	}
	return out, errs
}
