import type { BuildOptions, BuildResult, Metafile } from 'esbuild';
export const CHUNK_FILE: string;
export const SHELL_FILE: string;
export function buildEntry(options: BuildOptions): Promise<BuildResult<BuildOptions & { metafile: true }>>;
export function buildSplitExtension(options: BuildOptions): Promise<{ entry: Metafile; shell: Metafile; chunk: Metafile; vendor: Metafile; shared: string[] }>;
