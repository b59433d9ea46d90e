package shell

import (
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/dataflow-cli/dataflow/flow"
	"github.com/dataflow-cli/dataflow/shell/render"
)

func newAuditCommand(d *cmdDeps) *cobra.Command {
	return noun("audit-record", "Inspect the audit trail of state-changing commands", newAuditListCommand(d))
}

// auditView is an audit record as -o json|yaml shows it.
type auditView struct {
	ID          int64     `json:"id" yaml:"id"`
	CreatedAt   time.Time `json:"createdOn" yaml:"createdOn"`
	Actor       string    `json:"createdBy" yaml:"createdBy"`
	Operation   string    `json:"operation" yaml:"operation"`
	Action      string    `json:"action" yaml:"action"`
	Correlation string    `json:"correlationId" yaml:"correlationId"`
	Platform    string    `json:"platformName,omitempty" yaml:"platformName,omitempty"`
	Result      string    `json:"result" yaml:"result"`
	Data        string    `json:"auditData,omitempty" yaml:"auditData,omitempty"`
}

func newAuditListCommand(d *cmdDeps) *cobra.Command {
	var filter flow.AuditFilter
	var operation, action string
	cmd := leaf("list", "List the audit records, newest first", groupAudit, nil)
	format := addOutputFlag(cmd)
	cmd.Flags().StringVar(&operation, "operation", "", "only records of this operation (APP_REGISTRATION, STREAM, TASK, ...)")
	cmd.Flags().StringVar(&action, "action", "", "only records of this action (CREATE, DELETE, DEPLOY, ...)")
	cmd.Flags().IntVar(&filter.Limit, "limit", 100, "show at most this many records (0 for all)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		filter.Operation, filter.Action = flow.AuditOperation(operation), flow.AuditAction(action)
		fl, err := d.Flow(cmd.Context())
		if err != nil {
			return err
		}
		recs, err := fl.AuditRecords(cmd.Context(), filter)
		if err != nil {
			return err
		}
		views := make([]auditView, 0, len(recs))
		for _, r := range recs {
			views = append(views, auditView{r.ID, r.CreatedAt, r.Actor, string(r.Operation), string(r.Action), r.Correlation, r.Platform, r.Result, r.Data})
		}
		return d.printListing(*format, views, func() render.Table {
			t := render.Table{Headers: []string{"Id", "Created On", "Created By", "Operation", "Action", "Name", "Platform", "Result", "Data"}}
			for _, v := range views {
				t.Rows = append(t.Rows, []string{strconv.FormatInt(v.ID, 10), d.formatTime(v.CreatedAt), v.Actor, v.Operation, v.Action, v.Correlation, v.Platform, v.Result, v.Data})
			}
			return t
		})
	}
	return cmd
}
