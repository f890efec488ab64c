/**
 * The name a stack frame would give the code at a position, from the symbols
 * a language extension reports for the document (the shape of VS Code's
 * DocumentSymbol, without importing vscode): the innermost function, method
 * or constructor around the position, prefixed with its class as Sentry's
 * SDKs write it (`Cart.total`). Undefined outside any function, or when
 * there are no symbols (no language extension, or it did not answer in time).
 */

export interface SymbolNode {
  name: string;
  /** vscode.SymbolKind */
  kind: number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  children?: readonly SymbolNode[];
}

/** vscode.SymbolKind values (stable, part of the LSP). */
export const SYMBOL_KIND = { Class: 4, Method: 5, Constructor: 8, Interface: 10, Function: 11, Struct: 22 } as const;

const FUNCTION_KINDS: ReadonlySet<number> = new Set([SYMBOL_KIND.Method, SYMBOL_KIND.Constructor, SYMBOL_KIND.Function]);
const TYPE_KINDS: ReadonlySet<number> = new Set([SYMBOL_KIND.Class, SYMBOL_KIND.Interface, SYMBOL_KIND.Struct]);

export function enclosingFunctionName(symbols: readonly SymbolNode[] | undefined, line: number, character: number): string | undefined {
  let fn: string | undefined;
  let owner: string | undefined;
  let level: readonly SymbolNode[] | undefined = symbols;
  let type: string | undefined;
  // Down the tree, always into the child that holds the position; the last function seen is the innermost.
  while (level?.length) {
    const hit: SymbolNode | undefined = level.find((s) => contains(s.range, line, character));
    if (!hit) break;
    if (FUNCTION_KINDS.has(hit.kind)) {
      fn = hit.name;
      owner = type;
    } else if (TYPE_KINDS.has(hit.kind)) {
      type = hit.name;
    }
    level = hit.children;
  }
  if (fn === undefined) return undefined;
  const name = fn.replace(/\(.*$/s, '').trim() || fn; // some languages report "total(cart)"
  return owner ? `${owner}.${name}` : name;
}

function contains(r: SymbolNode['range'], line: number, character: number): boolean {
  if (line < r.start.line || line > r.end.line) return false;
  if (line === r.start.line && character < r.start.character) return false;
  if (line === r.end.line && character > r.end.character) return false;
  return true;
}
