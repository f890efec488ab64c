export const SETTINGS_FILE: string;
export const COMMANDS_FILE: string;
export function renderSettings(pkg: unknown): string;
export function renderCommands(pkg: unknown, notes?: Record<string, string>): string;
export function generatedFiles(pkg?: unknown): Array<{ file: string; text: string }>;
