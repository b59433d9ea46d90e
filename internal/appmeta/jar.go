package appmeta

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
)

// Metadata is what an app says about its options.
type Metadata struct {
	Options Options
	// Found says whether the app carries configuration metadata at all; an app without it has no options to
	// show, which is not the same as an app whose options are all hidden.
	Found bool
}

// maxEntry bounds what is read of one metadata file, so a hostile jar cannot exhaust memory.
const maxEntry = 64 << 20

// ReadJarFile reads the metadata of a jar on disk.
func ReadJarFile(file string) (Metadata, error) {
	f, err := os.Open(file)
	if err != nil {
		return Metadata{}, err
	}
	defer func() { _ = f.Close() }() // read only: nothing to lose
	info, err := f.Stat()
	if err != nil {
		return Metadata{}, err
	}
	return ReadJar(f, info.Size(), path.Base(file))
}

// ReadJar reads the metadata of a jar: an app's metadata jar (the files at its root) or a Spring Boot fat jar
// (its BOOT-INF/classes and every jar in BOOT-INF/lib, the class path SCDF's resolver builds; lib/ for the
// older layout). name is how errors call the jar.
func ReadJar(r io.ReaderAt, size int64, name string) (Metadata, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return Metadata{}, fmt.Errorf("%s is not a jar: %v", name, err)
	}
	repo, vis := newRepository(), newVisibility()
	found := false
	read := func(archive *zip.Reader, prefix, where string) error {
		for _, f := range archive.File {
			rest, ok := strings.CutPrefix(f.Name, prefix)
			if !ok {
				continue
			}
			isBoot := rest == BootMetadataFile
			isVisibility := false
			for _, v := range visibilityFiles {
				isVisibility = isVisibility || rest == v
			}
			if !isBoot && !isVisibility {
				continue
			}
			data, err := readEntry(f)
			if err != nil {
				return fmt.Errorf("%s: cannot read %s: %v", where, f.Name, err)
			}
			if isBoot {
				found = true
				if err := repo.add(where+"!/"+f.Name, data); err != nil {
					return err
				}
			} else {
				vis.add(data)
			}
		}
		return nil
	}
	classes, libs := "", ""
	switch {
	case hasDir(zr, "BOOT-INF/"):
		classes, libs = "BOOT-INF/classes/", "BOOT-INF/lib/"
	case hasDir(zr, "lib/"):
		libs = "lib/"
	}
	if err := read(zr, classes, name); err != nil {
		return Metadata{}, err
	}
	if libs != "" {
		for _, f := range zr.File {
			if !strings.HasPrefix(f.Name, libs) || !strings.HasSuffix(f.Name, ".jar") {
				continue
			}
			nested, err := openNested(r, f)
			if err != nil {
				return Metadata{}, fmt.Errorf("%s: %s is not a jar: %v", name, f.Name, err)
			}
			if err := read(nested, "", name+"!/"+f.Name); err != nil {
				return Metadata{}, err
			}
		}
	}
	return Metadata{Options: repo.options(vis), Found: found}, nil
}

// ReadLabel reads the metadata a container image carries in its label: Boot's JSON holding the visible
// options only (SCDF's build plugin writes them there), so all of them are visible.
func ReadLabel(image, label string) (Metadata, error) {
	repo := newRepository()
	if err := repo.add("the label of "+image, []byte(label)); err != nil {
		return Metadata{}, err
	}
	opts := repo.options(newVisibility())
	for i := range opts {
		opts[i].Visible = true
	}
	return Metadata{Options: opts, Found: true}, nil
}

func hasDir(zr *zip.Reader, dir string) bool {
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, dir) {
			return true
		}
	}
	return false
}

func readEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxEntry+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxEntry {
		return nil, errors.New("larger than 64 MiB")
	}
	return data, nil
}

// openNested opens a jar inside a jar. Boot stores nested jars uncompressed, so they are read in place; a
// compressed one is inflated into memory.
func openNested(outer io.ReaderAt, f *zip.File) (*zip.Reader, error) {
	if f.Method == zip.Store {
		off, err := f.DataOffset()
		if err != nil {
			return nil, err
		}
		return zip.NewReader(io.NewSectionReader(outer, off, int64(f.UncompressedSize64)), int64(f.UncompressedSize64))
	}
	if f.UncompressedSize64 > 1<<30 {
		return nil, errors.New("larger than 1 GiB")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, err
	}
	return zip.NewReader(bytes.NewReader(data), int64(len(data)))
}
