import { request } from 'node:http';

/** What `GET /health` answers; another window reads it to tell that a port is held by Sentry Lens. */
export const HEALTH_SERVICE = 'sentry-lens';

/**
 * Asks whoever holds `host:port` for `/health` and tells whether it is a
 * Sentry Lens listener (another VS Code window or the CLI). Never throws;
 * anything unexpected (no answer within `timeoutMs`, other JSON) is false.
 */
export function isSentryLensListening(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const probeHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
    const req = request(
      { host: probeHost, port, path: '/health', method: 'GET', timeout: timeoutMs, headers: { host: `localhost:${port}` } },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > 64 * 1024) req.destroy();
          else chunks.push(c);
        });
        res.on('end', () => {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { service?: unknown };
            resolve(res.statusCode === 200 && body.service === HEALTH_SERVICE);
          } catch {
            resolve(false);
          }
        });
        res.on('error', () => resolve(false));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
