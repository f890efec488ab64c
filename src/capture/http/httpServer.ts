import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Limits } from './limits';
import { isSentryLensListening } from './portOwner';

/** Why `start` failed: `port-in-use` says whether the holder is another Sentry Lens (window or CLI) that answers `/health`. */
export type StartFailure =
  | { ok: false; reason: string; code: 'port-in-use'; ownedBySentryLens: boolean }
  | { ok: false; reason: string; code: 'permission-denied' | 'bad-address' | 'already-started' | 'other' };

export type StartResult = { ok: true; value: { port: number; url: string } } | StartFailure;

/**
 * The listener's node:http server: built with the limits (header size and
 * time, request time, connections), answering malformed requests itself
 * (400, 431, 408 as Node reports them), and started on `host:port` with each
 * failure told apart (port held by another Sentry Lens or by another
 * program, no permission, no such address).
 */
export function createCaptureServer(limits: Limits, onRequest: (req: IncomingMessage, res: ServerResponse) => void, count: (status: number) => void): Server {
  const server = createServer({
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    keepAliveTimeout: 5000,
    requireHostHeader: true,
  });
  server.maxConnections = limits.maxConnections;
  server.on('request', onRequest);
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
      socket.destroy(); // the client went away; nothing to answer
      return;
    }
    // Node's own answers: 400 malformed, 431 header overflow, 408 timeouts.
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    count(status);
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && (!inFlight || !inFlight.headersSent)) {
      const text = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroy();
  });
  return server;
}

/** Listens on `host:port`; on failure the server is closed and the result says why. */
export async function listen(server: Server, host: string, port: number): Promise<StartResult> {
  const started = await new Promise<StartResult>((resolve) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.removeListener('listening', onListening);
      if (e.code === 'EADDRINUSE') {
        void isSentryLensListening(host, port).then((ours) =>
          resolve({
            ok: false,
            code: 'port-in-use',
            ownedBySentryLens: ours,
            reason: ours
              ? `port ${port} is held by another Sentry Lens (window or CLI); it captures into the shared store`
              : `port ${port} on ${host} is in use by another program; choose another port (sentry.capture.port) or stop that program`,
          }),
        );
      } else if (e.code === 'EACCES' || e.code === 'EPERM') {
        resolve({ ok: false, code: 'permission-denied', reason: `not allowed to listen on ${host}:${port}; choose a port above 1023` });
      } else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'EINVAL') {
        resolve({ ok: false, code: 'bad-address', reason: `${host} is not an address of this machine` });
      } else {
        resolve({ ok: false, code: 'other', reason: `could not listen on ${host}:${port} (${e.code ?? e.message})` });
      }
    };
    const onListening = () => {
      server.removeListener('error', onError);
      const addr = server.address() as AddressInfo;
      resolve({ ok: true, value: { port: addr.port, url: `http://${urlHost(host)}:${addr.port}` } });
    };
    server.once('error', onError);
    server.once('listening', onListening);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      resolve({ ok: false, code: 'bad-address', reason: `port must be a whole number from 0 to 65535, got ${port}` });
      return;
    }
    server.listen(port, host);
  });
  if (!started.ok) server.close();
  return started;
}

/** Closes the server and every connection it holds. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** A host as it is written in a URL (an IPv6 address in brackets). */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
