import type { BuildOptions, Metafile } from 'esbuild';
export const CHUNK_FILE: string;
export function buildSplitExtension(options: BuildOptions): Promise<{ shell: Metafile; chunk: Metafile; shared: string[] }>;
