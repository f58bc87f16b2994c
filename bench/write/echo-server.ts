import { randomUUID } from 'node:crypto';
import http from 'node:http';

/**
 * The write bench's HTTP floor: node:http reading a JSON body and answering 201 with a body like
 * the API's, with no routing, validation or database. What it costs per request is what any
 * Node API pays before doing its own work. Usage: tsx bench/write/echo-server.ts <port>
 */
const port = Number(process.argv[2]);
http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as object;
      const id = randomUUID();
      res.writeHead(201, { 'content-type': 'application/json', location: `/requests/${id}` });
      res.end(JSON.stringify({ id, status: 'pending', ...body }));
    });
  })
  .listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
