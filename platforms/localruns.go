package platforms

import (
	"fmt"
	"os"
	"path/filepath"
)

// LocalWorkDir is where a local account's apps run and log: its workDir, else <dataDir>/local/<account>
// (SCDF used the JVM's temp dir; keeping it beside the database keeps logs findable after a reboot).
func LocalWorkDir(a Account, dataDir string) string {
	if a.Local != nil && a.Local.WorkDir != "" {
		return a.Local.WorkDir
	}
	if dataDir == "" {
		dataDir = os.TempDir()
	}
	return filepath.Join(dataDir, "local", a.Name)
}

// LocalRunID is the external execution id of a local run: the task's name and its supervisor's pid. The
// launcher records it, and so does the supervisor when the launcher died before it could.
func LocalRunID(task string, pid int) string { return fmt.Sprintf("%s-%d", task, pid) }
