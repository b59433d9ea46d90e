package accounts

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestImportTakesTheServersDatasourceAsTheTaskDatabase(t *testing.T) {
	c := &Config{}
	report := importFixture(t, c, "server-config.yaml")
	td := c.TaskDatabase
	if td == nil || td.URL != "jdbc:mysql://${MYSQL_SERVICE_HOST}:${MYSQL_SERVICE_PORT}/mysql" || td.Username != "root" || td.Password != "${mysql-root-password}" {
		t.Fatalf("task database %+v", td)
	}
	if report.TaskDatabase != td.URL {
		t.Errorf("report %+v", report)
	}
	env := map[string]string{"MYSQL_SERVICE_HOST": "10.0.0.9", "MYSQL_SERVICE_PORT": "3306", "MYSQL_ROOT_PASSWORD": "s3cr3t"}
	getenv := func(k string) string { return env[k] }
	if u, err := td.ResolvedURL(getenv); err != nil || u != "jdbc:mysql://10.0.0.9:3306/mysql" {
		t.Errorf("url %q %v", u, err)
	}
	if p, err := td.ResolvedPassword(getenv); err != nil || p != "s3cr3t" {
		t.Errorf("password %v", err)
	}
	if _, err := td.ResolvedURL(func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "MYSQL_SERVICE_HOST is not set") || !strings.Contains(err.Error(), "appUrl") {
		t.Errorf("unresolvable url: %v", err)
	}
}

func TestImportNeverStoresALiteralDatasourcePassword(t *testing.T) {
	im, err := ImportFile("application.properties", []byte("spring.datasource.url=jdbc:postgresql://pg:5432/scdf\nspring.datasource.username=scdf\nspring.datasource.password=hunter2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if im.TaskDatabase == nil || im.TaskDatabase.Password != "${SPRING_DATASOURCE_PASSWORD}" {
		t.Fatalf("%+v", im.TaskDatabase)
	}
	if len(im.Warnings) != 1 || strings.Contains(im.Warnings[0], "hunter2") || !strings.Contains(im.Warnings[0], "SPRING_DATASOURCE_PASSWORD") {
		t.Errorf("warnings %q", im.Warnings)
	}
	im, err = ImportEnv([]string{"SPRING_DATASOURCE_URL=jdbc:mariadb://db:3306/scdf", "SPRING_DATASOURCE_USERNAME=root", "SPRING_DATASOURCE_PASSWORD=hunter2"})
	if err != nil {
		t.Fatal(err)
	}
	if td := im.TaskDatabase; td == nil || td.URL != "jdbc:mariadb://db:3306/scdf" || td.Username != "root" || td.Password != "${SPRING_DATASOURCE_PASSWORD}" || len(im.Warnings) != 0 {
		t.Fatalf("%+v %q", td, im.Warnings)
	}
}

func TestSkippersDatasourceIsNotTheTaskDatabase(t *testing.T) {
	im, err := ImportFile("skipper.yaml", []byte("spring:\n  cloud:\n    skipper:\n      server:\n        platform: {}\n  datasource:\n    url: jdbc:mysql://skipperdb:3306/skipper\n"))
	if err != nil {
		t.Fatal(err)
	}
	if im.TaskDatabase != nil {
		t.Fatalf("%+v", im.TaskDatabase)
	}
}

func TestTaskDatabaseSectionIsValidated(t *testing.T) {
	for text, want := range map[string]string{
		"taskDatabase:\n  url: jdbc:h2:mem:x\n":                                                "taskDatabase: url 'jdbc:h2:mem:x' is not a PostgreSQL, MySQL or MariaDB JDBC URL",
		"taskDatabase:\n  username: x\n":                                                       "taskDatabase: url is missing",
		"taskDatabase:\n  url: jdbc:postgresql://h/db\n  password: hunter2\n":                  "taskDatabase: password must be a ${ENV} reference or a passwordFile, never the password itself",
		"taskDatabase:\n  url: jdbc:postgresql://h/db\n  password: ${P}\n  passwordFile: /x\n": "give password or passwordFile, not both",
		"taskDatabase:\n  url: jdbc:postgresql://h/db\n  pasword: ${P}\n":                      "dir/config.yaml:3:3: unknown field 'pasword'",
	} {
		_, err := ParseConfig(filepath.Join("dir", "config.yaml"), []byte(text))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("the password is in %q", err)
		}
	}
	c, err := ParseConfig("config.yaml", []byte("taskDatabase:\n  url: jdbc:postgresql://localhost:5432/db\n  appUrl: jdbc:postgresql://pg.data.svc:5432/db\n  username: u\n  password: ${PGPASSWORD}\n"))
	if err != nil || c.TaskDatabase.AppURL != "jdbc:postgresql://pg.data.svc:5432/db" {
		t.Fatalf("%+v %v", c, err)
	}
}
