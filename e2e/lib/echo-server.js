// A stand-in for an upstream service in the real-program checks: answers every HTTP request with
// "<name> <method> <path>", so a check sees which service a request through Piko reached.
// Given a directory holding tls.crt and tls.key, and a CA file, it serves HTTPS instead and
// completes a request only for a client presenting a certificate that CA signed, whose common name
// it adds to the answer ("client=<CN>"), so a check sees which certificate the client presented.
// Usage: node echo-server.js <name> <port> [<tls-dir> <ca-file>]
const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');
const [name, port, tlsDir, caFile] = process.argv.slice(2);
if (tlsDir === undefined) {
  http.createServer((req, res) => res.end(`${name} ${req.method} ${req.url}\n`)).listen(Number(port));
} else {
  const file = (f) => fs.readFileSync(path.join(tlsDir, f));
  https.createServer({ cert: file('tls.crt'), key: file('tls.key'), ca: fs.readFileSync(caFile), requestCert: true, rejectUnauthorized: true }, (req, res) => {
    res.end(`${name} ${req.method} ${req.url} client=${req.socket.getPeerCertificate().subject.CN}\n`);
  }).listen(Number(port));
}
