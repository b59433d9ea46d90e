package kubernetes

import (
	"maps"
	"slices"

	"github.com/dataflow-cli/dataflow/platforms"
)

// appAdmin.user and appAdmin.password are the credentials SCDF hands every app for its actuator endpoints, as
// the properties spring.cloud.streamapp.security.admin-user and -password. The password is a secret: a stream
// app gets it through its Secret, a task through its run's Secret, like any secret property.
const (
	appAdminUserKey     = "spring.cloud.streamapp.security.admin-user"
	appAdminPasswordKey = "spring.cloud.streamapp.security.admin-password"
	appAdminPasswordEnv = "SPRING_CLOUD_STREAMAPP_SECURITY_ADMINPASSWORD"
)

// withAppAdmin is the app with the admin credentials among its properties, when they are set.
func withAppAdmin(s settings, app platforms.AppDeployment) platforms.AppDeployment {
	user, password := s.str("", "appAdmin.user"), s.str("", "appAdmin.password")
	if user == "" && password == "" {
		return app
	}
	app.AppProperties = maps.Clone(app.AppProperties)
	if user != "" {
		app.AppProperties[appAdminUserKey] = user
	}
	if password != "" {
		app.AppProperties[appAdminPasswordKey] = password
		app.SecretKeys = append(slices.Clone(app.SecretKeys), appAdminPasswordKey)
	}
	return app
}

// taskAppAdmin adds the admin credentials to a task's arguments, the password as a $(NAME) reference to the
// run's Secret.
func taskAppAdmin(s settings, spec platforms.TaskSpec) platforms.TaskSpec {
	user, password := s.str("", "appAdmin.user"), s.str("", "appAdmin.password")
	if user == "" && password == "" {
		return spec
	}
	spec.Args = slices.Clone(spec.Args)
	if user != "" {
		spec.Args = append(spec.Args, "--"+appAdminUserKey+"="+user)
	}
	if password != "" {
		spec.Args = append(spec.Args, "--"+appAdminPasswordKey+"=$("+appAdminPasswordEnv+")")
		spec.SecretEnv = maps.Clone(spec.SecretEnv)
		if spec.SecretEnv == nil {
			spec.SecretEnv = map[string]string{}
		}
		spec.SecretEnv[appAdminPasswordEnv] = password
	}
	return spec
}
