package flow

import (
	"reflect"
	"testing"

	"github.com/dataflow-cli/dataflow/dsl"
)

// StreamApps against SCDF's StreamApplicationDefinitionBuilder: types by position, binding properties from
// labels, destinations and groups, content types, empty values; plus the name/label/type SCDF adds on deploy.
func TestStreamApps(t *testing.T) {
	type app struct {
		label, name string
		typ         AppType
		props       map[string]string
	}
	with := func(stream, label string, typ AppType, extra map[string]string) map[string]string {
		m := map[string]string{streamNameKey: stream, streamAppLabelKey: label, streamAppTypeKey: string(typ)}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		stream, def string
		want        []app
	}{
		{"foo", "cardata | predict | cassandra", []app{
			{"cardata", "cardata", AppTypeSource, with("foo", "cardata", AppTypeSource, map[string]string{
				streamOutputDestination: "foo.cardata", streamOutputGroups: "foo"})},
			{"predict", "predict", AppTypeProcessor, with("foo", "predict", AppTypeProcessor, map[string]string{
				streamInputDestination: "foo.cardata", streamInputGroup: "foo", streamOutputDestination: "foo.predict", streamOutputGroups: "foo"})},
			{"cassandra", "cassandra", AppTypeSink, with("foo", "cassandra", AppTypeSink, map[string]string{
				streamInputDestination: "foo.predict", streamInputGroup: "foo"})},
		}},
		// labels name the destinations
		{"s", "h: http --port=9000 | f2: filter --inputType=application/json --OUTPUTTYPE=text/plain", []app{
			{"h", "http", AppTypeSource, with("s", "h", AppTypeSource, map[string]string{
				"port": "9000", streamOutputDestination: "s.h", streamOutputGroups: "s"})},
			{"f2", "filter", AppTypeSink, with("s", "f2", AppTypeSink, map[string]string{
				streamInputDestination: "s.h", streamInputGroup: "s",
				streamInputContentType: "application/json", streamOutputContentType: "text/plain"})},
		}},
		// a source destination: the first app is a processor, the group is the --group argument
		{"s", ":orders --GROUP=g1 > transform | log", []app{
			{"transform", "transform", AppTypeProcessor, with("s", "transform", AppTypeProcessor, map[string]string{
				streamInputDestination: "orders", streamInputGroup: "g1", streamOutputDestination: "s.transform", streamOutputGroups: "s"})},
			{"log", "log", AppTypeSink, with("s", "log", AppTypeSink, map[string]string{
				streamInputDestination: "s.transform", streamInputGroup: "s"})},
		}},
		// a tap with no group reads the tapped topic in its own stream's group; alone, the app is a sink
		{"tap", ":ticktock.time > log", []app{
			{"log", "log", AppTypeSink, with("tap", "log", AppTypeSink, map[string]string{
				streamInputDestination: "ticktock.time", streamInputGroup: "tap"})},
		}},
		// a sink destination: the last app is a processor writing to it
		{"s", "http | transform > :out", []app{
			{"http", "http", AppTypeSource, with("s", "http", AppTypeSource, map[string]string{
				streamOutputDestination: "s.http", streamOutputGroups: "s"})},
			{"transform", "transform", AppTypeProcessor, with("s", "transform", AppTypeProcessor, map[string]string{
				streamInputDestination: "s.http", streamInputGroup: "s", streamOutputDestination: "out"})},
		}},
		{"s", "http > :out", []app{
			{"http", "http", AppTypeSource, with("s", "http", AppTypeSource, map[string]string{streamOutputDestination: "out"})},
		}},
		// a bridge is a processor between the two destinations
		{"b", ":in > :out", []app{
			{"bridge", "bridge", AppTypeProcessor, with("b", "bridge", AppTypeProcessor, map[string]string{
				streamInputDestination: "in", streamInputGroup: "b", streamOutputDestination: "out"})},
		}},
		// unbound apps get no bindings; empty values become \"\"; a binding set by hand is overridden
		{"u", "foo --a='' --b=' ' || bar --c=1", []app{
			{"foo", "foo", AppTypeApp, with("u", "foo", AppTypeApp, map[string]string{"a": `\"\"`, "b": `\"\"`})},
			{"bar", "bar", AppTypeApp, with("u", "bar", AppTypeApp, map[string]string{"c": "1"})},
		}},
		{"solo", "time", []app{{"time", "time", AppTypeApp, with("solo", "time", AppTypeApp, nil)}}},
		{"o", "time --spring.cloud.stream.bindings.output.destination=mine --x=\u00a0 | log", []app{
			{"time", "time", AppTypeSource, with("o", "time", AppTypeSource, map[string]string{
				streamOutputDestination: "o.time", streamOutputGroups: "o", "x": "\u00a0"})},
			{"log", "log", AppTypeSink, with("o", "log", AppTypeSink, map[string]string{
				streamInputDestination: "o.time", streamInputGroup: "o"})},
		}},
	}
	for _, c := range cases {
		s, err := dsl.ParseStream(c.stream, c.def)
		if err != nil {
			t.Fatalf("%q: %v", c.def, err)
		}
		got := StreamApps(c.stream, s)
		if len(got) != len(c.want) {
			t.Fatalf("%q: %d apps, want %d", c.def, len(got), len(c.want))
		}
		for i, w := range c.want {
			g := got[i]
			if g.Label != w.label || g.Name != w.name || g.Type != w.typ {
				t.Errorf("%q app %d: %s:%s %s, want %s:%s %s", c.def, i, g.Label, g.Name, g.Type, w.label, w.name, w.typ)
			}
			if !reflect.DeepEqual(g.Properties, w.props) {
				t.Errorf("%q app %d properties:\n got %v\nwant %v", c.def, i, g.Properties, w.props)
			}
		}
	}
}

func TestStreamAppTypeByPosition(t *testing.T) {
	cases := map[string][]AppType{
		"a":               {AppTypeApp},
		"a || b || c":     {AppTypeApp, AppTypeApp, AppTypeApp},
		"a | b":           {AppTypeSource, AppTypeSink},
		"a | b | c | d":   {AppTypeSource, AppTypeProcessor, AppTypeProcessor, AppTypeSink},
		":x > a":          {AppTypeSink},
		":x > a | b":      {AppTypeProcessor, AppTypeSink},
		":x > a > :y":     {AppTypeProcessor},
		"a > :y":          {AppTypeSource},
		"a | b > :y":      {AppTypeSource, AppTypeProcessor},
		":x > a | b > :y": {AppTypeProcessor, AppTypeProcessor},
	}
	for def, want := range cases {
		s, err := dsl.ParseStream("", def)
		if err != nil {
			t.Fatalf("%q: %v", def, err)
		}
		var got []AppType
		for _, a := range StreamApps("s", s) {
			got = append(got, a.Type)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v, want %v", def, got, want)
		}
	}
}
