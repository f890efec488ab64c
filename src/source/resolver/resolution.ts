/** What the frame resolver answers: the local file chosen for a frame, and every candidate it considered. */

export type CandidateReason = 'mapping' | 'absolute' | 'suffix' | 'module' | 'sourcemap';

/** One local path the resolver considered for a frame. */
export interface Candidate {
  path: string;
  reason: CandidateReason;
  /** For suffix and module matches: how many trailing path segments agree. */
  score?: number;
  chosen: boolean;
  /** Why it was not chosen, when it was not. */
  rejected?: string;
}

export interface Resolution {
  /** The absolute local path to open, or null when no local file fits. */
  file: string | null;
  /** 1-based line to open (after source maps and moved-line recovery), as the editor shows. */
  line: number | undefined;
  /** 1-based column, as the editor shows. */
  column: number | undefined;
  candidates: Candidate[];
  /** The line the event recorded, when the code was found at another line. */
  movedFrom?: number;
  /** e.g. "the file changed since this event: line 42 is now 45". */
  note?: string;
  /** Something the user should know: the line could not be verified, no file was found, ... */
  warning?: string;
  /** How many more workspace files share the frame's file name than the candidates list (they matched less or lost a tie-break). */
  unlisted?: number;
  /**
   * The original source a source map leads to when that file is not in the workspace but the map embeds
   * its text (`sourcesContent`): open `text` (read-only) at `line`/`column` rather than the generated `file`.
   */
  embeddedSource?: EmbeddedSource;
  /** Set when the frame pointed into a generated file whose source map led to `file`. */
  sourceMapped?: { generatedFile: string; generatedLine: number; generatedColumn: number | undefined };
}

/** An original source file's text taken from a source map, and the position in it. */
export interface EmbeddedSource {
  /** The source as the map names it (resolved against the map's folder and `sourceRoot`). */
  source: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The whole original text, as the map embeds it. */
  text: string;
}
