export const CODE_SERVER_VERSION: string;
export const PLAYWRIGHT_VERSION: string;
export const NODE_MAJOR: string;
export const CHROMIUM: string;
export interface VscodeDepsPaths {
  cacheRoot: string;
  node24Dir: string;
  node24Home: string;
  node24: string;
  node24Marker: string;
  codeServerDir: string;
  codeServerEntry: string;
  playwrightCore: string;
  codeServerMarker: string;
  chromium: string;
}
export function vscodeDepsPaths(env?: NodeJS.ProcessEnv): VscodeDepsPaths;
export function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function node24Problem(p: VscodeDepsPaths): string | undefined;
export function codeServerProblem(p: VscodeDepsPaths): string | undefined;
export function missingVscodeDeps(p?: VscodeDepsPaths): string[];
export class InstallError extends Error {
  readonly network: boolean;
}
export function npmNetworkFailure(text: string): boolean;
export function vscodeDepsInstalled(p?: VscodeDepsPaths): { node24: boolean; codeServer: boolean };
export function ensureNode24(p?: VscodeDepsPaths, env?: NodeJS.ProcessEnv, o?: { quiet?: boolean }): void;
export function ensureCodeServer(p?: VscodeDepsPaths, env?: NodeJS.ProcessEnv, o?: { quiet?: boolean }): void;
export function ensureVscodeDeps(env?: NodeJS.ProcessEnv): VscodeDepsPaths;
