export const DEBIAN_SDK: string[];
export const DEBIAN_BROWSER: string[];
export const DEBIAN_CODE_SERVER_BUILD: string[];
export class SetupError extends Error {}
export function step(prefix: string, title: string, fn: () => string): string;
export function runQuiet(cmd: string, args: string[], o: { cwd?: string; env?: NodeJS.ProcessEnv; what: string; hint: string }): string;
export function nodeFloor(repo?: string): [number, number];
export function checkNode(version?: string, floor?: [number, number]): void;
export function npmDepsStale(repo: string): string | undefined;
export function ensureNpmDeps(repo: string, prefix: string): string;
export function missingDebianPackages(names: string[]): string[] | undefined;
export function ensureDebianPackages(names: string[], prefix: string, why: string, o?: { root?: boolean }): void;
export function ensureVscode(prefix: string, o: { chromium: boolean }): { cacheRoot: string; node24: string; codeServerEntry: string; codeServerDir: string; chromium: string };
export function exitOnSetupError(e: unknown): never;
