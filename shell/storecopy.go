package shell

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
)

// groupStore holds the commands that work on the store itself rather than on what it records.
const groupStore = "Store Commands"

// newStoreCommand is dataflow's own (SCDF kept its state in the server's database): moving a store between a
// SQLite file and a PostgreSQL database a team shares.
func newStoreCommand(d *cmdDeps) *cobra.Command {
	var from, to string
	copyCmd := leaf("copy", "Copy every record of a store into a new, empty one (SQLite file or PostgreSQL URL)", groupStore, nil)
	copyCmd.Use = "copy --to FILE|postgres://USER@HOST:PORT/DB [--from FILE|URL]"
	copyCmd.Long = `Copy every record of a store into a new, empty one: a local SQLite file into the PostgreSQL
database a team shares, or back. The target must hold nothing; the copy keeps the store's identity and its
execution ids, checks every table's row count, and writes all of it or nothing. The source is the current
store (--db, DATAFLOW_DB) unless --from names another. Stop using the source once the copy is in use: both
now carry the same identity, and each would take the other's platform objects for its own.`
	copyCmd.Flags().StringVar(&to, "to", "", "the store to copy into: a new SQLite file or an empty PostgreSQL database")
	copyCmd.Flags().StringVar(&from, "from", "", "the store to copy (default: the current store)")
	require(copyCmd, "to")
	copyCmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if from == "" {
			from = d.dbPath()
		}
		done, err := flow.CopyStore(cmd.Context(), from, to)
		if err != nil {
			return err
		}
		total := 0
		for _, c := range done.Tables {
			total += c.Rows
		}
		fmt.Fprintf(d.IO.Out, "Copied %d records from %s to %s\n", total, done.From, done.To)
		for _, c := range done.Tables {
			fmt.Fprintf(d.IO.Out, "  %-20s %d\n", c.Table, c.Rows)
		}
		return nil
	}
	return noun("store", "Move the store between a SQLite file and a shared PostgreSQL database", copyCmd)
}
