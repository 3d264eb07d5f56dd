package sqlemu

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	sqladminbeta "google.golang.org/api/sqladmin/v1beta4"
)

// What the Cloud SQL connector (cloud.google.com/go/cloudsqlconn) needs to
// connect for real: connectSettings and generateEphemeralCert of the
// v1beta4 API it uses, and each instance's server-side proxy, a TLS
// endpoint that takes only client certificates signed by the emulator's
// CA and then carries the PostgreSQL protocol. The endpoint is served on
// the API's own port: a connection that opens with a TLS handshake is an
// instance connection, anything else is HTTP. The connector's dial
// function (its WithDialFunc seam) only has to send its connections to the
// API's host and port; the instance is told by the TLS server name, the
// instance's DNS name.

// Connection is one database connection the proxy carried.
type Connection struct {
	Instance string // project/name
	Database string
	User     string
	// IAM says the client's certificate was issued for IAM database
	// authentication (generateEphemeralCert with an access token).
	IAM bool
}

// connector holds the emulator's CA and the certificates it issued.
type connector struct {
	ca     *x509.Certificate
	caKey  *ecdsa.PrivateKey
	caPEM  string
	certs  map[string]*tls.Certificate // instance DNS name → server certificate
	iamFor map[string]bool             // client certificate serial → IAM
	serial int64
}

func (s *Server) routeConnect(mux *http.ServeMux) {
	mux.HandleFunc("GET /sql/v1beta4/projects/{project}/instances/{instance}/connectSettings", s.route("connect.get", s.connectSettings))
	// generateEphemeralCert is instances/{instance}:generateEphemeralCert:
	// one path segment.
	mux.HandleFunc("POST /sql/v1beta4/projects/{project}/instances/{call}", s.route("connect.generateEphemeralCert", s.ephemeralCert))
}

// connectorCA makes the CA on first use. Called with mu held.
func (s *Server) connectorCA() *connector {
	if s.connect != nil {
		return s.connect
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Google Cloud SQL Server CA (emulator)"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	ca, _ := x509.ParseCertificate(der)
	s.connect = &connector{ca: ca, caKey: key, caPEM: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		certs: map[string]*tls.Certificate{}, iamFor: map[string]bool{}, serial: 1}
	return s.connect
}

// dnsName is an instance's DNS name, the TLS server name the connector
// sends.
func dnsName(project, region, name string) string {
	return name + "." + project + "." + region + ".sql.goog"
}

func (s *Server) connectSettings(w http.ResponseWriter, r *http.Request, project string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	inst, ok := s.instances[project+"/"+r.PathValue("instance")]
	if !ok {
		notFound(w)
		return
	}
	c := s.connectorCA()
	resp := &sqladminbeta.ConnectSettings{Kind: "sql#connectSettings", BackendType: "SECOND_GEN", DatabaseVersion: inst.DatabaseVersion,
		Region: inst.Region, DnsName: dnsName(project, inst.Region, inst.Name) + ".",
		ServerCaCert: &sqladminbeta.SslCert{Kind: "sql#sslCert", Cert: c.caPEM}}
	for _, ip := range inst.IpAddresses {
		resp.IpAddresses = append(resp.IpAddresses, &sqladminbeta.IpMapping{Type: ip.Type, IpAddress: ip.IpAddress})
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) ephemeralCert(w http.ResponseWriter, r *http.Request, project string) {
	name, call, _ := strings.Cut(r.PathValue("call"), ":")
	if call != "generateEphemeralCert" {
		writeError(w, http.StatusNotFound, "notFound", "The requested URL "+r.URL.Path+" was not found on this server.")
		return
	}
	var req sqladminbeta.GenerateEphemeralCertRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: "+err.Error())
		return
	}
	block, _ := pem.Decode([]byte(req.PublicKey))
	if block == nil {
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: public_key is not a PEM public key.")
		return
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: public_key: "+err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.instances[project+"/"+name]; !ok {
		notFound(w)
		return
	}
	c := s.connectorCA()
	c.serial++
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(c.serial), Subject: pkix.Name{CommonName: "olympus-emulator-client"},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, c.ca, pub, c.caKey)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internalError", err.Error())
		return
	}
	c.iamFor[tmpl.SerialNumber.String()] = req.AccessToken != ""
	writeJSON(w, http.StatusOK, &sqladminbeta.GenerateEphemeralCertResponse{EphemeralCert: &sqladminbeta.SslCert{
		Kind: "sql#sslCert", Cert: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		CertSerialNumber: tmpl.SerialNumber.String(), ExpirationTime: tmpl.NotAfter.UTC().Format(time.RFC3339)}})
}

// serverCert is the certificate of the instance with DNS name host,
// made on first use. Called with mu held.
func (s *Server) serverCert(host string) (*tls.Certificate, string, error) {
	for key, inst := range s.instances {
		if dnsName(inst.Project, inst.Region, inst.Name) != host {
			continue
		}
		c := s.connectorCA()
		if cert, ok := c.certs[host]; ok {
			return cert, key, nil
		}
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		c.serial++
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(c.serial), Subject: pkix.Name{CommonName: inst.Project + ":" + inst.Name},
			DNSNames: []string{host}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, c.ca, &k.PublicKey, c.caKey)
		if err != nil {
			return nil, "", err
		}
		cert := &tls.Certificate{Certificate: [][]byte{der, c.ca.Raw}, PrivateKey: k}
		c.certs[host] = cert
		return cert, key, nil
	}
	return nil, "", fmt.Errorf("no instance has the DNS name %q", host)
}

// Connections lists the database connections carried so far.
func (s *Server) Connections() []Connection {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.conns)
}

// demuxListener hands HTTP connections to the API server and TLS ones to
// the instances' proxy.
type demuxListener struct {
	net.Listener
	s     *Server
	http  chan net.Conn
	done  chan struct{}
	close sync.Once
}

func (s *Server) demux(l net.Listener) net.Listener {
	d := &demuxListener{Listener: l, s: s, http: make(chan net.Conn), done: make(chan struct{})}
	go d.serve()
	return d
}

func (d *demuxListener) serve() {
	for {
		c, err := d.Listener.Accept()
		if err != nil {
			d.Close()
			return
		}
		go d.sort(c)
	}
}

// sort reads the first byte: 0x16 opens a TLS handshake.
func (d *demuxListener) sort(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	first, err := br.Peek(1)
	c.SetReadDeadline(time.Time{})
	if err != nil {
		c.Close()
		return
	}
	pc := &peekedConn{Conn: c, r: br}
	if first[0] == 0x16 {
		d.s.proxy(pc)
		return
	}
	select {
	case d.http <- pc:
	case <-d.done:
		c.Close()
	}
}

func (d *demuxListener) Accept() (net.Conn, error) {
	select {
	case c := <-d.http:
		return c, nil
	case <-d.done:
		return nil, net.ErrClosed
	}
}

func (d *demuxListener) Close() error {
	var err error
	d.close.Do(func() {
		close(d.done)
		err = d.Listener.Close()
	})
	return err
}

type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (p *peekedConn) Read(b []byte) (int, error) { return p.r.Read(b) }

// proxy is an instance's server-side proxy: TLS with a client certificate
// of the emulator's CA, then the PostgreSQL startup message, whose
// database is mapped to the instance's local database, then bytes both
// ways.
func (s *Server) proxy(raw net.Conn) {
	defer raw.Close()
	var instance string
	var pool *x509.CertPool
	s.mu.Lock()
	pool = x509.NewCertPool()
	pool.AddCert(s.connectorCA().ca)
	s.mu.Unlock()
	conn := tls.Server(raw, &tls.Config{
		MinVersion: tls.VersionTLS13, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool,
		GetCertificate: func(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
			s.mu.Lock()
			defer s.mu.Unlock()
			cert, key, err := s.serverCert(strings.TrimSuffix(hello.ServerName, "."))
			instance = key
			return cert, err
		},
	})
	raw.SetDeadline(time.Now().Add(30 * time.Second))
	if err := conn.Handshake(); err != nil {
		return
	}
	raw.SetDeadline(time.Time{})
	client := conn.ConnectionState().PeerCertificates[0]
	msg, err := readStartup(conn)
	if err != nil {
		return
	}
	code := binary.BigEndian.Uint32(msg[4:8])
	s.mu.Lock()
	pg := s.pg
	iam := s.connect.iamFor[client.SerialNumber.String()]
	s.mu.Unlock()
	if pg == nil {
		return
	}
	if code == 196608 { // protocol 3.0: a startup message, not a cancel
		params := startupParams(msg[8:])
		c := Connection{Instance: instance, Database: params["database"], User: params["user"], IAM: iam}
		s.mu.Lock()
		s.settle()
		inst := s.instances[instance]
		local, ok := s.databases[instance][c.Database]
		known := slices.Contains(s.users[instance], c.User)
		s.conns = append(s.conns, c)
		s.mu.Unlock()
		switch {
		case inst == nil || inst.State != "RUNNABLE":
			fatal(conn, "57P03", "the database system is not accepting connections")
			return
		case !ok:
			fatal(conn, "3D000", fmt.Sprintf("database %q does not exist", c.Database))
			return
		case !known:
			fatal(conn, "28000", fmt.Sprintf("Cloud SQL IAM service account authentication failed for user %q", c.User))
			return
		}
		params["database"], params["user"] = local, "olympus"
		msg = startupMessage(params)
	}
	server, err := net.Dial("unix", pg.Socket())
	if err != nil {
		return
	}
	defer server.Close()
	if _, err := server.Write(msg); err != nil {
		return
	}
	go func() {
		io.Copy(server, conn)
		server.(*net.UnixConn).CloseWrite()
	}()
	io.Copy(conn, server)
}

// readStartup reads a startup or cancel message: its length, then the
// rest.
func readStartup(r io.Reader) ([]byte, error) {
	head := make([]byte, 8)
	if _, err := io.ReadFull(r, head); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(head[:4])
	if n < 8 || n > 10000 {
		return nil, errors.New("bad startup message length")
	}
	msg := make([]byte, n)
	copy(msg, head)
	_, err := io.ReadFull(r, msg[8:])
	return msg, err
}

func startupParams(b []byte) map[string]string {
	parts := bytes.Split(bytes.TrimRight(b, "\x00"), []byte{0})
	out := map[string]string{}
	for i := 0; i+1 < len(parts); i += 2 {
		out[string(parts[i])] = string(parts[i+1])
	}
	return out
}

func startupMessage(params map[string]string) []byte {
	var body bytes.Buffer
	binary.Write(&body, binary.BigEndian, uint32(196608))
	for k, v := range params {
		body.WriteString(k + "\x00" + v + "\x00")
	}
	body.WriteByte(0)
	out := make([]byte, 4, 4+body.Len())
	binary.BigEndian.PutUint32(out, uint32(4+body.Len()))
	return append(out, body.Bytes()...)
}

// fatal answers a startup with a PostgreSQL FATAL error.
func fatal(w io.Writer, code, message string) {
	var body bytes.Buffer
	body.WriteString("SFATAL\x00VFATAL\x00C" + code + "\x00M" + message + "\x00\x00")
	out := []byte{'E', 0, 0, 0, 0}
	binary.BigEndian.PutUint32(out[1:], uint32(4+body.Len()))
	w.Write(append(out, body.Bytes()...))
}
