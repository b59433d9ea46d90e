package childproc

import (
	"os/exec"
	"runtime"
	"syscall"
)

// Linux sends the parent-death signal when the *thread* that forked the child ends, not the process. The Go
// runtime ends a thread when a goroutine exits while locked to it, and any goroutine may lock itself to the
// thread the child was forked from once this one has left it: the child would be killed with its parent alive.
// Keeping this goroutine locked to its thread until the child has ended means that thread ends only with the
// process.
func dieWithParent(cmd *exec.Cmd, sig syscall.Signal) func() {
	runtime.LockOSThread()
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = sig
	return runtime.UnlockOSThread
}
