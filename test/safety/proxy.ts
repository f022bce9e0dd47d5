/**
 * A TCP proxy on 127.0.0.1 in front of a Postgres server, as an SSH tunnel
 * or a connection pooler stands in front of a remote one: the client sees a
 * loopback address, the server is elsewhere or under another database name.
 * `renameDatabase` rewrites the database in the startup packet (a pooler's
 * alias: the client asks for "app", the server opens "prod_app").
 */
import { createConnection, createServer, type Server } from 'node:net';

export interface Proxy {
  port: number;
  close(): Promise<void>;
}

function rewriteStartup(packet: Buffer, from: string, to: string): Buffer {
  const needle = Buffer.from(`database\0${from}\0`);
  const i = packet.indexOf(needle);
  if (i < 0) return packet;
  const out = Buffer.concat([packet.subarray(0, i), Buffer.from(`database\0${to}\0`), packet.subarray(i + needle.length)]);
  out.writeInt32BE(out.length, 0);
  return out;
}

export async function startProxy(host: string, port: number, renameDatabase?: { from: string; to: string }): Promise<Proxy> {
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host, port });
    let first = true;
    client.on('data', (chunk: Buffer) => {
      // The startup packet is the client's first message (no SSL: pg asks for none here).
      upstream.write(first && renameDatabase ? rewriteStartup(chunk, renameDatabase.from, renameDatabase.to) : chunk);
      first = false;
    });
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.unref();
      }),
  };
}
