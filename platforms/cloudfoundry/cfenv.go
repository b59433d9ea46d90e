package cloudfoundry

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
)

// java-cfenv replaces the java buildpack's Spring auto-reconfiguration: an app that carries it reads its
// services itself, under the "cloud" profile, and the buildpack must keep out of its way. SCDF looked for the
// library's CfEnv class in the jar and its nested jars, and then disabled the auto-reconfiguration, activated
// the cloud profile and appended it to a profile given on a task's command line; dataflow does the same.

// cfEnvClass is the class whose presence says the app uses java-cfenv.
const cfEnvClass = "io/pivotal/cfenv/core/CfEnv.class"

// Environment and profile names SCDF's CfEnvConfigurer uses.
const (
	envAutoReconfiguration = "JBP_CONFIG_SPRING_AUTO_RECONFIGURATION"
	autoReconfigurationOff = "{ enabled: false }"
	cloudProfile           = "cloud"
	profilesEnv            = "SPRING_PROFILES_ACTIVE"
	profilesProperty       = "spring.profiles.active"
	profilesKebab          = "spring-profiles-active"
)

// cfEnvAnnotation marks a staged task app whose jar carries java-cfenv, so a launch that reuses the droplet
// treats its arguments as the staging did without reading the jar again.
const cfEnvAnnotation = "dataflow-java-cfenv"

// jarHasCfEnv looks for java-cfenv's CfEnv class in an app's jar, at its top, among its classes and in its
// nested jars (a Spring Boot jar's BOOT-INF/lib). Nested jars a Boot jar stores uncompressed are read in place;
// compressed ones are read into memory. A file that is not a zip (or not a file: a docker image) has none.
func jarHasCfEnv(bits io.Reader) bool {
	f, ok := bits.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	if err != nil {
		return false
	}
	return zipHasCfEnv(f, info.Size(), 0)
}

func zipHasCfEnv(r io.ReaderAt, size int64, depth int) bool {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return false
	}
	for _, e := range z.File {
		if strings.HasSuffix(e.Name, cfEnvClass) {
			return true
		}
	}
	if depth > 0 { // nested jars hold no further jars worth opening
		return false
	}
	for _, e := range z.File {
		if !strings.HasSuffix(e.Name, ".jar") {
			continue
		}
		if e.Method == zip.Store {
			if off, err := e.DataOffset(); err == nil && zipHasCfEnv(io.NewSectionReader(r, off, int64(e.CompressedSize64)), int64(e.UncompressedSize64), depth+1) {
				return true
			}
			continue
		}
		rc, err := e.Open()
		if err != nil {
			continue
		}
		raw, err := io.ReadAll(rc)
		_ = rc.Close()
		if err == nil && zipHasCfEnv(bytes.NewReader(raw), int64(len(raw)), depth+1) {
			return true
		}
	}
	return false
}

// useCfEnv applies java-cfenv's settings to a plan whose jar carries it: the buildpack's auto-reconfiguration
// off (unless the environment sets it), and the cloud profile added to the profiles the app gets. A stream
// app's properties get spring.profiles.active=cloud when they set no profile (SCDF's); a task's properties are
// its arguments (argWithCloudProfile), so its environment gets SPRING_PROFILES_ACTIVE=cloud instead.
func (p *appPlan) useCfEnv(task bool) error {
	if _, set := p.env[envAutoReconfiguration]; !set {
		p.env[envAutoReconfiguration] = autoReconfigurationOff
	}
	if !task {
		props := withCloudProfile(p.props, profilesProperty)
		if p.springAppJSON {
			raw, err := json.Marshal(props)
			if err != nil {
				return err
			}
			p.env[envApplicationJSON] = string(raw)
		} else {
			for k, v := range props {
				if p.props[k] != v {
					p.env[k] = v
				}
			}
		}
		p.props = props
	}
	create := ""
	if task {
		create = profilesEnv
	}
	p.env = withCloudProfile(p.env, create)
	return nil
}

// withCloudProfile adds "cloud" to the first of SPRING_PROFILES_ACTIVE, spring.profiles.active and
// spring-profiles-active that m has; when it has none, it sets create to "cloud" (nothing when create is "").
func withCloudProfile(m map[string]string, create string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	for _, k := range []string{profilesEnv, profilesProperty, profilesKebab} {
		if v, ok := out[k]; ok {
			out[k] = appendProfile(v)
			return out
		}
	}
	if create != "" {
		out[create] = cloudProfile
	}
	return out
}

// appendProfile adds "cloud" to a comma list of profiles that lacks it.
func appendProfile(profiles string) string {
	if strings.TrimSpace(profiles) == "" {
		return cloudProfile
	}
	for _, p := range strings.Split(profiles, ",") {
		if strings.TrimSpace(p) == cloudProfile {
			return profiles
		}
	}
	return profiles + "," + cloudProfile
}

// argWithCloudProfile adds "cloud" to a command-line argument that sets the active profiles
// (--spring.profiles.active=dev becomes --spring.profiles.active=dev,cloud), as SCDF's task launcher did.
func argWithCloudProfile(arg string) string {
	key, value, ok := strings.Cut(arg, "=")
	if !ok || !(strings.Contains(key, profilesProperty) || strings.Contains(key, profilesKebab) || strings.Contains(key, profilesEnv)) {
		return arg
	}
	return key + "=" + appendProfile(value)
}
