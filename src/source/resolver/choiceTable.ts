import type { FrameView } from '../../sentry/event/eventView';

/**
 * Remembered values keyed by what a frame's file choice depends on: `abs_path`, `filename`, `module`, the
 * platform and `in_app`. Keyed first by the frame's main path string as it came (its hash is kept on the
 * string, so frames of one event or repeated batches cost one map lookup), then a short scan of the few
 * entries that share it; no key string is built per frame. Starts over when `capacity` entries are held.
 */
export class ChoiceTable<V> {
  private byPath = new Map<string, Entry<V>[]>();
  private count = 0;

  constructor(private readonly capacity: number) {}

  get(frame: FrameView, platform: string | undefined): V | undefined {
    const list = this.byPath.get(frame.absPath ?? frame.filename ?? '');
    if (list === undefined) return undefined;
    for (const e of list) if (same(e, frame, platform)) return e.value;
    return undefined;
  }

  set(frame: FrameView, platform: string | undefined, value: V): void {
    if (this.count >= this.capacity) this.clear();
    const key = frame.absPath ?? frame.filename ?? '';
    const entry: Entry<V> = { absPath: frame.absPath, filename: frame.filename, module: frame.module, platform, inApp: frame.inApp, value };
    const list = this.byPath.get(key);
    if (list === undefined) this.byPath.set(key, [entry]);
    else {
      const at = list.findIndex((e) => same(e, frame, platform));
      if (at >= 0) list[at] = entry;
      else list.push(entry);
      if (at >= 0) return;
    }
    this.count++;
  }

  clear(): void {
    this.byPath = new Map();
    this.count = 0;
  }
}

interface Entry<V> {
  absPath: string | undefined;
  filename: string | undefined;
  module: string | undefined;
  platform: string | undefined;
  inApp: boolean | undefined;
  value: V;
}

function same<V>(e: Entry<V>, frame: FrameView, platform: string | undefined): boolean {
  return e.absPath === frame.absPath && e.filename === frame.filename && e.module === frame.module && e.platform === platform && e.inApp === frame.inApp;
}
