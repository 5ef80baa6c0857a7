// A stand-in for an upstream service in the real-program checks: answers every HTTP request with
// "<name> <method> <path>", so a check sees which service a request through Piko reached.
// Usage: node echo-server.js <name> <port>
const http = require('http');
const [name, port] = process.argv.slice(2);
http.createServer((req, res) => res.end(`${name} ${req.method} ${req.url}\n`)).listen(Number(port));
