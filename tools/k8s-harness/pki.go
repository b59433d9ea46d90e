package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// pki is the cluster's own certificate authority and the certificates and keys made from it, all files in dir:
// nothing is trusted from the machine, nothing leaves it.
type pki struct {
	dir                              string
	caCert, caKey                    string
	serverCert, serverKey            string // the apiserver's (and kwok's) serving certificate
	adminCert, adminKey              string // CN=kubernetes-admin, O=system:masters
	serviceAccountKey                string // signs and verifies service account tokens
	caPEM, adminCertPEM, adminKeyPEM []byte
}

func newPKI(dir string) (*pki, error) {
	p := &pki{dir: dir}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "dataflow-test-cluster-ca"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(10 * 365 * 24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageCRLSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, _ := x509.ParseCertificate(caDER)
	if p.caCert, p.caKey, p.caPEM, _, err = p.write("ca", caDER, caKey); err != nil {
		return nil, err
	}
	issue := func(name string, tmpl *x509.Certificate) (string, string, []byte, []byte, error) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return "", "", nil, nil, err
		}
		serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
		tmpl.SerialNumber, tmpl.NotBefore, tmpl.NotAfter = serial, now.Add(-time.Hour), now.Add(365*24*time.Hour)
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			return "", "", nil, nil, err
		}
		return p.write(name, der, key)
	}
	p.serverCert, p.serverKey, _, _, err = issue("server", &x509.Certificate{Subject: pkix.Name{CommonName: "kube-apiserver"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		DNSNames:    []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("10.96.0.1")}})
	if err != nil {
		return nil, err
	}
	p.adminCert, p.adminKey, p.adminCertPEM, p.adminKeyPEM, err = issue("admin", &x509.Certificate{
		Subject: pkix.Name{CommonName: "kubernetes-admin", Organization: []string{"system:masters"}}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	if err != nil {
		return nil, err
	}
	saKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	raw, _ := x509.MarshalECPrivateKey(saKey)
	p.serviceAccountKey = filepath.Join(dir, "sa.key")
	return p, os.WriteFile(p.serviceAccountKey, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: raw}), 0o600)
}

// write stores a certificate and its key as PEM files and returns their paths and contents.
func (p *pki) write(name string, der []byte, key *ecdsa.PrivateKey) (string, string, []byte, []byte, error) {
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	raw, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return "", "", nil, nil, err
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: raw})
	certPath, keyPath := filepath.Join(p.dir, name+".crt"), filepath.Join(p.dir, name+".key")
	if err := os.WriteFile(certPath, certPEM, 0o600); err != nil {
		return "", "", nil, nil, err
	}
	return certPath, keyPath, certPEM, keyPEM, os.WriteFile(keyPath, keyPEM, 0o600)
}
