/**
 * The one column rule for a frame, used wherever a frame is shown or opened
 * (the tree, the Problems panel): the column Sentry recorded, else the first
 * non-blank character of the line (Python and most server SDKs record no
 * column). 1-based; undefined only when neither is known.
 */
export function frameColumn(recorded: number | undefined, lineText: string | undefined): number | undefined {
  if (recorded !== undefined && Number.isFinite(recorded) && recorded >= 1) return Math.trunc(recorded);
  if (lineText === undefined) return undefined;
  const first = /\S/.exec(lineText);
  return first ? first.index + 1 : 1;
}
