import { strict as assert } from 'node:assert';
import { enclosingFunctionName, SYMBOL_KIND, type SymbolNode } from '../../../../src/ui/createIssue/enclosingFunction';

const sym = (name: string, kind: number, from: [number, number], to: [number, number], children?: SymbolNode[]): SymbolNode => ({
  name,
  kind,
  range: { start: { line: from[0], character: from[1] }, end: { line: to[0], character: to[1] } },
  ...(children ? { children } : {}),
});

// class Cart {            line 0
//   total(cart) {         line 1
//     const f = () => 1;  line 2
//   }                     line 3
// }                       line 4
// function checkout() {   line 6
//   return 1;             line 7
// }                       line 8
const symbols = [
  sym('Cart', SYMBOL_KIND.Class, [0, 0], [4, 1], [sym('total', SYMBOL_KIND.Method, [1, 2], [3, 3], [sym('f', 13 /* Variable */, [2, 10], [2, 22])])]),
  sym('checkout', SYMBOL_KIND.Function, [6, 0], [8, 1]),
  sym('DISCOUNTS', 14 /* Constant */, [10, 0], [10, 30]),
];

describe('enclosingFunctionName', () => {
  it('names the innermost function around the position, with its class as SDKs write it', () => {
    assert.equal(enclosingFunctionName(symbols, 7, 4), 'checkout');
    assert.equal(enclosingFunctionName(symbols, 2, 12), 'Cart.total', 'a variable inside a method is not a function');
    assert.equal(enclosingFunctionName(symbols, 1, 2), 'Cart.total', 'on the first character of the method');
  });

  it('has no name outside functions or without symbols', () => {
    assert.equal(enclosingFunctionName(symbols, 0, 3), undefined, 'in a class, outside its methods');
    assert.equal(enclosingFunctionName(symbols, 5, 0), undefined, 'between declarations');
    assert.equal(enclosingFunctionName(symbols, 10, 5), undefined, 'in a constant');
    assert.equal(enclosingFunctionName(undefined, 7, 4), undefined);
    assert.equal(enclosingFunctionName([], 7, 4), undefined);
  });

  it('takes the name without a parameter list some languages add, and a nested function alone', () => {
    const withParams = [sym('total(cart)', SYMBOL_KIND.Function, [0, 0], [3, 1], [sym('inner', SYMBOL_KIND.Function, [1, 2], [2, 3])])];
    assert.equal(enclosingFunctionName(withParams, 0, 5), 'total');
    assert.equal(enclosingFunctionName(withParams, 1, 4), 'inner');
  });
});
