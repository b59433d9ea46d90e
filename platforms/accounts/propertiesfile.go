package accounts

import (
	"fmt"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ReadPropertiesFile reads a --propertiesFile: YAML when the name ends in .yml or .yaml (flattened to dotted
// keys, as Spring does), a Java properties file otherwise.
func ReadPropertiesFile(path string) (_ map[string]string, err error) {
	defer func() { err = oneLine(err) }()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the properties file: %w", err)
	}
	var list []property
	if lower := strings.ToLower(path); strings.HasSuffix(lower, ".yml") || strings.HasSuffix(lower, ".yaml") {
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if err := flatten("", &doc, &list); err != nil {
			return nil, wholeFile.flattenError(path, err)
		}
	} else if list, err = parseProperties(string(data)); err != nil {
		return nil, fmt.Errorf("%s:%w", path, err)
	}
	out := make(map[string]string, len(list))
	for _, p := range list {
		out[p.key] = p.value
	}
	return out, nil
}
