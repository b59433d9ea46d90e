package flow

import (
	"context"
	"fmt"
	"strings"

	"github.com/dataflow-cli/dataflow/internal/appmeta"
	"github.com/dataflow-cli/dataflow/internal/imagelabel"
)

// imageSettings say whether registration reads image labels, and with whose credentials.
type imageSettings struct {
	read         bool
	dockerConfig string
}

// ImageMetadataLabel is the label SCDF's build tooling writes an app's visible options into.
const ImageMetadataLabel = "org.springframework.cloud.dataflow.spring-configuration-metadata.json"

// readImageMetadata reads the options a container image declares in its label, from its registry (the
// manifest and the config blob only). An image without the label, a registry that cannot be reached or
// refuses the credentials, and a label that is not metadata are errors: nothing is registered.
func (f *Flow) readImageMetadata(ctx context.Context, uri string) (AppOptions, error) {
	if !f.images.read {
		return AppOptions{}, nil
	}
	image := strings.TrimLeft(strings.TrimPrefix(uri, "docker:"), "/")
	labels, err := imagelabel.Reader{DockerConfig: f.images.dockerConfig}.Labels(ctx, image)
	if err != nil {
		return AppOptions{}, err
	}
	label, ok := labels[ImageMetadataLabel]
	if !ok || strings.TrimSpace(label) == "" {
		return AppOptions{}, fmt.Errorf("image %s has no %s label: give its options with --metadataUri (or register it with DATAFLOW_IMAGE_METADATA=off to go without)", image, ImageMetadataLabel)
	}
	md, err := appmeta.ReadLabel(image, label)
	if err != nil {
		return AppOptions{}, err
	}
	return AppOptions{Read: true, Found: md.Found, Source: uri, Options: md.Options}, nil
}
