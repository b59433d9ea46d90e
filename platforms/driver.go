package platforms

// Driver builds the clients of one kind of account (local, Kubernetes, Cloud Foundry) and says what flow needs to
// know about that kind to apply SCDF's rules. cmd/dataflow hands flow one driver per account type; flow builds
// and keeps the clients it needs, so neither flow nor shell imports an implementation or asks which kind an
// account is.
type Driver interface {
	// Apps builds the stream app deployer of an account.
	Apps(acc Account, env Environment) (AppDeployer, error)
	// Tasks builds the task launcher of an account.
	Tasks(acc Account, env Environment) (TaskLauncher, error)
	// Schedules builds the task scheduler of an account; Traits(acc).NoSchedules says first whether it has one.
	Schedules(acc Account, env Environment) (Scheduler, error)
	// Traits are the account's facts that change how SCDF's rules apply; reading them calls nothing.
	Traits(acc Account) Traits
}

// Traits are what differs between kinds of platform where flow applies SCDF's rules.
type Traits struct {
	// NoSchedules is nil when the account can keep schedules, else why it cannot, as a user would be told.
	NoSchedules error
	// Cron describes the cron expressions the account's scheduler reads.
	Cron CronDialect
	// ScheduleNames says how a schedule's name names the platform's object.
	ScheduleNames ScheduleNaming
	// TaskLogFiles is true when task runs write their output to a file under dataflow's data directory (the
	// run's log is that file), false when the platform keeps it (a pod's log).
	// (LocalWorkDir names the directory.)
	TaskLogFiles bool
}

// CronDialect is the form of cron expression a scheduler reads.
type CronDialect int

const (
	// CronKubernetes is the standard 5-field cron a CronJob reads, with its macros (@daily).
	CronKubernetes CronDialect = iota
	// CronQuartzOrStandard is Cloud Foundry's scheduler: a 5-field Quartz expression with '?' as SCDF users
	// wrote it, or a standard cron that the platform converts.
	CronQuartzOrStandard
)

// ScheduleNaming is how a schedule name becomes the name of the platform's object.
type ScheduleNaming int

const (
	// ScheduleNamesDNSLabel: lower-cased, and a DNS-1123 label short enough for the Jobs a CronJob names
	// after it.
	ScheduleNamesDNSLabel ScheduleNaming = iota
	// ScheduleNamesAsGiven: kept as given, up to 255 characters (a PCF Scheduler job).
	ScheduleNamesAsGiven
)
