import type { CapturedData } from '../data/capturedData';
import type { FrameSites } from '../data/frameSites';

/** What every tool reads from: the captured data, the frame sites, and the clock. */
export interface ToolContext {
  data: CapturedData;
  sites: FrameSites;
  now: () => number;
  /** Whether get_traces is offered (answers then point to it). */
  traceTools: boolean;
}
