// Command timestamp is a sample task app: it prints the current time in --format (Java-style letters such as
// yyyy-MM-dd HH:mm:ss, as SCDF's timestamp task takes) and exits 0.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

func main() {
	fs := flag.NewFlagSet("timestamp", flag.ContinueOnError)
	format := fs.String("format", "yyyy-MM-dd HH:mm:ss.SSS", "the time format, in Java's letters")
	executionID := fs.String("spring.cloud.task.executionid", "", "the execution id dataflow assigned")
	// Unknown --key=value properties are ignored, as a Spring Boot app ignores properties it does not use.
	fs.Usage = func() {}
	args := knownOnly(os.Args[1:], "format", "spring.cloud.task.executionid")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	now := time.Now().Format(goLayout(*format))
	if *executionID == "" { // launched without a task database
		fmt.Println(now)
		return
	}
	fmt.Printf("execution %s: %s\n", *executionID, now)
}

// goLayout turns Java date letters into Go's reference layout.
func goLayout(java string) string {
	return strings.NewReplacer("yyyy", "2006", "MM", "01", "dd", "02", "HH", "15", "mm", "04", "ss", "05", "SSS", "000").Replace(java)
}

func knownOnly(args []string, names ...string) []string {
	var out []string
	for _, a := range args {
		for _, n := range names {
			if strings.HasPrefix(a, "--"+n+"=") {
				out = append(out, a)
			}
		}
	}
	return out
}
