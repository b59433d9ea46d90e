package kubernetes

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Everything a deploy sends carries the store's identity: the workload, its pod template and volume claim
// templates (what the controllers make of them carries it too), the Service and the Secret; the selectors do
// not, so that pods of objects made before identities still match.
func TestEveryObjectOfAnAppCarriesTheStoresIdentity(t *testing.T) {
	const owner = "0123456789abcdef0123456789abcdef"
	for _, indexed := range []string{"false", "true"} {
		app := cardata(map[string]string{"spring.cloud.deployer.indexed": indexed})
		app.AppProperties["spring.datasource.password"] = "s3cret"
		app.SecretKeys = []string{"spring.datasource.password"}
		objs, err := buildAppObjects(kafkazone, "ns", app)
		if err != nil {
			t.Fatal(err)
		}
		objs.own(owner)
		metas := map[string]metav1.ObjectMeta{"service": objs.Service.ObjectMeta}
		if objs.Secret == nil {
			t.Fatal("no Secret for a secret property")
		}
		metas["secret"] = objs.Secret.ObjectMeta
		var selector map[string]string
		if ss := objs.StatefulSet; ss != nil {
			metas["statefulset"], metas["pod template"] = ss.ObjectMeta, ss.Spec.Template.ObjectMeta
			if len(ss.Spec.VolumeClaimTemplates) == 0 {
				t.Fatal("an indexed app without a volume claim template")
			}
			for _, c := range ss.Spec.VolumeClaimTemplates {
				metas["claim "+c.Name] = c.ObjectMeta
			}
			selector = ss.Spec.Selector.MatchLabels
		} else {
			d := objs.Deployment
			metas["deployment"], metas["pod template"] = d.ObjectMeta, d.Spec.Template.ObjectMeta
			selector = d.Spec.Selector.MatchLabels
		}
		for what, m := range metas {
			if m.Labels[labelStore] != owner {
				t.Errorf("indexed=%s: the %s's labels %v lack the store's identity", indexed, what, m.Labels)
			}
		}
		if _, ok := selector[labelStore]; ok || objs.Service.Spec.Selector[labelStore] != "" {
			t.Errorf("indexed=%s: a selector names the store: %v %v", indexed, selector, objs.Service.Spec.Selector)
		}
	}
	// No identity (a dry run) adds nothing.
	objs, err := buildAppObjects(kafkazone, "ns", cardata(nil))
	if err != nil {
		t.Fatal(err)
	}
	objs.own("")
	if _, ok := objs.Deployment.Labels[labelStore]; ok {
		t.Errorf("a deploy without an identity labelled %v", objs.Deployment.Labels)
	}
}
