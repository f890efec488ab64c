/**
 * File names that nearly every package has (a Python package's `__init__.py`,
 * a JavaScript folder's `index.js`, a Rust module's `mod.rs`): a workspace
 * file that shares only such a name with a frame's path says nothing about
 * being the frame's file.
 */
const GENERIC = new Set([
  '__init__.py',
  '__main__.py',
  'index.js',
  'index.mjs',
  'index.cjs',
  'index.jsx',
  'index.ts',
  'index.mts',
  'index.cts',
  'index.tsx',
  'mod.rs',
  'package-info.java',
]);

export function isGenericFileName(basename: string): boolean {
  return GENERIC.has(basename.toLowerCase());
}
