package taskdb

import (
	"fmt"
	"strings"
)

// Target is one of SCDF 2.11's schema targets: boot2 apps (Spring Cloud Task 2, Spring Batch 4) write the
// TASK_ and BATCH_ tables, boot3 apps (Task 3, Batch 5) the BOOT3_ ones.
type Target struct {
	Name        string `json:"name" yaml:"name"`
	TaskPrefix  string `json:"taskPrefix" yaml:"taskPrefix"`
	BatchPrefix string `json:"batchPrefix" yaml:"batchPrefix"`
}

var (
	Boot2 = Target{Name: "boot2", TaskPrefix: "TASK_", BatchPrefix: "BATCH_"}
	Boot3 = Target{Name: "boot3", TaskPrefix: "BOOT3_TASK_", BatchPrefix: "BOOT3_BATCH_"}
	// Targets are both, in the order their tables were introduced.
	Targets = []Target{Boot2, Boot3}
)

// TargetNamed finds a schema target by name (SCDF's --schemaTarget); "" is boot2, SCDF's default.
func TargetNamed(name string) (Target, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "boot2":
		return Boot2, nil
	case "boot3":
		return Boot3, nil
	}
	return Target{}, fmt.Errorf("Invalid schemaTarget '%s': the schema targets are boot2 and boot3", name)
}

// TargetForBootVersion is the schema target of an app registered with --bootVersion ("", "2" or "3").
func TargetForBootVersion(v string) Target {
	if v == "3" {
		return Boot3
	}
	return Boot2
}

// column is one column as Spring's DDL writes it, per engine family.
type column struct {
	name     string
	postgres string
	mysql    string
}

// table is one of Spring's tables. constraints are written with %[1]s for the table prefix.
type table struct {
	name        string // without its prefix
	columns     []column
	constraints []string
}

func col(name, pg, my string) column { return column{name: name, postgres: pg, mysql: my} }

// same is a column written the same way for every engine.
func same(name, typ string) column { return column{name: name, postgres: typ, mysql: typ} }

// taskTables are Spring Cloud Task 2.4's tables (schema-postgresql.sql, schema-mysql.sql; MariaDB apps use the
// MySQL schema); SCDF 2.11's BOOT3_ migrations give boot3 the same columns, with fractional seconds on MySQL.
func taskTables(t Target) []table {
	startEnd := "DATETIME"
	if t == Boot3 {
		startEnd = "DATETIME(6)"
	}
	return []table{
		{name: "EXECUTION", columns: []column{
			same("TASK_EXECUTION_ID", "BIGINT NOT NULL PRIMARY KEY"),
			col("START_TIME", "TIMESTAMP DEFAULT NULL", startEnd+" DEFAULT NULL"),
			col("END_TIME", "TIMESTAMP DEFAULT NULL", startEnd+" DEFAULT NULL"),
			same("TASK_NAME", "VARCHAR(100)"),
			same("EXIT_CODE", "INTEGER"),
			same("EXIT_MESSAGE", "VARCHAR(2500)"),
			same("ERROR_MESSAGE", "VARCHAR(2500)"),
			// Spring writes a bare TIMESTAMP; on a MySQL or MariaDB server without
			// explicit_defaults_for_timestamp that column would be NOT NULL and rewrite itself on every
			// update, so it is made nullable there, which is what newer servers make of Spring's DDL.
			col("LAST_UPDATED", "TIMESTAMP", "TIMESTAMP NULL"),
			same("EXTERNAL_EXECUTION_ID", "VARCHAR(255)"),
			same("PARENT_EXECUTION_ID", "BIGINT"),
		}},
		{name: "EXECUTION_PARAMS", columns: []column{
			same("TASK_EXECUTION_ID", "BIGINT NOT NULL"),
			same("TASK_PARAM", "VARCHAR(2500)"),
		}, constraints: []string{"constraint %[2]sEXEC_PARAMS_FK foreign key (TASK_EXECUTION_ID) references %[1]sEXECUTION(TASK_EXECUTION_ID)"}},
		{name: "TASK_BATCH", columns: []column{
			same("TASK_EXECUTION_ID", "BIGINT NOT NULL"),
			same("JOB_EXECUTION_ID", "BIGINT NOT NULL"),
		}, constraints: []string{"constraint %[3]s foreign key (TASK_EXECUTION_ID) references %[1]sEXECUTION(TASK_EXECUTION_ID)"}},
		{name: "LOCK", columns: []column{
			same("LOCK_KEY", "CHAR(36) NOT NULL"),
			same("REGION", "VARCHAR(100) NOT NULL"),
			same("CLIENT_ID", "CHAR(36)"),
			col("CREATED_DATE", "TIMESTAMP NOT NULL", "DATETIME(6) NOT NULL"),
		}, constraints: []string{"constraint %[2]sLOCK_PK primary key (LOCK_KEY, REGION)"}},
	}
}

// batchTables are Spring Batch 4.3's job repository (boot2, JOB_CONFIGURATION_LOCATION included) and Spring
// Batch 5's as SCDF 2.11 creates it for boot3 (parameters as name/type/value, a step CREATE_TIME, no
// JOB_CONFIGURATION_LOCATION).
func batchTables(t Target) []table {
	ts, tsNull, tsNotNull := col("", "TIMESTAMP", "DATETIME(6)"), col("", "TIMESTAMP DEFAULT NULL", "DATETIME(6) DEFAULT NULL"), col("", "TIMESTAMP NOT NULL", "DATETIME(6) NOT NULL")
	named := func(name string, c column) column { c.name = name; return c }
	jobExecution := []column{
		same("JOB_EXECUTION_ID", "BIGINT NOT NULL PRIMARY KEY"),
		same("VERSION", "BIGINT"),
		same("JOB_INSTANCE_ID", "BIGINT NOT NULL"),
		named("CREATE_TIME", tsNotNull),
		named("START_TIME", tsNull),
		named("END_TIME", tsNull),
		same("STATUS", "VARCHAR(10)"),
		same("EXIT_CODE", "VARCHAR(2500)"),
		same("EXIT_MESSAGE", "VARCHAR(2500)"),
		named("LAST_UPDATED", ts),
	}
	params := []column{
		same("JOB_EXECUTION_ID", "BIGINT NOT NULL"),
		same("TYPE_CD", "VARCHAR(6) NOT NULL"),
		same("KEY_NAME", "VARCHAR(100) NOT NULL"),
		same("STRING_VAL", "VARCHAR(250)"),
		named("DATE_VAL", tsNull),
		same("LONG_VAL", "BIGINT"),
		same("DOUBLE_VAL", "DOUBLE PRECISION"),
		same("IDENTIFYING", "CHAR(1) NOT NULL"),
	}
	step := []column{
		same("STEP_EXECUTION_ID", "BIGINT NOT NULL PRIMARY KEY"),
		same("VERSION", "BIGINT NOT NULL"),
		same("STEP_NAME", "VARCHAR(100) NOT NULL"),
		same("JOB_EXECUTION_ID", "BIGINT NOT NULL"),
		named("START_TIME", tsNotNull),
	}
	if t == Boot3 {
		params = []column{
			same("JOB_EXECUTION_ID", "BIGINT NOT NULL"),
			same("PARAMETER_NAME", "VARCHAR(100) NOT NULL"),
			same("PARAMETER_TYPE", "VARCHAR(100) NOT NULL"),
			same("PARAMETER_VALUE", "VARCHAR(2500)"),
			same("IDENTIFYING", "CHAR(1) NOT NULL"),
		}
		step = step[:4:4]
		step = append(step, named("CREATE_TIME", tsNotNull), named("START_TIME", tsNull))
	} else {
		jobExecution = append(jobExecution, same("JOB_CONFIGURATION_LOCATION", "VARCHAR(2500) NULL"))
	}
	step = append(step, named("END_TIME", tsNull), same("STATUS", "VARCHAR(10)"), same("COMMIT_COUNT", "BIGINT"),
		same("READ_COUNT", "BIGINT"), same("FILTER_COUNT", "BIGINT"), same("WRITE_COUNT", "BIGINT"),
		same("READ_SKIP_COUNT", "BIGINT"), same("WRITE_SKIP_COUNT", "BIGINT"), same("PROCESS_SKIP_COUNT", "BIGINT"),
		same("ROLLBACK_COUNT", "BIGINT"), same("EXIT_CODE", "VARCHAR(2500)"), same("EXIT_MESSAGE", "VARCHAR(2500)"),
		named("LAST_UPDATED", ts))
	context := func(id string) []column {
		return []column{same(id, "BIGINT NOT NULL PRIMARY KEY"), same("SHORT_CONTEXT", "VARCHAR(2500) NOT NULL"), same("SERIALIZED_CONTEXT", "TEXT")}
	}
	return []table{
		{name: "JOB_INSTANCE", columns: []column{
			same("JOB_INSTANCE_ID", "BIGINT NOT NULL PRIMARY KEY"),
			same("VERSION", "BIGINT"),
			same("JOB_NAME", "VARCHAR(100) NOT NULL"),
			same("JOB_KEY", "VARCHAR(32) NOT NULL"),
		}, constraints: []string{"constraint %[2]sJOB_INST_UN unique (JOB_NAME, JOB_KEY)"}},
		{name: "JOB_EXECUTION", columns: jobExecution,
			constraints: []string{"constraint %[2]sJOB_INST_EXEC_FK foreign key (JOB_INSTANCE_ID) references %[1]sJOB_INSTANCE(JOB_INSTANCE_ID)"}},
		{name: "JOB_EXECUTION_PARAMS", columns: params,
			constraints: []string{"constraint %[2]sJOB_EXEC_PARAMS_FK foreign key (JOB_EXECUTION_ID) references %[1]sJOB_EXECUTION(JOB_EXECUTION_ID)"}},
		{name: "STEP_EXECUTION", columns: step,
			constraints: []string{"constraint %[2]sJOB_EXEC_STEP_FK foreign key (JOB_EXECUTION_ID) references %[1]sJOB_EXECUTION(JOB_EXECUTION_ID)"}},
		{name: "STEP_EXECUTION_CONTEXT", columns: context("STEP_EXECUTION_ID"),
			constraints: []string{"constraint %[2]sSTEP_EXEC_CTX_FK foreign key (STEP_EXECUTION_ID) references %[1]sSTEP_EXECUTION(STEP_EXECUTION_ID)"}},
		{name: "JOB_EXECUTION_CONTEXT", columns: context("JOB_EXECUTION_ID"),
			constraints: []string{"constraint %[2]sJOB_EXEC_CTX_FK foreign key (JOB_EXECUTION_ID) references %[1]sJOB_EXECUTION(JOB_EXECUTION_ID)"}},
	}
}

// constraintPrefix is how Spring names a target's constraints: none for boot2 (JOB_INST_UN), BOOT3_ for boot3.
func constraintPrefix(t Target) string {
	if t == Boot3 {
		return "BOOT3_"
	}
	return ""
}

// taskBatchFK is the TASK_TASK_BATCH foreign key's name, which SCDF spelled differently for boot3.
func taskBatchFK(t Target) string {
	if t == Boot3 {
		return "BOOT3_EXEC_BATCH_FK"
	}
	return "TASK_EXEC_BATCH_FK"
}

// createTableSQL renders a table's CREATE TABLE for an engine family.
func createTableSQL(e Engine, prefix string, t Target, tb table) string {
	var lines []string
	for _, c := range tb.columns {
		typ := c.postgres
		if e != PostgreSQL {
			typ = c.mysql
		}
		lines = append(lines, "\t"+c.name+" "+typ)
	}
	for _, c := range tb.constraints {
		lines = append(lines, "\t"+fmt.Sprintf(c, prefix, constraintPrefix(t), taskBatchFK(t)))
	}
	s := "CREATE TABLE " + prefix + tb.name + " (\n" + strings.Join(lines, ",\n") + "\n)"
	if e != PostgreSQL {
		s += " ENGINE=InnoDB"
	}
	return s
}

// sequences are the id generators of a target: TASK_SEQ and Spring Batch's three.
func sequences(t Target) []string {
	return []string{t.TaskPrefix + "SEQ", t.BatchPrefix + "STEP_EXECUTION_SEQ", t.BatchPrefix + "JOB_EXECUTION_SEQ", t.BatchPrefix + "JOB_SEQ"}
}

// usesSequenceObjects says whether the target's id generators are SEQUENCE objects (PostgreSQL; MariaDB for
// boot3, as Spring Batch 5 and Task 3 use MariaDB's sequences) or Spring's one-row tables (MySQL, and MariaDB for
// boot2, whose apps treat MariaDB as MySQL).
func usesSequenceObjects(e Engine, t Target) bool {
	return e == PostgreSQL || (e == MariaDB && t == Boot3)
}

// index is one of the indexes SCDF 2.11 adds (V11/V12 CreateBatchIndexes, CreateTaskParentIndex).
type index struct{ name, table, column string }

func indexes(t Target) []index {
	p := constraintPrefix(t)
	return []index{
		{p + "BATCH_STEP_EXECUTION_JOB_EXECUTION_ID_IX", t.BatchPrefix + "STEP_EXECUTION", "JOB_EXECUTION_ID"},
		{p + "TASK_TASK_BATCH_JOB_EXECUTION_ID_IX", t.TaskPrefix + "TASK_BATCH", "JOB_EXECUTION_ID"},
		{p + "BATCH_JOB_EXECUTION_START_TIME_IX", t.BatchPrefix + "JOB_EXECUTION", "START_TIME"},
		{p + "TASK_EXECUTION_PARENT_IX", t.TaskPrefix + "EXECUTION", "PARENT_EXECUTION_ID"},
	}
}
