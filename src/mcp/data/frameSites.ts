import { promises as fsp } from 'node:fs';
import type { FrameView } from '../../sentry/event/eventView';
import type { Resolution } from '../../source/resolver/frameResolver';

/** What the tools need of the frame resolver (src/source/resolver/frameResolver.ts). */
export interface FrameLocator {
  resolveMany(frames: readonly FrameView[], opts?: { platform?: string; signal?: AbortSignal }): Promise<Resolution[]>;
}

/** Where a frame's code is: the workspace file when one was found, and the line of code there (else the event's context line). */
export interface FrameSite {
  /** `path:line:column` of the local file, or undefined when no local file fits. */
  local?: string;
  /** The code at that line: from the local file when found, else the context line the SDK sent. */
  code?: string;
  /** Whether `code` was read from the local file. */
  codeFromWorkspace: boolean;
  /** The resolver's note or warning (line moved, not verified, ...). */
  note?: string;
}

const MAX_CODE = 240;

/**
 * Frames to workspace sites for the tools' answers: one batch through the
 * resolver, then the line of code read from each local file (each file read
 * once per answer).
 */
export class FrameSites {
  constructor(
    private readonly locator: FrameLocator | undefined,
    private readonly readFile: (path: string) => Promise<string> = (p) => fsp.readFile(p, 'utf8'),
  ) {}

  async locate(frames: readonly FrameView[], platform: string | undefined, signal?: AbortSignal): Promise<FrameSite[]> {
    const resolutions = this.locator && frames.length ? await this.locator.resolveMany(frames, { ...(platform ? { platform } : {}), ...(signal ? { signal } : {}) }) : [];
    const files = new Map<string, Promise<string[] | undefined>>();
    const lines = (path: string) => {
      let p = files.get(path);
      if (!p) {
        p = this.readFile(path).then(
          (t) => t.split(/\r?\n/),
          () => undefined,
        );
        files.set(path, p);
      }
      return p;
    };
    return Promise.all(
      frames.map(async (f, i) => {
        const r = resolutions[i];
        const site: FrameSite = { codeFromWorkspace: false };
        if (r?.file) {
          site.local = `${r.file}${r.line !== undefined ? `:${r.line}${r.column !== undefined ? `:${r.column}` : ''}` : ''}`;
          const text = r.line !== undefined ? (await lines(r.file))?.[r.line - 1] : undefined;
          if (text !== undefined) {
            site.code = clip(text);
            site.codeFromWorkspace = true;
          }
        }
        if (site.code === undefined && f.contextLine !== undefined) site.code = clip(f.contextLine);
        const note = r?.note ?? r?.warning;
        if (note) site.note = note;
        return site;
      }),
    );
  }
}

function clip(line: string): string {
  const t = line.trimEnd();
  return t.length > MAX_CODE ? `${t.slice(0, MAX_CODE - 1)}…` : t;
}

/** A locator built on first use (the workspace index is walked once, when a tool first needs a frame). */
export function lazyLocator(make: () => Promise<FrameLocator>): FrameLocator {
  let ready: Promise<FrameLocator> | undefined;
  return {
    async resolveMany(frames, opts) {
      ready ??= make();
      ready.catch(() => (ready = undefined));
      return (await ready).resolveMany(frames, opts);
    },
  };
}
