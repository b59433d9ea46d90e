package flow

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// SCDFApp is one app registration as SCDF's /apps lists it.
type SCDFApp struct {
	Type           string `json:"type"`
	Name           string `json:"name"`
	URI            string `json:"uri"`
	Version        string `json:"version"`
	DefaultVersion bool   `json:"defaultVersion"`
	BootVersion    string `json:"bootVersion"`
	MetadataURI    string `json:"metaDataUri"`
}

// SCDFStream is one stream definition, with the deployment properties SCDF keeps for it (its last deploy's).
type SCDFStream struct {
	Name                 string            `json:"name"`
	DSL                  string            `json:"dslText"`
	Description          string            `json:"description"`
	Platform             string            `json:"-"`
	DeploymentProperties map[string]string `json:"-"`
	// Status is the stream's state as SCDF reports it (deployed, partial, undeployed, ...).
	Status string `json:"-"`
}

// SCDFTask is one task definition.
type SCDFTask struct {
	Name        string `json:"name"`
	DSL         string `json:"dslText"`
	Description string `json:"description"`
}

// SCDFSchedule is one schedule as SCDF's scheduler lists it.
type SCDFSchedule struct {
	Name       string            `json:"scheduleName"`
	TaskName   string            `json:"taskDefinitionName"`
	Platform   string            `json:"platform"`
	Properties map[string]string `json:"scheduleProperties"`
}

// Cron is the schedule's cron expression, which SCDF keeps among the schedule's properties (under the
// deployer's prefix when a schedule's properties are listed as they were given).
func (s SCDFSchedule) Cron() string {
	if c := s.Properties[cronExpressionKey]; c != "" {
		return c
	}
	return s.Properties["spring.cloud.deployer.cron.expression"]
}

// SCDFEstate is what an SCDF server holds that `scdf import` reads.
type SCDFEstate struct {
	Apps      []SCDFApp
	Streams   []SCDFStream
	Tasks     []SCDFTask
	Schedules []SCDFSchedule
	// Executions are read only when asked for (`scdf import --executions`).
	Executions []SCDFExecution
}

// skipperPlatformKey is the deployment property in which SCDF records the Skipper platform a stream went to.
const skipperPlatformKey = "spring.cloud.dataflow.skipper.platformName"

// ReadSCDF reads the app registrations, stream definitions (with deployment properties and platform), task
// definitions and schedules of an SCDF 2.x server. It writes nothing anywhere.
func ReadSCDF(ctx context.Context, server SCDFServer) (SCDFEstate, error) {
	c, err := newSCDFClient(server)
	if err != nil {
		return SCDFEstate{}, err
	}
	if err := c.checkRoot(ctx); err != nil {
		return SCDFEstate{}, err
	}
	var est SCDFEstate
	type appItem struct {
		SCDFApp
		BootVersion json.RawMessage `json:"bootVersion"`
	}
	err = listItems(ctx, c, "/apps", "appRegistrationResourceList", func(a appItem) error {
		a.SCDFApp.BootVersion = bootVersionOf(a.BootVersion)
		est.Apps = append(est.Apps, a.SCDFApp)
		return nil
	})
	if err != nil {
		return SCDFEstate{}, err
	}
	err = listItems(ctx, c, "/streams/definitions", "streamDefinitionResourceList", func(s SCDFStream) error {
		est.Streams = append(est.Streams, s)
		return nil
	})
	if err != nil {
		return SCDFEstate{}, err
	}
	for i := range est.Streams {
		if err := c.readDeployment(ctx, &est.Streams[i]); err != nil {
			return SCDFEstate{}, err
		}
	}
	err = listItems(ctx, c, "/tasks/definitions", "taskDefinitionResourceList", func(t SCDFTask) error {
		est.Tasks = append(est.Tasks, t)
		return nil
	})
	if err != nil {
		return SCDFEstate{}, err
	}
	if c.hasSchedules {
		err = listItems(ctx, c, "/tasks/schedules", "scheduleInfoResourceList", func(s SCDFSchedule) error {
			est.Schedules = append(est.Schedules, s)
			return nil
		})
		if err != nil {
			return SCDFEstate{}, err
		}
	}
	return est, nil
}

// checkRoot reads the server's root resource, which lists its endpoints as links: a server that answers
// without them is not SCDF. Scheduling is optional in SCDF; without it the root has no schedules link.
func (c *scdfClient) checkRoot(ctx context.Context) error {
	var root halPage
	status, err := c.get(ctx, c.base.String()+"/", &root)
	if err != nil {
		return err
	}
	if status == http.StatusNotFound || root.Links == nil {
		return fmt.Errorf("%s is not an SCDF server: its root resource has no _links", c.display())
	}
	for _, need := range []string{"apps", "streams/definitions", "tasks/definitions"} {
		if _, ok := root.Links[need]; !ok {
			return fmt.Errorf("%s is not an SCDF server (or not 2.x with streams and tasks enabled): its root resource has no '%s' link", c.display(), need)
		}
	}
	_, c.hasSchedules = root.Links["tasks/schedules"]
	_, c.hasExecutions = root.Links["tasks/executions"]
	return nil
}

// readDeployment fills in a stream's deployment properties and platform from /streams/deployments/{name}, where
// SCDF keeps them as a JSON text; a server that has none for the stream answers 404.
func (c *scdfClient) readDeployment(ctx context.Context, s *SCDFStream) error {
	var d struct {
		DeploymentProperties json.RawMessage `json:"deploymentProperties"`
		Status               string          `json:"status"`
	}
	target := c.base.String() + "/streams/deployments/" + url.PathEscape(s.Name)
	status, err := c.get(ctx, target, &d)
	if err != nil || status == http.StatusNotFound {
		return err
	}
	s.Status = d.Status
	props, err := deploymentPropertiesOf(d.DeploymentProperties)
	if err != nil {
		return fmt.Errorf("%s is not an SCDF server: the deployment properties of stream '%s' are not a map (%v)", c.display(), s.Name, err)
	}
	if p, ok := props[skipperPlatformKey]; ok {
		s.Platform = p
		delete(props, skipperPlatformKey)
	}
	if len(props) > 0 {
		s.DeploymentProperties = props
	}
	return nil
}

// deploymentPropertiesOf reads SCDF's deploymentProperties, a JSON object serialised into a string (or, from
// some versions, the object itself).
func deploymentPropertiesOf(raw json.RawMessage) (map[string]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var text string
	if json.Unmarshal(raw, &text) == nil {
		if strings.TrimSpace(text) == "" {
			return nil, nil
		}
		raw = json.RawMessage(text)
	}
	var props map[string]string
	if err := json.Unmarshal(raw, &props); err != nil {
		return nil, err
	}
	return props, nil
}

// bootVersionOf reads SCDF's bootVersion, an AppBootSchemaVersion that serialises as "2" or "3" (older servers
// spell the enum constant, BOOT2/BOOT3).
func bootVersionOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		var n int
		if json.Unmarshal(raw, &n) == nil && n > 0 {
			return fmt.Sprint(n)
		}
		return ""
	}
	return strings.TrimPrefix(strings.ToUpper(s), "BOOT")
}
