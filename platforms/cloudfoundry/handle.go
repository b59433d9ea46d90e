package cloudfoundry

import (
	"encoding/json"
	"fmt"
)

// appHandle is what SQLite keeps to find a stream app again: its name (users see it, instances are named after
// it) and its GUID (status, scale and undeploy address the app by it, with no lookup by name).
type appHandle struct {
	Name string `json:"app"`
	GUID string `json:"guid"`
}

func (h appHandle) String() string {
	raw, _ := json.Marshal(h)
	return string(raw)
}

func parseHandle(s string) (appHandle, error) {
	var h appHandle
	if err := json.Unmarshal([]byte(s), &h); err != nil || h.GUID == "" || h.Name == "" {
		return appHandle{}, fmt.Errorf("'%s' is not the handle of a Cloud Foundry app", s)
	}
	return h, nil
}
