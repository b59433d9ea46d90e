// Command batchtask is a test task app that does, in Go, what a Spring Boot app with Spring Cloud Task and a
// Spring Batch job does to the task database: it finds the execution row it was launched with (failing at start
// exactly as Spring Cloud Task's TaskLifecycleListener does when the row is missing), records its start and
// arguments, runs one job (a job instance keyed by its identifying parameters, a job execution, its parameters,
// two steps with counts) and records its end. Boot 2 apps write Spring Batch 4's columns, Boot 3 apps (table
// prefix BOOT3_) Spring Batch 5's.
//
// Options (Spring's names): --spring.datasource.url/username (the password from SPRING_DATASOURCE_PASSWORD or
// --spring.datasource.password), --spring.cloud.task.executionid, --spring.cloud.task.parent-execution-id,
// --spring.cloud.task.tablePrefix, --spring.batch.jdbc.table-prefix. Test switches: --items=N (read and written
// by the first step), --fail (the second step fails), --fail-once (it fails unless the job instance ran before),
// --exit-code=N. Other arguments without -- are job parameters, as Spring Boot's job runner reads them:
// key(type)=value or -key=value for Batch 4, key=value,type[,false] for Batch 5.
package main

import (
	"crypto/md5"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

type app struct {
	db          *sql.DB
	postgres    bool
	taskPrefix  string
	batchPrefix string
	batch5      bool
	props       map[string]string
	params      []string
	args        []string
}

func main() {
	a := &app{props: map[string]string{}, args: os.Args[1:]}
	for _, arg := range os.Args[1:] {
		if k, v, ok := strings.Cut(strings.TrimPrefix(arg, "--"), "="); ok && strings.HasPrefix(arg, "--") {
			a.props[k] = v
		} else if strings.HasPrefix(arg, "--") {
			a.props[strings.TrimPrefix(arg, "--")] = "true"
		} else {
			a.params = append(a.params, arg)
		}
	}
	os.Exit(a.run())
}

func (a *app) prop(name, def string) string {
	if v, ok := a.props[name]; ok {
		return v
	}
	return def
}

func (a *app) run() int {
	idText := a.prop("spring.cloud.task.executionid", "")
	url := a.prop("spring.datasource.url", "")
	if url == "" {
		// Spring Cloud Task then keeps its records in an in-memory map, where an id given from outside
		// cannot be: its listener stops the start.
		if idText != "" {
			return startFailed(fmt.Sprintf("Invalid TaskExecution, ID %s not found", idText))
		}
		fmt.Println("no datasource: the task ran with in-memory records")
		return a.exitCode()
	}
	if err := a.open(url); err != nil {
		fmt.Fprintln(os.Stderr, "Error creating bean with name 'dataSource':", err)
		return 1
	}
	defer func() { _ = a.db.Close() }()
	a.taskPrefix = a.prop("spring.cloud.task.tablePrefix", a.prop("spring.cloud.task.table-prefix", "TASK_"))
	a.batchPrefix = a.prop("spring.batch.jdbc.table-prefix", "BATCH_")
	a.batch5 = strings.HasPrefix(strings.ToUpper(a.batchPrefix), "BOOT3_")
	id, err := a.startTask(idText)
	if err != nil {
		return startFailed(err.Error())
	}
	fmt.Printf("task execution %d started\n", id)
	jobErr := a.runJob(id)
	code, exitMessage, errorMessage := a.exitCode(), "", ""
	if jobErr != nil {
		code, exitMessage, errorMessage = 1, "the job failed", jobErr.Error()
		fmt.Fprintln(os.Stderr, "job failed:", jobErr)
	}
	if err := a.completeTask(id, code, exitMessage, errorMessage); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("task execution %d ended with exit code %d\n", id, code)
	return code
}

func (a *app) exitCode() int {
	n, _ := strconv.Atoi(a.prop("exit-code", "0"))
	return n
}

// startFailed is how a Spring Boot app ends when its context fails to start.
func startFailed(msg string) int {
	fmt.Fprintln(os.Stderr, "APPLICATION FAILED TO START")
	fmt.Fprintln(os.Stderr, "java.lang.IllegalArgumentException: "+msg)
	return 1
}

func (a *app) open(jdbc string) error {
	rest := strings.TrimPrefix(jdbc, "jdbc:")
	scheme, after, _ := strings.Cut(rest, "://")
	hostPort, db, _ := strings.Cut(after, "/")
	db, _, _ = strings.Cut(db, "?")
	user := a.prop("spring.datasource.username", "")
	password := os.Getenv("SPRING_DATASOURCE_PASSWORD")
	if p, ok := a.props["spring.datasource.password"]; ok {
		password = p
	}
	switch scheme {
	case "postgresql":
		a.postgres = true
		if !strings.Contains(hostPort, ":") {
			hostPort += ":5432"
		}
		cfg, err := pgx.ParseConfig("postgres://" + hostPort + "/" + db + "?sslmode=disable")
		if err != nil {
			return err
		}
		cfg.User, cfg.Password = user, password
		a.db = stdlib.OpenDB(*cfg)
	case "mysql", "mariadb":
		if !strings.Contains(hostPort, ":") {
			hostPort = net.JoinHostPort(hostPort, "3306")
		}
		cfg := mysql.NewConfig()
		cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName = user, password, "tcp", hostPort, db
		cfg.ParseTime, cfg.Loc = true, time.Local
		conn, err := mysql.NewConnector(cfg)
		if err != nil {
			return err
		}
		a.db = sql.OpenDB(conn)
	default:
		return fmt.Errorf("no driver for %s", jdbc)
	}
	a.db.SetMaxOpenConns(1) // one connection: MySQL's LAST_INSERT_ID belongs to it
	return a.db.Ping()
}

func (a *app) q(query string) string {
	if !a.postgres {
		return query
	}
	n := 0
	var b strings.Builder
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (a *app) exec(query string, args ...any) error {
	_, err := a.db.Exec(a.q(query), args...)
	return err
}

// next takes a value of one of Spring's id generators: a sequence, or MySQL's one-row table.
func (a *app) next(seq string) (int64, error) {
	var id int64
	if a.postgres {
		return id, a.db.QueryRow("SELECT nextval('" + strings.ToLower(seq) + "')").Scan(&id)
	}
	var n int
	if err := a.db.QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND TABLE_TYPE = 'SEQUENCE'", seq).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return id, a.db.QueryRow("SELECT NEXTVAL(" + seq + ")").Scan(&id)
	}
	if err := a.exec("UPDATE " + seq + " SET ID = LAST_INSERT_ID(ID + 1)"); err != nil {
		return 0, err
	}
	return id, a.db.QueryRow("SELECT LAST_INSERT_ID()").Scan(&id)
}

func now() time.Time { return time.Now().Truncate(time.Millisecond) }

// startTask is TaskLifecycleListener.doTaskStart with JdbcTaskExecutionDao.
func (a *app) startTask(idText string) (int64, error) {
	name := a.prop("spring.cloud.task.name", os.Getenv("SPRING_CLOUD_TASK_NAME"))
	if name == "" {
		name = "application"
	}
	var parent any
	if p := a.prop("spring.cloud.task.parent-execution-id", a.prop("spring.cloud.task.parentExecutionId", "")); p != "" {
		n, _ := strconv.ParseInt(p, 10, 64)
		parent = n
	}
	if idText == "" {
		id, err := a.next(a.taskPrefix + "SEQ")
		if err != nil {
			return 0, err
		}
		err = a.exec("INSERT INTO "+a.taskPrefix+"EXECUTION (TASK_EXECUTION_ID, EXIT_CODE, START_TIME, TASK_NAME, LAST_UPDATED, EXTERNAL_EXECUTION_ID, PARENT_EXECUTION_ID) VALUES (?, NULL, ?, ?, ?, NULL, ?)",
			id, now(), name, now(), parent)
		return id, a.insertArgs(id, err)
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return 0, err
	}
	var start, end sql.NullTime
	err = a.db.QueryRow(a.q("SELECT START_TIME, END_TIME FROM "+a.taskPrefix+"EXECUTION WHERE TASK_EXECUTION_ID = ?"), id).Scan(&start, &end)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("Invalid TaskExecution, ID %d not found", id)
	}
	if err != nil {
		return 0, err
	}
	if end.Valid {
		return 0, fmt.Errorf("Invalid TaskExecution, ID %d task is already complete", id)
	}
	startAt := now()
	if start.Valid {
		startAt = start.Time
	}
	err = a.exec("UPDATE "+a.taskPrefix+"EXECUTION SET START_TIME = ?, TASK_NAME = ?, LAST_UPDATED = ?, PARENT_EXECUTION_ID = ? WHERE TASK_EXECUTION_ID = ?",
		startAt, name, now(), parent, id)
	return id, a.insertArgs(id, err)
}

func (a *app) insertArgs(id int64, err error) error {
	if err != nil {
		return err
	}
	for _, arg := range a.args {
		if err := a.exec("INSERT INTO "+a.taskPrefix+"EXECUTION_PARAMS (TASK_EXECUTION_ID, TASK_PARAM) VALUES (?, ?)", id, arg); err != nil {
			return err
		}
	}
	return nil
}

func (a *app) completeTask(id int64, code int, exitMessage, errorMessage string) error {
	var n int
	if err := a.db.QueryRow(a.q("SELECT COUNT(*) FROM "+a.taskPrefix+"EXECUTION WHERE TASK_EXECUTION_ID = ?"), id).Scan(&n); err != nil {
		return err
	}
	if n != 1 {
		return fmt.Errorf("Invalid TaskExecution, ID %d not found.", id)
	}
	return a.exec("UPDATE "+a.taskPrefix+"EXECUTION SET END_TIME = ?, EXIT_CODE = ?, EXIT_MESSAGE = ?, ERROR_MESSAGE = ?, LAST_UPDATED = ? WHERE TASK_EXECUTION_ID = ?",
		now(), code, nullable(exitMessage), nullable(errorMessage), now(), id)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

type param struct {
	key, typ, value string
	identifying     bool
}

// jobParams reads the job parameters from the arguments as Spring Boot's job runner does.
func (a *app) jobParams() []param {
	var out []param
	for _, p := range a.params {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		pr := param{key: k, typ: "STRING", value: v, identifying: true}
		if a.batch5 {
			pr.typ = "java.lang.String"
			parts := strings.Split(v, ",")
			pr.value = parts[0]
			if len(parts) > 1 {
				pr.typ = parts[1]
			}
			if len(parts) > 2 && parts[2] == "false" {
				pr.identifying = false
			}
		} else {
			if strings.HasPrefix(k, "-") {
				pr.key, pr.identifying = strings.TrimPrefix(k, "-"), false
			}
			if i := strings.Index(pr.key, "("); i > 0 && strings.HasSuffix(pr.key, ")") {
				pr.typ = strings.ToUpper(pr.key[i+1 : len(pr.key)-1])
				pr.key = pr.key[:i]
			}
		}
		out = append(out, pr)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// jobKey is Spring Batch's DefaultJobKeyGenerator: the MD5 of the identifying parameters.
func jobKey(params []param) string {
	var b strings.Builder
	for _, p := range params {
		if p.identifying {
			b.WriteString(p.key + "=" + p.value + ";")
		}
	}
	sum := md5.Sum([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// runJob is SimpleJobLauncher with a two-step job: find or create the instance (a completed one cannot run
// again), create the execution, run the steps, record the job's end.
func (a *app) runJob(taskID int64) error {
	bp := a.batchPrefix
	name := a.prop("job.name", "batchJob")
	params := a.jobParams()
	key := jobKey(params)
	var instanceID int64
	err := a.db.QueryRow(a.q("SELECT JOB_INSTANCE_ID FROM "+bp+"JOB_INSTANCE WHERE JOB_NAME = ? AND JOB_KEY = ?"), name, key).Scan(&instanceID)
	ranBefore := err == nil
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if instanceID, err = a.next(bp + "JOB_SEQ"); err != nil {
			return err
		}
		if err := a.exec("INSERT INTO "+bp+"JOB_INSTANCE (JOB_INSTANCE_ID, JOB_NAME, JOB_KEY, VERSION) VALUES (?, ?, ?, 0)", instanceID, name, key); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		var status string
		if err := a.db.QueryRow(a.q("SELECT STATUS FROM "+bp+"JOB_EXECUTION WHERE JOB_INSTANCE_ID = ? ORDER BY JOB_EXECUTION_ID DESC LIMIT 1"), instanceID).Scan(&status); err != nil {
			return err
		}
		if status == "COMPLETED" {
			return fmt.Errorf("A job instance already exists and is complete for parameters=%s.  If you want to run this job again, change the parameters.", key)
		}
	}
	execID, err := a.next(bp + "JOB_EXECUTION_SEQ")
	if err != nil {
		return err
	}
	created := now()
	if a.batch5 {
		err = a.exec("INSERT INTO "+bp+"JOB_EXECUTION (JOB_EXECUTION_ID, JOB_INSTANCE_ID, START_TIME, END_TIME, STATUS, EXIT_CODE, EXIT_MESSAGE, VERSION, CREATE_TIME, LAST_UPDATED) VALUES (?, ?, NULL, NULL, 'STARTING', 'UNKNOWN', '', 0, ?, ?)",
			execID, instanceID, created, created)
	} else {
		err = a.exec("INSERT INTO "+bp+"JOB_EXECUTION (JOB_EXECUTION_ID, JOB_INSTANCE_ID, START_TIME, END_TIME, STATUS, EXIT_CODE, EXIT_MESSAGE, VERSION, CREATE_TIME, LAST_UPDATED, JOB_CONFIGURATION_LOCATION) VALUES (?, ?, NULL, NULL, 'STARTING', 'UNKNOWN', '', 0, ?, ?, NULL)",
			execID, instanceID, created, created)
	}
	if err != nil {
		return err
	}
	for _, p := range params {
		ident := map[bool]string{true: "Y", false: "N"}[p.identifying]
		if a.batch5 {
			err = a.exec("INSERT INTO "+bp+"JOB_EXECUTION_PARAMS (JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING) VALUES (?, ?, ?, ?, ?)", execID, p.key, p.typ, p.value, ident)
		} else {
			var s, date, l, f any = "", nil, 0, 0.0
			switch p.typ {
			case "LONG":
				n, _ := strconv.ParseInt(p.value, 10, 64)
				l = n
			case "DOUBLE":
				n, _ := strconv.ParseFloat(p.value, 64)
				f = n
			case "DATE":
				t, _ := time.ParseInLocation("2006/01/02", p.value, time.Local)
				date = t
			default:
				s = p.value
			}
			err = a.exec("INSERT INTO "+bp+"JOB_EXECUTION_PARAMS (JOB_EXECUTION_ID, KEY_NAME, TYPE_CD, STRING_VAL, DATE_VAL, LONG_VAL, DOUBLE_VAL, IDENTIFYING) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				execID, p.key, p.typ, s, date, l, f, ident)
		}
		if err != nil {
			return err
		}
	}
	if err := a.exec("INSERT INTO "+bp+"JOB_EXECUTION_CONTEXT (SHORT_CONTEXT, SERIALIZED_CONTEXT, JOB_EXECUTION_ID) VALUES ('{}', NULL, ?)", execID); err != nil {
		return err
	}
	// TaskBatchExecutionListener links the job to the task before the job starts.
	if err := a.exec("INSERT INTO "+a.taskPrefix+"TASK_BATCH (TASK_EXECUTION_ID, JOB_EXECUTION_ID) VALUES (?, ?)", taskID, execID); err != nil {
		return err
	}
	if err := a.exec("UPDATE "+bp+"JOB_EXECUTION SET START_TIME = ?, STATUS = 'STARTED', VERSION = 1, LAST_UPDATED = ? WHERE JOB_EXECUTION_ID = ?", now(), now(), execID); err != nil {
		return err
	}
	items, _ := strconv.Atoi(a.prop("items", "10"))
	fail := a.prop("fail", "") == "true" || (a.prop("fail-once", "") == "true" && !ranBefore)
	status, exit, msg := "COMPLETED", "COMPLETED", ""
	if err := a.step(execID, "readStep", items, false); err != nil {
		return err
	}
	if err := a.step(execID, "writeStep", items/2, fail); err != nil {
		return err
	}
	if fail {
		status, exit, msg = "FAILED", "FAILED", "java.lang.IllegalStateException: the writeStep failed on purpose"
	}
	err = a.exec("UPDATE "+bp+"JOB_EXECUTION SET END_TIME = ?, STATUS = ?, EXIT_CODE = ?, EXIT_MESSAGE = ?, VERSION = 2, LAST_UPDATED = ? WHERE JOB_EXECUTION_ID = ?",
		now(), status, exit, msg, now(), execID)
	if err != nil {
		return err
	}
	fmt.Printf("job %s execution %d %s\n", name, execID, status)
	if fail {
		return errors.New(msg)
	}
	return nil
}

// step records one chunk step: items read, processed and written in chunks of 3, one commit per chunk.
func (a *app) step(jobExecID int64, name string, items int, fail bool) error {
	bp := a.batchPrefix
	id, err := a.next(bp + "STEP_EXECUTION_SEQ")
	if err != nil {
		return err
	}
	start := now()
	if a.batch5 {
		err = a.exec("INSERT INTO "+bp+"STEP_EXECUTION (STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID, START_TIME, END_TIME, STATUS, COMMIT_COUNT, READ_COUNT, FILTER_COUNT, WRITE_COUNT, EXIT_CODE, EXIT_MESSAGE, READ_SKIP_COUNT, WRITE_SKIP_COUNT, PROCESS_SKIP_COUNT, ROLLBACK_COUNT, LAST_UPDATED, CREATE_TIME) VALUES (?, 0, ?, ?, ?, NULL, 'STARTED', 0, 0, 0, 0, 'EXECUTING', '', 0, 0, 0, 0, ?, ?)",
			id, name, jobExecID, start, start, start)
	} else {
		err = a.exec("INSERT INTO "+bp+"STEP_EXECUTION (STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID, START_TIME, END_TIME, STATUS, COMMIT_COUNT, READ_COUNT, FILTER_COUNT, WRITE_COUNT, EXIT_CODE, EXIT_MESSAGE, READ_SKIP_COUNT, WRITE_SKIP_COUNT, PROCESS_SKIP_COUNT, ROLLBACK_COUNT, LAST_UPDATED) VALUES (?, 0, ?, ?, ?, NULL, 'STARTED', 0, 0, 0, 0, 'EXECUTING', '', 0, 0, 0, 0, ?)",
			id, name, jobExecID, start, start)
	}
	if err != nil {
		return err
	}
	if err := a.exec("INSERT INTO "+bp+"STEP_EXECUTION_CONTEXT (SHORT_CONTEXT, SERIALIZED_CONTEXT, STEP_EXECUTION_ID) VALUES ('{}', NULL, ?)", id); err != nil {
		return err
	}
	status, exit, msg, written, rollbacks := "COMPLETED", "COMPLETED", "", items, 0
	if fail {
		status, exit, msg, written, rollbacks = "FAILED", "FAILED", "java.lang.IllegalStateException: the writeStep failed on purpose", 0, 1
	}
	filtered := items / 5
	return a.exec("UPDATE "+bp+"STEP_EXECUTION SET END_TIME = ?, STATUS = ?, COMMIT_COUNT = ?, READ_COUNT = ?, FILTER_COUNT = ?, WRITE_COUNT = ?, EXIT_CODE = ?, EXIT_MESSAGE = ?, VERSION = 3, READ_SKIP_COUNT = 0, PROCESS_SKIP_COUNT = 0, WRITE_SKIP_COUNT = 1, ROLLBACK_COUNT = ?, LAST_UPDATED = ? WHERE STEP_EXECUTION_ID = ?",
		now(), status, (items+2)/3, items, filtered, max(written-filtered, 0), exit, msg, rollbacks, now(), id)
}
