import { constants } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../../util/logger';
import { type LogFile, openLog, readLines } from './logFile';
import { ChangeSet, type MemoryState } from './memoryState';
import { dataLineSchema, kindOfLine, parseLines, type SkipReason, stateLineSchema } from './recordFormat';
import type { KeptRecord } from './recordKind';

/**
 * Reading the store's two logs into the in-memory state: the whole of both
 * at open (or after another process replaced a file), and afterwards what
 * was appended since the last read. A follower applies what it reads a few
 * milliseconds at a time (APPLY_SLICE_MS), telling listeners after each
 * slice and letting the event loop run in between, so that a burst another
 * process captured never holds the thread (an editor's) for long.
 */

/** The longest a follower applies records before letting the event loop run. */
const APPLY_SLICE_MS = 4;

export class LogReader {
  data: LogFile | undefined;
  st: LogFile | undefined;
  /** What the records in the data log weigh, by kind (RecordKind.weight; compaction's trigger). */
  dataLines = new Map<string, number>();
  /** Lines in the state log. */
  stateLines = 0;
  /** Lines that could not be read (torn writes, foreign data). */
  skipped = 0;

  constructor(
    private readonly paths: { data: string; state: string; dataName: string; stateName: string },
    private readonly state: MemoryState,
    private readonly writerId: string,
    private readonly log: Logger,
    private readonly emit: (changes: ChangeSet) => void,
  ) {}

  /** Reads both files from the start; with `emit`, tells listeners what differs from before. */
  async reload(emit: boolean): Promise<void> {
    const before = emit ? this.state.snapshot() : undefined;
    await this.close();
    this.st = await openLog(this.paths.state, 'a+');
    this.data = await openLog(this.paths.data, constants.O_RDWR | constants.O_CREAT);
    this.state.reset();
    this.dataLines.clear();
    this.stateLines = 0;
    const scratch = new ChangeSet();
    const stText = await readLines(this.st.fh, 0);
    this.st.offset = stText.consumed;
    for (const text of stText.texts) for (const line of text.split('\n')) this.applyStateLine(line, scratch, false);
    const dataText = await readLines(this.data.fh, 0);
    this.data.offset = dataText.consumed;
    for (const text of dataText.texts) for (const line of text.split('\n')) this.applyDataLine(line, scratch);
    if (before) this.emit(this.state.diffSince(before));
  }

  /** Applies what was appended to the state log since the last read (skipping this store's own lines). */
  async tailState(): Promise<void> {
    const st = this.st;
    if (!st) return;
    const { texts, consumed } = await readLines(st.fh, st.offset);
    st.offset += consumed;
    const changes = new ChangeSet();
    for (const text of texts) for (const line of text.split('\n')) this.applyStateLine(line, changes, true);
    this.emit(changes);
  }

  /** Applies records appended to the data log since the last read, a slice at a time. */
  async tailData(): Promise<void> {
    const data = this.data;
    if (!data) return;
    const { texts, consumed } = await readLines(data.fh, data.offset);
    data.offset += consumed;
    let changes = new ChangeSet();
    let sliceStart = performance.now();
    for (const text of texts) {
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        this.applyDataLine(lines[i]!, changes);
        if ((i & 15) === 15 && performance.now() - sliceStart > APPLY_SLICE_MS) {
          this.emit(changes);
          changes = new ChangeSet();
          await new Promise((r) => setImmediate(r));
          sliceStart = performance.now();
        }
      }
    }
    this.emit(changes);
  }

  async close(): Promise<void> {
    await this.data?.fh.close().catch(() => undefined);
    await this.st?.fh.close().catch(() => undefined);
    this.data = this.st = undefined;
  }

  private applyDataLine(text: string, changes: ChangeSet): void {
    if (!text) return;
    for (const line of parseLines(text, dataLineSchema, (why, l) => this.skip(why, l, this.paths.dataName))) {
      const kind = kindOfLine(line);
      const r = this.decode(kind, line.e, this.paths.dataName);
      if (!r) continue;
      this.dataLines.set(kind, (this.dataLines.get(kind) ?? 0) + this.state.kind(kind).weightOf(r));
      this.state.add(kind, r, changes);
    }
  }

  private applyStateLine(text: string, changes: ChangeSet, skipOwn: boolean): void {
    if (!text) return;
    for (const line of parseLines(text, stateLineSchema, (why, l) => this.skip(why, l, this.paths.stateName))) {
      this.stateLines++;
      if (skipOwn && line.w === this.writerId) continue;
      if (line.t !== 'e') {
        this.state.apply(line, changes);
        continue;
      }
      const kind = kindOfLine(line);
      const r = this.decode(kind, line.e, this.paths.stateName);
      if (r) this.state.add(kind, r, changes);
    }
  }

  private decode(kind: string, raw: unknown, file: string): KeptRecord | undefined {
    const parsed = this.state.kind(kind).kind.schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.skip('unknown-shape', '', file);
    return undefined;
  }

  private skip(why: SkipReason, line: string, file: string): void {
    this.skipped++;
    if (why === 'unreadable') this.log.warn(`skipped an unreadable line in ${file} (${line.length} bytes; a write torn by a crash?)`);
    else this.log.warn(`skipped a line of unknown shape in ${file}`);
  }
}
