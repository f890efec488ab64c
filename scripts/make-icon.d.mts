export const SIZE: number;
export const ICON_FILE: string;
export function renderIcon(): Buffer;
export function encodePng(width: number, height: number, rgba: Buffer): Buffer;
