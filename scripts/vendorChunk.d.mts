import type { BuildOptions, BuildResult, Plugin } from 'esbuild';
export const VENDOR_FILE: string;
export const VENDOR_PACKAGES: Record<string, string>;
export const VENDOR_STUB_NAMESPACE: string;
export function vendorPlugin(): Plugin;
export function buildVendor(options: BuildOptions): Promise<BuildResult<BuildOptions & { metafile: true }>>;
