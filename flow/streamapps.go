package flow

import (
	"strings"

	"github.com/dataflow-cli/dataflow/dsl"
)

// StreamApp is one app of a stream as the SCDF server derived it from the definition: its type by position and
// the properties it gets from the stream (labels, binding destinations, groups, content types) merged over the
// ones written in the definition.
type StreamApp struct {
	Label      string
	Name       string
	Type       AppType
	Properties map[string]string
}

// StreamApps applies SCDF's StreamApplicationDefinitionBuilder rules to a parsed stream named streamName.
func StreamApps(streamName string, s *dsl.Stream) []StreamApp {
	out := make([]StreamApp, len(s.Apps))
	last := len(s.Apps) - 1
	for i, a := range s.Apps {
		props := dsl.PropertyMap(a.Properties)
		app := StreamApp{Label: a.EffectiveLabel(), Name: a.Name, Type: streamAppType(s, i)}
		props["spring.cloud.dataflow.stream.app.label"] = app.Label
		props["spring.cloud.dataflow.stream.name"] = streamName
		props["spring.cloud.dataflow.stream.app.type"] = string(app.Type)
		if !s.Unbound {
			if i > 0 {
				props["spring.cloud.stream.bindings.input.destination"] = streamName + "." + s.Apps[i-1].EffectiveLabel()
				props["spring.cloud.stream.bindings.input.group"] = streamName
			} else if s.Source != nil {
				props["spring.cloud.stream.bindings.input.destination"] = s.Source.Name
				group := streamName
				if g, ok := dsl.PropertyMap(s.Source.Properties)["group"]; ok {
					group = g
				}
				props["spring.cloud.stream.bindings.input.group"] = group
			}
			if i < last {
				props["spring.cloud.stream.bindings.output.destination"] = streamName + "." + app.Label
				props["spring.cloud.stream.bindings.output.producer.requiredGroups"] = streamName
			} else if s.Sink != nil {
				props["spring.cloud.stream.bindings.output.destination"] = s.Sink.Name
			}
		}
		for k, v := range props {
			switch strings.ToLower(k) {
			case "inputtype":
				props["spring.cloud.stream.bindings.input.contentType"] = v
			case "outputtype":
				props["spring.cloud.stream.bindings.output.contentType"] = v
			}
		}
		app.Properties = props
		out[i] = app
	}
	return out
}

// streamAppType is the type an app has by its position: unbound apps are "app"; otherwise the first is a source
// (a processor after a source destination, a sink when it is also the last with no sink destination), the middle
// ones processors, and the last a sink (a processor before a sink destination).
func streamAppType(s *dsl.Stream, i int) AppType {
	last := len(s.Apps) - 1
	switch {
	case s.Unbound:
		return AppTypeApp
	case i == 0 && s.Source == nil:
		return AppTypeSource
	case i == 0 && last == 0 && s.Sink == nil:
		return AppTypeSink
	case i < last:
		return AppTypeProcessor
	case s.Sink != nil:
		return AppTypeProcessor
	}
	return AppTypeSink
}
