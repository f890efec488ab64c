/**
 * Files of the window's workspace that changed, as the window sends them to
 * the listener worker for the index of its `/mcp` (no zod here: the window's
 * shell sends these at activation's weight).
 */
export interface FileEvent {
  kind: 'created' | 'changed' | 'deleted';
  path: string;
}

/** Most file events in one message; a burst beyond it is sent as a rescan (index the folders again). */
export const MAX_FILE_EVENTS = 2000;
