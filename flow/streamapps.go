package flow

import (
	"strings"
	"unicode"

	"github.com/dataflow-cli/dataflow/dsl"
)

// Property keys SCDF's StreamApplicationDefinitionBuilder and deployer set from a stream definition.
const (
	streamInputDestination  = "spring.cloud.stream.bindings.input.destination"
	streamInputGroup        = "spring.cloud.stream.bindings.input.group"
	streamInputContentType  = "spring.cloud.stream.bindings.input.contentType"
	streamOutputDestination = "spring.cloud.stream.bindings.output.destination"
	streamOutputGroups      = "spring.cloud.stream.bindings.output.producer.requiredGroups"
	streamOutputContentType = "spring.cloud.stream.bindings.output.contentType"
	streamNameKey           = "spring.cloud.dataflow.stream.name"
	streamAppLabelKey       = "spring.cloud.dataflow.stream.app.label"
	streamAppTypeKey        = "spring.cloud.dataflow.stream.app.type"
)

// streamEmptyValue is what SCDF stores for an argument that is empty or blank: the four characters \"\".
const streamEmptyValue = `\"\"`

// StreamApp is one app of a stream as the SCDF server derived it from the definition: its type by position and
// the properties it gets from the stream (labels, binding destinations, groups, content types) merged over the
// ones written in the definition.
type StreamApp struct {
	Label      string
	Name       string
	Type       AppType
	Properties map[string]string
}

// StreamApps applies SCDF's StreamApplicationDefinitionBuilder rules to a parsed stream named streamName, and
// adds the name, label and type properties SCDF's deployer adds to every app.
func StreamApps(streamName string, s *dsl.Stream) []StreamApp {
	out := make([]StreamApp, len(s.Apps))
	last := len(s.Apps) - 1
	for i, a := range s.Apps {
		app := StreamApp{Label: a.EffectiveLabel(), Name: a.Name, Type: streamAppType(s, i)}
		props := streamArgProperties(a.Properties)
		if !s.Unbound {
			// Bindings win over arguments of the same name, as in SCDF (they are set after the arguments).
			if i > 0 {
				props[streamInputDestination] = streamName + "." + s.Apps[i-1].EffectiveLabel()
				props[streamInputGroup] = streamName
			}
			if i < last {
				props[streamOutputDestination] = streamName + "." + app.Label
				props[streamOutputGroups] = streamName
			}
		}
		if i == 0 && s.Source != nil {
			props[streamInputDestination] = s.Source.Name
			props[streamInputGroup] = sourceGroup(streamName, s.Source)
		}
		if i == last && s.Sink != nil {
			props[streamOutputDestination] = s.Sink.Name
		}
		props[streamNameKey] = streamName
		props[streamAppLabelKey] = app.Label
		props[streamAppTypeKey] = string(app.Type)
		app.Properties = props
		out[i] = app
	}
	return out
}

// streamArgProperties copies an app's arguments in definition order: inputType and outputType (in any case)
// become the binding content types instead of properties of their own, and an argument without text becomes
// SCDF's \"\".
func streamArgProperties(args []dsl.Property) map[string]string {
	props := make(map[string]string, len(args)+9)
	for _, p := range args {
		switch {
		case strings.EqualFold(p.Name, "inputType"):
			props[streamInputContentType] = p.Value
		case strings.EqualFold(p.Name, "outputType"):
			props[streamOutputContentType] = p.Value
		case !javaHasText(p.Value):
			props[p.Name] = streamEmptyValue
		default:
			props[p.Name] = p.Value
		}
	}
	return props
}

// javaHasText is Spring's StringUtils.hasText: some character that Java's Character.isWhitespace does not call
// whitespace (which, unlike unicode.IsSpace, excludes the no-break spaces).
func javaHasText(s string) bool {
	for _, r := range s {
		switch {
		case r == '\u00A0' || r == '\u2007' || r == '\u202F':
			return true
		case r >= '\t' && r <= '\r' || r >= '\u001C' && r <= '\u001F' || unicode.In(r, unicode.Zs, unicode.Zl, unicode.Zp):
			continue
		}
		return true
	}
	return false
}

// sourceGroup is the consumer group of a source destination: its last "group" argument (in any case), else the
// stream name.
func sourceGroup(streamName string, d *dsl.Destination) string {
	group := streamName
	for _, p := range d.Properties {
		if strings.EqualFold(p.Name, "group") {
			group = p.Value
		}
	}
	return group
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
	case i < last || s.Sink != nil:
		return AppTypeProcessor
	}
	return AppTypeSink
}
