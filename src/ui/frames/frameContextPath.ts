/**
 * The language of the read-only document of a frame with no local file, and
 * where such documents live. The path keeps the frame's file name (the tab
 * shows it), inside a folder that package.json's `filenamePatterns` gives to
 * this language: a pattern wins over the file extension, so the excerpt is
 * never a JavaScript or TypeScript document that a language server would
 * check (it is numbered lines, not code), while its grammar still colours the
 * lines as the file type named in its header. Pure.
 */
export const FRAME_CONTEXT_LANGUAGE = 'sentry-frame-context';
export const FRAME_CONTEXT_FOLDER = 'sentry-lens.frame-context';

/** `/<folder>/<n>/<file name>` for a frame's context document; `n` keeps documents of same-named files apart. */
export function frameContextPath(n: number, fileName: string): string {
  return `/${FRAME_CONTEXT_FOLDER}/${n}/${baseName(fileName)}`;
}

/** `/<n>/<file name>` for any other read-only document (an explanation). */
export function plainDocumentPath(n: number, fileName: string): string {
  return `/${n}/${baseName(fileName)}`;
}

function baseName(fileName: string): string {
  const base = fileName.replace(/\\/g, '/').split('/').filter(Boolean).pop() ?? 'frame';
  return base.replace(/[?#]/g, '_');
}
