// Command exitwith is a sample task app that exits with the code given as --code (default 1), after printing
// its arguments and sleeping for --sleep (default none): it shows how dataflow records a failed or a long task.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	code := 1
	for _, a := range os.Args[1:] {
		fmt.Println("argument:", a)
		if v, ok := strings.CutPrefix(a, "--code="); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				fmt.Fprintln(os.Stderr, "--code must be a number:", v)
				os.Exit(2)
			}
			code = n
		}
		if v, ok := strings.CutPrefix(a, "--sleep="); ok {
			d, err := time.ParseDuration(v)
			if err != nil {
				fmt.Fprintln(os.Stderr, "--sleep must be a duration such as 2s:", v)
				os.Exit(2)
			}
			time.Sleep(d)
		}
	}
	os.Exit(code)
}
