import type { SearchAst, SearchNode, SearchValue } from './ast';

/**
 * A query in canonical form (single spaces, AND implicit, parentheses only
 * where OR sits inside AND): for the view's description. It parses back to
 * the same tree, positions aside.
 */
export function formatSearch(ast: SearchAst): string {
  return ast.root ? formatNode(ast.root) : '';
}

function formatNode(n: SearchNode): string {
  switch (n.type) {
    case 'and':
      return n.items.map((i) => (i.type === 'or' ? `(${formatNode(i)})` : formatNode(i))).join(' ');
    case 'or':
      return n.items.map(formatNode).join(' OR ');
    case 'text': {
      const neg = n.negated ? '!' : '';
      const v = n.value;
      const plain = !v.quoted && /^[^\s"():!]+$/.test(v.text) && v.text !== 'AND' && v.text !== 'OR' && !/^tags\[/i.test(v.text);
      return neg + (plain ? escapeStars(v) : quote(v));
    }
    case 'filter': {
      const neg = n.negated ? '!' : '';
      const op = n.op === ':' ? '' : n.op;
      const values = n.list ? `[${n.values.map(formatValue).join(', ')}]` : formatValue(n.values[0]!);
      return `${neg}${n.key}:${op}${values}`;
    }
  }
}

function formatValue(v: SearchValue): string {
  if (!v.quoted && /^tags\[[^\]"]*\]$/i.test(v.text)) return v.text;
  return !v.quoted && v.text !== '' && !/[\s"[\](),]/.test(v.text) ? escapeStars(v) : quote(v);
}

/** The value with its literal stars escaped (wildcards stay bare). */
function escapeStars(v: SearchValue, extra?: (c: string) => string): string {
  const wild = new Set(v.wild);
  let out = '';
  for (let i = 0; i < v.text.length; i++) {
    const c = v.text[i]!;
    out += c === '*' && !wild.has(i) ? '\\*' : extra ? extra(c) : c;
  }
  return out;
}

function quote(v: SearchValue): string {
  return `"${escapeStars(v, (c) => (c === '"' || c === '\\' ? `\\${c}` : c))}"`;
}
