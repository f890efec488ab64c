export function codeServerArgs(o: { port: number; userDataDir: string; extensionsDir: string; folder: string }): string[];
export function installExtensionArgs(o: { userDataDir: string; extensionsDir: string; vsix: string }): string[];
