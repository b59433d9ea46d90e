package main

import (
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// writeAdminKubeconfig writes contexts "admin" (client certificate, the current one) and "admin-token" (the
// static token), both trusting the cluster's own CA.
func writeAdminKubeconfig(path, server string, p *pki, token string) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["test"] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: p.caPEM}
	cfg.AuthInfos["admin"] = &clientcmdapi.AuthInfo{ClientCertificateData: p.adminCertPEM, ClientKeyData: p.adminKeyPEM}
	cfg.AuthInfos["admin-token"] = &clientcmdapi.AuthInfo{Token: token}
	cfg.Contexts["admin"] = &clientcmdapi.Context{Cluster: "test", AuthInfo: "admin", Namespace: "default"}
	cfg.Contexts["admin-token"] = &clientcmdapi.Context{Cluster: "test", AuthInfo: "admin-token", Namespace: "default"}
	cfg.CurrentContext = "admin"
	return clientcmd.WriteToFile(*cfg, path)
}
