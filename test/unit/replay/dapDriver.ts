import type { DapMessage } from '../../../src/replay/replaySession';
import { ReplaySession, type ReplaySessionDeps } from '../../../src/replay/replaySession';

export interface DapResponse extends DapMessage {
  request_seq: number;
  success: boolean;
  command: string;
  message?: string;
  body?: any;
}

/** Drives a ReplaySession as the editor does: numbered requests, responses matched by request_seq, events collected in order. */
export class DapDriver {
  readonly events: DapMessage[] = [];
  private readonly responses = new Map<number, DapResponse>();
  private seq = 1;
  readonly session: ReplaySession;

  constructor(deps: Omit<ReplaySessionDeps, 'send'>) {
    this.session = new ReplaySession({
      ...deps,
      send: (m) => {
        if (m.type === 'response') this.responses.set(m.request_seq as number, m as DapResponse);
        else this.events.push(m);
      },
    });
  }

  async request(command: string, args?: Record<string, unknown>): Promise<DapResponse> {
    const seq = this.seq++;
    await this.session.handle({ seq, type: 'request', command, ...(args ? { arguments: args } : {}) });
    const r = this.responses.get(seq);
    if (!r) throw new Error(`no response to ${command}`);
    return r;
  }

  /** Waits a turn of the microtask queue so events queued after a response arrive. */
  async settle(): Promise<void> {
    await new Promise((r) => setImmediate(r));
  }

  eventsNamed(name: string): any[] {
    return this.events.filter((e) => e.event === name).map((e) => e.body);
  }

  /** initialize, launch, configurationDone: the editor's start-up sequence. */
  async start(args: Record<string, unknown> = {}): Promise<DapResponse> {
    const init = await this.request('initialize', { adapterID: 'sentry-replay', linesStartAt1: true, columnsStartAt1: true });
    if (!init.success) return init;
    const launch = await this.request('launch', args);
    if (!launch.success) return launch;
    const done = await this.request('configurationDone');
    await this.settle();
    return done;
  }
}
