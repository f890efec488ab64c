// The same checkout, traced and logged: a request span with child spans, log
// lines at several levels, and the failure as an error inside the trace. Its
// spans appear in the Traces view, its logs in the Logs view (panel).
const Sentry = require('@sentry/node');
const { checkout, subtotal } = require('./src/checkout');

Sentry.init({
  dsn: process.env.SENTRY_DSN || 'http://local@127.0.0.1:8969/1',
  environment: 'demo',
  release: 'demo-shop@1.0.0',
  tracesSampleRate: 1,
  enableLogs: true,
});

const cart = [
  { sku: 'mug', price: 12.5, quantity: 2 },
  { sku: 'tee', price: 20, quantity: 1 },
];

Sentry.startSpan({ name: 'POST /checkout', op: 'http.server' }, () => {
  Sentry.logger.info('checkout started', { items: cart.length });
  Sentry.startSpan({ name: 'load cart', op: 'db.query' }, () => {
    Sentry.logger.debug('cart loaded', { subtotal: subtotal(cart) });
  });
  Sentry.startSpan({ name: 'apply discount', op: 'function' }, () => {
    try {
      checkout(cart, 'SPRING');
    } catch (err) {
      Sentry.logger.error('discount rejected', { code: 'SPRING' });
      const id = Sentry.captureException(err);
      console.error(`checkout failed (${err.message}); sent to Sentry as ${id}`);
    }
  });
  Sentry.logger.warn('checkout finished without a discount');
});

Sentry.flush(5000).then((ok) => process.exit(ok ? 0 : 3));
