package store

// The store keeps these words as text; their types keep a status from being compared with, or written as, any
// other string.

// ReleaseStatus is a release's state, as Skipper's StatusCode spells it.
type ReleaseStatus string

const (
	ReleaseUnknown  ReleaseStatus = "UNKNOWN" // an install, upgrade or rollback is underway
	ReleaseDeployed ReleaseStatus = "DEPLOYED"
	ReleaseDeleted  ReleaseStatus = "DELETED"
	ReleaseFailed   ReleaseStatus = "FAILED"
)

// ExecutionStatus is a task execution's state, as SCDF's task execution listing shows it.
type ExecutionStatus string

const (
	ExecutionLaunching ExecutionStatus = "LAUNCHING" // recorded, the run not yet started
	ExecutionRunning   ExecutionStatus = "RUNNING"
	ExecutionComplete  ExecutionStatus = "COMPLETE" // ended with exit code 0
	ExecutionError     ExecutionStatus = "ERROR"    // ended otherwise, or never started
)

// AuditOperation is what an audit record is about, as SCDF's AuditOperationType spells it.
type AuditOperation string

const (
	AuditAppRegistration AuditOperation = "APP_REGISTRATION"
	AuditStream          AuditOperation = "STREAM"
	AuditTask            AuditOperation = "TASK"
	AuditSchedule        AuditOperation = "SCHEDULE"
)

// AuditAction is what was done, as SCDF's AuditActionType spells it.
type AuditAction string

const (
	AuditCreate   AuditAction = "CREATE"
	AuditDelete   AuditAction = "DELETE"
	AuditDeploy   AuditAction = "DEPLOY"
	AuditUndeploy AuditAction = "UNDEPLOY"
	AuditUpdate   AuditAction = "UPDATE"
	AuditRollback AuditAction = "ROLLBACK"
	AuditScale    AuditAction = "SCALE"
)
