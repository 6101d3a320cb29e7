/**
 * A loopback TCP proxy that a fault test can cut and restore, to take a dependency (MongoDB) away
 * from a running service and give it back without losing the dependency's data.
 * - `cut()`: every open connection is reset and new ones are refused (the port stops listening);
 * - `hang()`: connections stay open but nothing goes through, and new ones are accepted and left
 *   silent — a network partition;
 * - `restore()`: listens again on the same port (resetting silent connections) and forwards as before.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  cut(): Promise<void>;
  hang(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const newServer = (): Server =>
    createServer((client) => {
      track(client);
      if (silent) {
        client.on('error', () => client.destroy());
        return; // accepted, never answered
      }
      const upstream = connect(target.port, target.host);
      track(upstream);
      client.pipe(upstream).pipe(client);
      pipes.push({ client, upstream });
      const fail = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', fail);
      upstream.on('error', fail);
      client.on('close', fail);
      upstream.on('close', fail);
    });

  const listen = (server: Server, port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });

  let silent = false;
  let pipes: Array<{ client: Socket; upstream: Socket }> = [];
  let server: Server | null = newServer();
  await listen(server, 0);
  const port = (server.address() as { port: number }).port;

  async function stop(): Promise<void> {
    const closing = server;
    server = null;
    for (const socket of sockets) socket.resetAndDestroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  return {
    port,
    cut: stop,
    hang() {
      silent = true;
      for (const { client, upstream } of pipes) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
      pipes = [];
    },
    async restore() {
      if (silent) {
        silent = false;
        for (const socket of sockets) socket.resetAndDestroy();
      }
      if (server) return;
      server = newServer();
      await listen(server, port);
    },
    close: stop,
  };
}
