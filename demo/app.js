// Checks out a cart with a discount code the shop does not know; the error is
// sent to Sentry (by default the extension's local listener).
const Sentry = require('@sentry/node');
const { checkout } = require('./src/checkout');

Sentry.init({
  dsn: process.env.SENTRY_DSN || 'http://local@127.0.0.1:8969/1',
  environment: 'demo',
  release: 'demo-shop@1.0.0',
  tracesSampleRate: 0,
});

async function main() {
  const cart = [
    { sku: 'mug', price: 12.5, quantity: 2 },
    { sku: 'tee', price: 20, quantity: 1 },
  ];
  try {
    const total = checkout(cart, 'SPRING');
    console.log(`total: ${total}`);
  } catch (err) {
    const id = Sentry.captureException(err);
    console.error(`checkout failed (${err.message}); sent to Sentry as ${id}`);
  }
  await Sentry.flush(5000);
}

main();
