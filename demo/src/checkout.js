// The shop's checkout: totals a cart and applies a discount code.
const DISCOUNTS = { WELCOME: 0.1, LOYAL: 0.15 };

function subtotal(cart) {
  return cart.reduce((sum, line) => sum + line.price * line.quantity, 0);
}

function applyDiscount(amount, code) {
  const rate = DISCOUNTS[code];
  if (rate === undefined) {
    throw new RangeError(`unknown discount code ${code}`);
  }
  return amount * (1 - rate);
}

function checkout(cart, code) {
  return Math.round(applyDiscount(subtotal(cart), code) * 100) / 100;
}

module.exports = { checkout, applyDiscount, subtotal };
