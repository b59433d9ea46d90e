package shell

import (
	"fmt"

	"github.com/dataflow-cli/dataflow/flow"
)

const scdfExecutionsHelp = "import SCDF's task executions too, with their ids, as the history of the tasks imported (runs not ended in SCDF stay SCDF's: never stopped or settled here)"

// printSCDFExecutionTotals says what became of SCDF's executions, one by one (the table sums them up per task).
func printSCDFExecutionTotals(o *scdfImportOptions, res flow.SCDFImportResult) {
	if len(res.Executions) == 0 {
		return
	}
	fmt.Fprintf(o.out, "Task executions: %d created, %d updated, %d unchanged, %d conflicts left alone, %d skipped\n",
		res.ExecutionCount(flow.SCDFCreate), res.ExecutionCount(flow.SCDFUpdate), res.ExecutionCount(flow.SCDFUnchanged),
		res.ExecutionCount(flow.SCDFConflict), res.ExecutionCount(flow.SCDFSkipped))
	if n := res.ExecutionCount(flow.SCDFConflict); n > 0 {
		fmt.Fprintf(o.errOut, "Warning: %d task executions were left out: their ids name other executions here (--force does not replace a run's record)\n", n)
	}
}

// printSCDFSkippedExecutions lists, per task, the executions left in SCDF because their task is not defined
// here as SCDF defines it.
func printSCDFSkippedExecutions(o *scdfImportOptions, res flow.SCDFImportResult) {
	first := true
	for _, c := range res.Changes {
		if c.Action != flow.SCDFSkipped {
			continue
		}
		if first {
			fmt.Fprintf(o.errOut, "Note: %d task executions were not imported (they stay in SCDF):\n", res.ExecutionCount(flow.SCDFSkipped))
			first = false
		}
		fmt.Fprintf(o.errOut, "  %s: %s\n", c.Name, c.Detail)
	}
}
