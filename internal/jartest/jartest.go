// Package jartest builds app jars for tests: metadata jars and Spring Boot fat jars with configuration metadata,
// written with archive/zip as the Maven and Boot plugins lay them out.
package jartest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Entries are a jar's files by path.
type Entries map[string][]byte

// Bytes returns the jar holding entries; nested jars (and .bin filler) are stored
// uncompressed, as Boot's plugin stores nested jars.
func Bytes(entries Entries) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		method := zip.Deflate
		if strings.HasSuffix(n, ".jar") || strings.HasSuffix(n, ".bin") {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: method})
		if err != nil {
			panic(err)
		}
		if _, err := w.Write(entries[n]); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Write writes the jar holding entries to path.
func Write(path string, entries Entries) error {
	return os.WriteFile(path, Bytes(entries), 0o644)
}

// TimeSourceMetadata is the metadata of a small source app: two visible options in a visible class
// (time.format, time.date-format), one visible by name in the root group (trigger.fixed-delay), one more
// class (date.format, not visible) that shares the short name "format" when made visible, and a Boot option
// (server.port) that only --exhaustive shows.
const TimeSourceMetadata = `{
  "groups": [
    {"name": "time", "type": "org.example.TimeProperties", "sourceType": "org.example.TimeProperties"},
    {"name": "date", "type": "org.example.DateProperties", "sourceType": "org.example.DateProperties"},
    {"name": "server", "type": "org.springframework.boot.autoconfigure.web.ServerProperties"}
  ],
  "properties": [
    {"name": "time.format", "type": "java.lang.String", "sourceType": "org.example.TimeProperties",
     "description": "How to render the current time.", "defaultValue": "HH:mm:ss"},
    {"name": "time.date-format", "type": "java.lang.String", "sourceType": "org.example.TimeProperties",
     "description": "How to render the date."},
    {"name": "time.legacy", "type": "java.lang.String", "sourceType": "org.example.TimeProperties",
     "deprecation": {"level": "error"}},
    {"name": "date.format", "type": "java.lang.String", "sourceType": "org.example.DateProperties",
     "description": "Date format."},
    {"name": "trigger.fixed-delay", "type": "java.lang.Integer", "description": "Delay between messages.",
     "defaultValue": 1},
    {"name": "server.port", "type": "java.lang.Integer", "sourceType": "org.springframework.boot.autoconfigure.web.ServerProperties",
     "description": "Server HTTP port.", "defaultValue": 8080},
    {"name": "time.enabled", "type": "java.lang.Boolean", "sourceType": "org.example.TimeProperties",
     "defaultValue": true}
  ],
  "hints": [{"name": "time.format", "values": [{"value": "HH:mm:ss"}, {"value": "yyyy-MM-dd"}]}]
}`

// TimeSourceVisible makes TimeProperties and trigger.fixed-delay visible.
const TimeSourceVisible = "configuration-properties.classes=org.example.TimeProperties\n" +
	"configuration-properties.names=trigger.fixed-delay\n"

// MetadataJar is a metadata jar with the given Boot metadata and visible-properties file.
func MetadataJar(metadata, visible string) Entries {
	e := Entries{"META-INF/MANIFEST.MF": []byte("Manifest-Version: 1.0\n")}
	if metadata != "" {
		e["META-INF/spring-configuration-metadata.json"] = []byte(metadata)
	}
	if visible != "" {
		e["META-INF/dataflow-configuration-metadata.properties"] = []byte(visible)
	}
	return e
}

// FatJar is a Spring Boot fat jar: the app's own metadata in BOOT-INF/classes, a library's in BOOT-INF/lib,
// and padding bytes of filler (to make a large download).
func FatJar(metadata, visible, libMetadata string, filler int) Entries {
	e := Entries{"META-INF/MANIFEST.MF": []byte("Manifest-Version: 1.0\nMain-Class: org.springframework.boot.loader.JarLauncher\n")}
	for k, v := range MetadataJar(metadata, visible) {
		e["BOOT-INF/classes/"+k] = v
	}
	if libMetadata != "" {
		e["BOOT-INF/lib/library-1.0.jar"] = Bytes(MetadataJar(libMetadata, ""))
	}
	if filler > 0 {
		pad := make([]byte, filler)
		var x uint32 = 2463534242
		for i := range pad { // incompressible, so the jar is as large as asked
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			pad[i] = byte(x)
		}
		e["BOOT-INF/lib/filler.bin"] = pad
	}
	return e
}

// LargeMetadata is TimeSourceMetadata with extra Boot-style options in groups of their own (none visible), as
// a real app's metadata holds its libraries' thousands of options.
func LargeMetadata(extra int) string {
	var b strings.Builder
	b.WriteString(`{"groups": [{"name": "time", "type": "org.example.TimeProperties", "sourceType": "org.example.TimeProperties"}`)
	for g := 0; g < extra/20+1; g++ {
		fmt.Fprintf(&b, `, {"name": "lib%d", "type": "org.example.Lib%dProperties", "sourceType": "org.example.Lib%dProperties"}`, g, g, g)
	}
	b.WriteString(`], "properties": [
	  {"name": "time.format", "type": "java.lang.String", "sourceType": "org.example.TimeProperties", "description": "How to render the current time.", "defaultValue": "HH:mm:ss"},
	  {"name": "time.date-format", "type": "java.lang.String", "sourceType": "org.example.TimeProperties", "description": "How to render the date."},
	  {"name": "time.enabled", "type": "java.lang.Boolean", "sourceType": "org.example.TimeProperties", "defaultValue": true},
	  {"name": "trigger.fixed-delay", "type": "java.lang.Integer", "description": "Delay between messages.", "defaultValue": 1}`)
	for i := range extra {
		g := i / 20
		fmt.Fprintf(&b, `,
	  {"name": "lib%d.option-%d", "type": "java.lang.String", "sourceType": "org.example.Lib%dProperties", "description": "Option %d of library %d, which a Boot app carries along.", "defaultValue": "value-%d"}`, g, i, g, i, g, i)
	}
	b.WriteString("]}")
	return b.String()
}
