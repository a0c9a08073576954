/** Ports of 127.0.0.1 for tests of servers that are asked for a port: taken, free, answering or not. */
import * as net from 'net';

/** Whether something on 127.0.0.1 accepts a connection on `port`. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 5_000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

/** A server holding `port` (0: a free one) until released. */
export function occupy(port = 0): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export const release = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));
export const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

/** A port p with p and p+1 free just now, for a server that takes both. */
export async function twoFreePorts(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await occupy();
    const port = portOf(first);
    const second = await occupy(port + 1).catch(() => undefined);
    await release(first);
    if (second) {
      await release(second);
      return port;
    }
  }
  throw new Error('no two adjacent free ports');
}
