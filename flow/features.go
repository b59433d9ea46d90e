package flow

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dataflow-cli/dataflow/platforms/accounts"
)

// Feature is a switchable area, as SCDF's spring.cloud.dataflow.features.<name>-enabled.
type Feature string

const (
	FeatureStreams   Feature = "streams"
	FeatureTasks     Feature = "tasks"
	FeatureSchedules Feature = "schedules"
)

// CheckFeature explains why a feature is off: SCDF's environment variable wins over the config file, as an
// environment variable wins over application.yaml in Spring Boot.
func (a *Accounts) CheckFeature(feature Feature, getenv func(string) string, configPath string) error {
	env := "SPRING_CLOUD_DATAFLOW_FEATURES_" + strings.ToUpper(string(feature)) + "_ENABLED"
	if v := getenv(env); v != "" {
		on, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%s=%s is not true or false", env, v)
		}
		if !on {
			return fmt.Errorf("%s are disabled by %s=%s", capitalized(feature), env, v)
		}
		return nil
	}
	f := a.config.Features
	switch feature {
	case FeatureStreams:
		if !accounts.FeatureEnabled(f.Streams) {
			return fmt.Errorf("Streams are disabled by features.streams: false in %s", configPath)
		}
	case FeatureTasks:
		if !accounts.FeatureEnabled(f.Tasks) {
			return fmt.Errorf("Tasks are disabled by features.tasks: false in %s", configPath)
		}
	case FeatureSchedules:
		if !accounts.FeatureEnabled(f.Schedules) {
			return fmt.Errorf("Schedules are disabled by features.schedules: false in %s", configPath)
		}
	}
	return nil
}

func capitalized(f Feature) string { return strings.ToUpper(string(f[:1])) + string(f[1:]) }
