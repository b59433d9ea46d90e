// Package procid names a process for the life of the machine: its pid and its start time, so that a pid the
// kernel has given to another process is never mistaken for the one we recorded.
package procid

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// StartTime is the start time of a process in clock ticks since boot (/proc/<pid>/stat, field 22).
// A zombie counts as ended (os.ErrNotExist).
func StartTime(pid int) (string, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "", err
	}
	// The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
	rest := string(b[strings.LastIndexByte(string(b), ')')+1:])
	fields := strings.Fields(rest)
	if len(fields) < 20 {
		return "", fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	if fields[0] == "Z" {
		return "", os.ErrNotExist
	}
	return fields[19], nil
}

// Of returns the identity of a process as "pid=N start=T".
func Of(pid int) (string, error) {
	start, err := StartTime(pid)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("pid=%d start=%s", pid, start), nil
}

// Self is this process's identity.
func Self() string {
	id, _ := Of(os.Getpid())
	return id
}

// Parse reads an identity written by Of.
func Parse(id string) (pid int, start string, err error) {
	if _, err := fmt.Sscanf(id, "pid=%d start=%s", &pid, &start); err != nil || start == "" {
		return 0, "", fmt.Errorf("not a process identity: %q", id)
	}
	return pid, start, nil
}

// Gone is true when the identified process has ended, or its pid now belongs to another process. An identity
// that cannot be read, or a /proc that cannot be, errs on the side of "still there".
func Gone(id string) bool {
	pid, start, err := Parse(id)
	if err != nil {
		return false
	}
	now, err := StartTime(pid)
	if errors.Is(err, os.ErrNotExist) {
		return true
	}
	return err == nil && now != start
}
