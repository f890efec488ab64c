import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, inflateRaw } from 'node:zlib';
import type { Limits } from './limits';

const gunzipP = promisify(gunzip);
const inflateP = promisify(inflate);
const inflateRawP = promisify(inflateRaw);
const brotliP = promisify(brotliDecompress);

export type BodyResult = { ok: true; body: Buffer } | { ok: false; status: 400 | 408 | 413 | 415; reason: string };

/**
 * Reads a request body within the limits: the wire size (`Content-Length` is
 * checked before reading), an idle timeout between chunks, then decoding of
 * `Content-Encoding` gzip / deflate (zlib or raw) / br / identity, off the
 * main thread and stopped as soon as the output passes `maxDecoded` (a
 * decompression bomb costs at most that much memory).
 */
export function readBody(req: IncomingMessage, limits: Limits, maxDecoded: number): Promise<BodyResult> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!['identity', '', 'gzip', 'x-gzip', 'deflate', 'br'].includes(encoding)) {
    return Promise.resolve({ ok: false, status: 415, reason: `unsupported Content-Encoding "${encoding.slice(0, 40)}" (use gzip, deflate or br)` });
  }
  const identity = encoding === 'identity' || encoding === '';
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limits.maxBodyBytes) {
    return Promise.resolve({ ok: false, status: 413, reason: `the body is ${declared} bytes, more than the ${limits.maxBodyBytes}-byte limit` });
  }
  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      if (!r.ok) req.resume(); // keep draining; the answer closes the connection
      resolve(r);
    };
    // One timer for the whole body, pushed back (refresh) by every chunk.
    const timer = setTimeout(
      () => finish({ ok: false, status: 408, reason: `no body data for ${limits.bodyIdleTimeoutMs} ms` }),
      limits.bodyIdleTimeoutMs,
    );
    timer.unref();
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limits.maxBodyBytes) {
        finish({ ok: false, status: 413, reason: `the body is more than the ${limits.maxBodyBytes}-byte limit` });
        return;
      }
      chunks.push(c);
      timer.refresh();
    };
    const onEnd = () => {
      if (done) return;
      const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      if (identity) {
        finish(raw.length > maxDecoded ? tooBig(maxDecoded) : { ok: true, body: raw });
        return;
      }
      decode(raw, encoding, maxDecoded).then(finish, () =>
        finish({ ok: false, status: 400, reason: 'the body could not be decoded' }),
      );
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('aborted', () => finish({ ok: false, status: 400, reason: 'the client aborted the request' }));
    req.on('error', () => finish({ ok: false, status: 400, reason: 'the request body ended early' }));
  });
}

function tooBig(maxDecoded: number): BodyResult {
  return { ok: false, status: 413, reason: `the decompressed body is more than the ${maxDecoded}-byte limit` };
}

/** gzip, deflate or br (identity bodies never get here: readBody checks their size itself). */
async function decode(raw: Buffer, encoding: string, maxDecoded: number): Promise<BodyResult> {
  const opts = { maxOutputLength: maxDecoded };
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return { ok: true, body: await gunzipP(raw, opts) };
    if (encoding === 'br') return { ok: true, body: await brotliP(raw, opts) };
    try {
      return { ok: true, body: await inflateP(raw, opts) };
    } catch (e) {
      if (isTooLarge(e)) throw e;
      return { ok: true, body: await inflateRawP(raw, opts) };
    }
  } catch (e) {
    if (isTooLarge(e)) return tooBig(maxDecoded);
    return { ok: false, status: 400, reason: `the body is not valid ${encoding} data` };
  }
}

function isTooLarge(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}
