package kubernetes

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

// A partitioned app (spring.cloud.deployer.indexed=true) runs as a StatefulSet, as SCDF ran it: each pod gets a
// volume claim from the template, and an init container writes the pod's ordinal (the digits ending its host
// name) to /config/application.properties as INSTANCE_INDEX and spring.cloud.stream.instanceIndex, on an
// emptyDir volume the app's container mounts at /config.

const (
	indexedKey             = "spring.cloud.deployer.indexed"
	indexProviderName      = "index-provider"
	indexConfigVolume      = "config"
	defaultIndexImage      = "busybox"
	defaultClaimStorageMiB = "10m"
)

// isIndexed reads spring.cloud.deployer.indexed ('true' quoted too).
func isIndexed(deployer map[string]string) (bool, error) {
	v, ok := deployer[indexedKey]
	if !ok || strings.TrimSpace(v) == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(strings.ToLower(strings.Trim(strings.TrimSpace(v), `'"`)))
	if err != nil {
		return false, fmt.Errorf("spring.cloud.deployer.indexed must be true or false, got '%s'", v)
	}
	return b, nil
}

// byteSize is SCDF's ByteSizeUtils form: a number of megabytes, or of gigabytes with a g suffix.
var byteSize = regexp.MustCompile(`(?i)^(\d+)(m|g)?$`)

// volumeClaimTemplate is the claim each pod of the StatefulSet gets: statefulSet.volumeClaimTemplate.name
// (default the app id), .storage (default 10m, in SCDF's m/g units, made Mi), .storageClassName; ReadWriteOnce.
func volumeClaimTemplate(s settings, id string, labels map[string]string) (corev1.PersistentVolumeClaim, error) {
	name := s.str(id, "statefulSet.volumeClaimTemplate.name")
	if errs := validation.IsDNS1123Subdomain(name); len(errs) > 0 {
		return corev1.PersistentVolumeClaim{}, fmt.Errorf("kubernetes.statefulSet.volumeClaimTemplate.name '%s' is not a valid Kubernetes name: %s", name, strings.Join(errs, "; "))
	}
	storage := strings.TrimSpace(s.str(defaultClaimStorageMiB, "statefulSet.volumeClaimTemplate.storage"))
	m := byteSize.FindStringSubmatch(storage)
	if m == nil {
		return corev1.PersistentVolumeClaim{}, fmt.Errorf("kubernetes.statefulSet.volumeClaimTemplate.storage must be a number with an optional m or g suffix (10m, 1g), got '%s'", storage)
	}
	mib, _ := strconv.ParseInt(m[1], 10, 64)
	if strings.EqualFold(m[2], "g") {
		mib *= 1024
	}
	q := resource.MustParse(strconv.FormatInt(mib, 10) + "Mi")
	claim := corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
		Spec: corev1.PersistentVolumeClaimSpec{AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Resources: corev1.VolumeResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceStorage: q}, Requests: corev1.ResourceList{corev1.ResourceStorage: q}}},
	}
	if class := s.str("", "statefulSet.volumeClaimTemplate.storageClassName"); class != "" {
		claim.Spec.StorageClassName = &class
	}
	return claim, nil
}

// indexProvider adds the config volume, its mount in the app's container, and the init container that writes
// the instance index (image statefulSetInitContainerImageName, default busybox), with the app container's
// security context.
func indexProvider(s settings, spec *corev1.PodSpec) {
	mount := corev1.VolumeMount{Name: indexConfigVolume, MountPath: "/config"}
	spec.Volumes = append(spec.Volumes, corev1.Volume{Name: indexConfigVolume, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
	spec.Containers[0].VolumeMounts = append(spec.Containers[0].VolumeMounts, mount)
	write := func(name string) string {
		return fmt.Sprintf(`echo %s="$(expr $HOSTNAME | grep -o "[[:digit:]]*$")" >> /config/application.properties`, name)
	}
	spec.InitContainers = append(spec.InitContainers, corev1.Container{
		Name: indexProviderName, Image: s.str(defaultIndexImage, "statefulSetInitContainerImageName"), ImagePullPolicy: corev1.PullIfNotPresent,
		Command:         []string{"sh", "-c", write("INSTANCE_INDEX") + " && " + write("spring.cloud.stream.instanceIndex")},
		VolumeMounts:    []corev1.VolumeMount{mount},
		SecurityContext: spec.Containers[0].SecurityContext,
	})
}
