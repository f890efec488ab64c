export const COMMAND_NOTES: Record<string, string>;
