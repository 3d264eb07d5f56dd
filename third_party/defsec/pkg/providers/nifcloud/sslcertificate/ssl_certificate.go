package sslcertificate

type SSLCertificate struct {
	ServerCertificates []ServerCertificate
}
