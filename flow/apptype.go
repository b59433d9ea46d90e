package flow

import (
	"fmt"
	"strings"
)

// AppType is SCDF's ApplicationType.
type AppType string

const (
	AppTypeApp       AppType = "app"
	AppTypeSource    AppType = "source"
	AppTypeProcessor AppType = "processor"
	AppTypeSink      AppType = "sink"
	AppTypeTask      AppType = "task"
)

// AppTypes lists the types in SCDF's order, which is also the column order of `app list`.
var AppTypes = []AppType{AppTypeApp, AppTypeSource, AppTypeProcessor, AppTypeSink, AppTypeTask}

// ParseAppType accepts a type name in any case.
func ParseAppType(s string) (AppType, error) {
	for _, t := range AppTypes {
		if strings.EqualFold(s, string(t)) {
			return t, nil
		}
	}
	names := make([]string, len(AppTypes))
	for i, t := range AppTypes {
		names[i] = string(t)
	}
	return "", fmt.Errorf("Failed to convert '%s' to an application type: expected one of %s", s, strings.Join(names, ", "))
}
