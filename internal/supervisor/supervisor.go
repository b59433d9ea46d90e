// Package supervisor runs the dataflow processes that outlive the command that started them: the supervisor of
// a local run (`dataflow __supervise`), which waits for a task or stream app and records how it ended, and the
// background runner of a detached composed task (`dataflow __compose`), which walks the task's graph. The shell
// keeps both as hidden commands that only hand their options to this package.
package supervisor

import (
	"os"
	"strconv"
)

// The hidden commands that start the processes of this package.
const (
	SuperviseCommand = "__supervise"
	ComposeCommand   = "__compose"
)

// Binary is the dataflow executable the background processes run as, and the files they work on: they must
// open the same store (and, for a composed graph, the same accounts) as the command that started them.
type Binary struct {
	// Executable is the dataflow binary; empty means this process's own.
	Executable string
	DBPath     string
	// ConfigPath is the accounts file; empty when there is none.
	ConfigPath string
}

// SuperviseArgv is the command line of a supervisor; the local platform appends the run's own options
// ("--execution N" or "--exit-file F") and "-- <command>".
func (b Binary) SuperviseArgv() []string {
	return []string{b.executable(), "--db", b.DBPath, SuperviseCommand}
}

// composeArgv is the command line of the background runner of a composed task's graph. Without a ConfigPath
// (no accounts file: the embedded default) the runner finds the same default the starting command did.
func (b Binary) composeArgv(execution int64) []string {
	argv := []string{b.executable(), "--db", b.DBPath}
	if b.ConfigPath != "" {
		argv = append(argv, "--config", b.ConfigPath)
	}
	return append(argv, ComposeCommand, "--execution", strconv.FormatInt(execution, 10))
}

func (b Binary) executable() string {
	if b.Executable != "" {
		return b.Executable
	}
	exe, _ := os.Executable()
	return exe
}
