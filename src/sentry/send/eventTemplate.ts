import type { BuildContext, EventInput } from './eventBuilder';

/** Where in a file an event should point (the active editor's file and line). */
export interface SourceLocation {
  absPath: string;
  /** Path relative to the workspace, forward slashes. */
  relativePath: string;
  /** 1-based. */
  lineno: number;
  /** 1-based. */
  colno: number;
  /** The whole file, one entry per line. */
  lines: readonly string[];
  /** The editor's language of the file (VS Code's language id), for the platform when the file name does not tell. */
  languageId?: string;
  functionName?: string;
}

export interface EventTemplate {
  readonly id: 'exception' | 'validation' | 'context' | 'message' | 'performance';
  readonly label: string;
  readonly description: string;
  /** False when what the template sends has no level (a transaction): the form does not ask for one. */
  readonly hasLevel?: false;
  /** What the message step asks for, when the message is not the event's message (a transaction's name). */
  readonly messagePrompt?: string;
  /** The fields the form pre-fills. `source` is used by the exception template only. */
  build(source?: SourceLocation): Partial<EventInput>;
  /** What is sent, from the form's answers; default: the event buildEvent makes. */
  payload?(input: EventInput, ctx: BuildContext): object;
}
