package appmeta

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/dataflow-cli/dataflow/internal/jartest"
)

func readJar(t *testing.T, e jartest.Entries) (Metadata, error) {
	t.Helper()
	data := jartest.Bytes(e)
	return ReadJar(bytes.NewReader(data), int64(len(data)), "app.jar")
}

func byID(o Options) map[string]Option {
	m := map[string]Option{}
	for _, opt := range o {
		m[opt.ID] = opt
	}
	return m
}

func TestMetadataJarVisibleByClassAndByName(t *testing.T) {
	md, err := readJar(t, jartest.MetadataJar(jartest.TimeSourceMetadata, jartest.TimeSourceVisible))
	if err != nil {
		t.Fatal(err)
	}
	if !md.Found {
		t.Fatal("metadata not found")
	}
	opts := byID(md.Options)
	if _, ok := opts["time.legacy"]; ok {
		t.Error("an option deprecated at level error is listed")
	}
	want := map[string]struct {
		name    string
		visible bool
		def     string
	}{
		"time.format":         {"format", true, "HH:mm:ss"},
		"time.date-format":    {"date-format", true, ""},
		"time.enabled":        {"enabled", true, "true"},
		"trigger.fixed-delay": {"trigger.fixed-delay", true, "1"},
		"date.format":         {"format", false, ""},
		"server.port":         {"port", false, "8080"},
	}
	if len(opts) != len(want) {
		t.Fatalf("options %v, want %d of them", md.Options, len(want))
	}
	for id, w := range want {
		o := opts[id]
		if o.Name != w.name || o.Visible != w.visible || o.Default != w.def {
			t.Errorf("%s = %+v, want name %q visible %v default %q", id, o, w.name, w.visible, w.def)
		}
	}
	if got := strings.Join(opts["time.format"].Values, ","); got != "HH:mm:ss,yyyy-MM-dd" {
		t.Errorf("hints of time.format = %q", got)
	}
	if got := strings.Join(opts["time.enabled"].Values, ","); got != "true,false" {
		t.Errorf("values of a boolean = %q", got)
	}
	if len(md.Options.Visible()) != 4 {
		t.Errorf("visible = %v", md.Options.Visible())
	}
}

func TestLegacyWhitelistFilesStillCount(t *testing.T) {
	for _, file := range []string{"META-INF/dataflow-configuration-metadata-whitelist.properties", "META-INF/spring-configuration-metadata-whitelist.properties"} {
		e := jartest.MetadataJar(jartest.TimeSourceMetadata, "")
		e[file] = []byte("configuration-properties.classes = org.example.DateProperties,\\\n   org.example.TimeProperties\n")
		md, err := readJar(t, e)
		if err != nil {
			t.Fatal(err)
		}
		opts := byID(md.Options)
		if !opts["date.format"].Visible || !opts["time.format"].Visible || opts["trigger.fixed-delay"].Visible {
			t.Errorf("%s: visibility %+v", file, md.Options)
		}
	}
}

func TestFatJarReadsItsClassesAndLibraries(t *testing.T) {
	lib := `{"groups":[{"name":"spel.function","type":"org.example.SpelProperties","sourceType":"org.example.SpelProperties"}],
	  "properties":[{"name":"spel.function.expression","type":"java.lang.String","sourceType":"org.example.SpelProperties","description":"A SpEL expression."}]}`
	e := jartest.FatJar(jartest.TimeSourceMetadata, jartest.TimeSourceVisible+"configuration-properties.names=spel.function.expression\n", lib, 1000)
	// A file at the root of a fat jar is not on the app's class path.
	e["META-INF/spring-configuration-metadata.json"] = []byte(`{"properties":[{"name":"loader.only"}]}`)
	md, err := readJar(t, e)
	if err != nil {
		t.Fatal(err)
	}
	opts := byID(md.Options)
	if o := opts["spel.function.expression"]; o.Name != "expression" || o.Description != "A SpEL expression." {
		t.Errorf("library option = %+v", o)
	}
	if _, ok := opts["loader.only"]; ok {
		t.Error("the fat jar's root was read as class path")
	}
	// The later visible-properties line replaced the names line: only the last key of a file counts, as
	// java.util.Properties reads it.
	if opts["trigger.fixed-delay"].Visible || !opts["spel.function.expression"].Visible {
		t.Errorf("visibility: %+v", md.Options)
	}
}

func TestAJarWithoutMetadataHasNone(t *testing.T) {
	md, err := readJar(t, jartest.Entries{"META-INF/MANIFEST.MF": []byte("Manifest-Version: 1.0\n")})
	if err != nil || md.Found || len(md.Options) != 0 {
		t.Fatalf("got %+v, %v", md, err)
	}
}

func TestCorruptJarAndMetadataAreErrors(t *testing.T) {
	if _, err := ReadJar(bytes.NewReader([]byte("not a zip")), 9, "broken.jar"); err == nil || !strings.Contains(err.Error(), "broken.jar is not a jar") {
		t.Errorf("corrupt jar: %v", err)
	}
	_, err := readJar(t, jartest.MetadataJar(`{"properties": [`, ""))
	if err == nil || !strings.Contains(err.Error(), "app.jar!/META-INF/spring-configuration-metadata.json is not valid configuration metadata") {
		t.Errorf("corrupt metadata: %v", err)
	}
}

func TestLabelOptionsAreAllVisible(t *testing.T) {
	md, err := ReadLabel("example/time:1.0", jartest.TimeSourceMetadata)
	if err != nil {
		t.Fatal(err)
	}
	if len(md.Options.Visible()) != len(md.Options) || len(md.Options) == 0 {
		t.Errorf("label options %+v", md.Options)
	}
	if _, err := ReadLabel("example/time:1.0", "{"); err == nil || !strings.Contains(err.Error(), "the label of example/time:1.0 is not valid") {
		t.Errorf("bad label: %v", err)
	}
}

func TestQualifyAsSCDF(t *testing.T) {
	md, err := readJar(t, jartest.MetadataJar(jartest.TimeSourceMetadata, jartest.TimeSourceVisible))
	if err != nil {
		t.Fatal(err)
	}
	got, err := md.Options.Qualify(map[string]string{
		"format":             "hh", // one visible match (date.format is not visible)
		"dateFormat":         "yy", // relaxed spelling of date-format
		"date.format":        "dd", // a full name stays
		"port":               "9",  // server.port is not visible: as given
		"unknown":            "x",  // no match: as given
		"trigger.fixedDelay": "5",  // relaxed spelling of a root option's full name, which is its short name too
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"time.format": "hh", "time.date-format": "yy", "date.format": "dd", "port": "9", "unknown": "x", "trigger.fixed-delay": "5"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}

func TestQualifyRefusesAnAmbiguousShortName(t *testing.T) {
	md, err := readJar(t, jartest.MetadataJar(jartest.TimeSourceMetadata, "configuration-properties.classes=org.example.TimeProperties,org.example.DateProperties\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = md.Options.Qualify(map[string]string{"format": "hh"})
	var amb *AmbiguousError
	if !errors.As(err, &amb) || err.Error() != "Ambiguous short form property 'format' could mean any of [date.format, time.format]" {
		t.Fatalf("got %v", err)
	}
	// Both full names in one definition are fine.
	if _, err := md.Options.Qualify(map[string]string{"time.format": "a", "date.format": "b"}); err != nil {
		t.Fatal(err)
	}
}

func TestRelaxedNamesStartWithTheNameAndReachKebabCase(t *testing.T) {
	names := relaxedNames("someLongProperty")
	if names[0] != "someLongProperty" {
		t.Errorf("first = %q", names[0])
	}
	found := false
	for _, n := range names {
		found = found || n == "some-long-property"
	}
	if !found {
		t.Errorf("no kebab-case in %v", names)
	}
}
