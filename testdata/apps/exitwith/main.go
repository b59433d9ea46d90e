// Command exitwith is a sample task app that exits with the code given as --code (default 1), after printing
// its arguments: it shows how dataflow records a failed task.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
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
	}
	os.Exit(code)
}
