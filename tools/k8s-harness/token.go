package main

import (
	"context"
	"flag"
	"fmt"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// tokenMain makes a least-privilege identity for RBAC tests: a namespace, a service account "dataflow-cli"
// allowed what dataflow needs in that namespace only, and a kubeconfig holding only the server, the CA and a
// one-hour token of that account.
func tokenMain(args []string) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	kubeconfig := fs.String("kubeconfig", "", "the admin kubeconfig the harness wrote")
	namespace := fs.String("namespace", "", "the namespace to allow")
	out := fs.String("out", "", "the kubeconfig file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *kubeconfig == "" || *namespace == "" || *out == "" {
		return fmt.Errorf("-kubeconfig, -namespace and -out are required")
	}
	api, err := adminClient(*kubeconfig)
	if err != nil {
		return err
	}
	ctx := context.Background()
	ns, sa := *namespace, "dataflow-cli"
	created := func(err error) error {
		if apierrors.IsAlreadyExists(err) {
			return nil
		}
		return err
	}
	if _, err := api.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); created(err) != nil {
		return err
	}
	if _, err := api.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: sa}}, metav1.CreateOptions{}); created(err) != nil {
		return err
	}
	role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: sa}, Rules: []rbacv1.PolicyRule{
		{APIGroups: []string{""}, Resources: []string{"pods", "pods/log", "services", "configmaps", "secrets", "events", "persistentvolumeclaims"}, Verbs: []string{"*"}},
		{APIGroups: []string{"apps"}, Resources: []string{"deployments", "deployments/scale", "statefulsets", "statefulsets/scale", "replicasets"}, Verbs: []string{"*"}},
		{APIGroups: []string{"batch"}, Resources: []string{"jobs", "cronjobs"}, Verbs: []string{"*"}},
	}}
	if _, err := api.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); created(err) != nil {
		return err
	}
	binding := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: sa},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: sa, Namespace: ns}},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: sa}}
	if _, err := api.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); created(err) != nil {
		return err
	}
	hour := int64(3600)
	tr, err := api.CoreV1().ServiceAccounts(ns).CreateToken(ctx, sa, &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &hour}}, metav1.CreateOptions{})
	if err != nil {
		return err
	}
	admin, err := clientcmd.LoadFromFile(*kubeconfig)
	if err != nil {
		return err
	}
	cluster := admin.Clusters[admin.Contexts[admin.CurrentContext].Cluster]
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["test"] = &clientcmdapi.Cluster{Server: cluster.Server, CertificateAuthorityData: cluster.CertificateAuthorityData}
	cfg.AuthInfos[sa] = &clientcmdapi.AuthInfo{Token: tr.Status.Token}
	cfg.Contexts[sa] = &clientcmdapi.Context{Cluster: "test", AuthInfo: sa, Namespace: ns}
	cfg.CurrentContext = sa
	return clientcmd.WriteToFile(*cfg, *out)
}
