// An API that answers every POST at once (201) on 127.0.0.1, counting
// requests and distinct idempotency keys; prints its port, then, on stdin
// "stats", prints {"requests":n,"keys":k}. Runs in its own process so the
// client under test has its own core.
import http from 'node:http';
import { createInterface } from 'node:readline';

let requests = 0;
const keys = new Set();
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST') {
      requests++;
      keys.add(req.headers['idempotency-key']);
    }
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'stats') console.log(JSON.stringify({ requests, keys: keys.size }));
  if (line === 'exit') break;
}
server.closeAllConnections();
server.close();
