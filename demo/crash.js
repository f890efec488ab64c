// The same checkout as app.js, without Sentry: Node prints the uncaught error
// and its stack trace. Its frames are links in VS Code's terminal (Sentry Lens
// resolves them to the workspace, also when the program ran from elsewhere),
// and the trace can be pasted into "Sentry: Open Stack Trace…".
const { checkout } = require('./src/checkout');

checkout([{ sku: 'mug', price: 12.5, quantity: 2 }], 'SPRING');
