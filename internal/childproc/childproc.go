// Package childproc ties a child's life to the process that started it, so that a supervisor killed with
// SIGKILL (which it cannot catch) does not leave its app running where nothing records or stops it.
package childproc

import (
	"os/exec"
	"syscall"
)

// DieWithParent makes the process cmd starts receive sig when this process ends, however it ends. Call it
// just before cmd.Start, in the goroutine that starts and waits for cmd, and call release once cmd has ended.
// Where the system cannot do this (not Linux) it does nothing.
func DieWithParent(cmd *exec.Cmd, sig syscall.Signal) (release func()) {
	return dieWithParent(cmd, sig)
}
