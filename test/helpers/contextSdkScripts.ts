/**
 * Scripts for the real SDKs that capture errors with provider, database,
 * payment, authentication and cache contexts and matching tags, each event
 * with different values (the "Error with custom context" template's shape).
 * The search integration test runs them against the listener;
 * recordSearchEvents.ts keeps what they sent for the unit tests.
 * Every event carries a `case` tag naming it, so tests can say which
 * events a query must select.
 */

/** For /usr/bin/python3 with Debian's python3-sentry-sdk (1.x API: push_scope). argv[1] is the DSN. */
export const PYTHON_CONTEXT_SCRIPT = `
import sys
import sentry_sdk
sentry_sdk.init(dsn=sys.argv[1], default_integrations=False, traces_sample_rate=0, release="shop@3.1.0", environment="production")

class CheckoutError(Exception): pass
class PaymentDeclined(Exception): pass
class DatabaseTimeout(Exception): pass
class CacheUnavailable(Exception): pass

CASES = [
    dict(case="stripe-checkout", exc=CheckoutError("card declined for order 1001"), level="error",
         tags={"provider": "stripe", "db": "pg-primary", "payment.currency": "USD", "authentication.method": "oauth2", "cache.hit": "false"},
         contexts={"provider": {"name": "stripe", "region": "us-east-1"},
                   "database": {"system": "postgresql", "name": "orders", "duration_ms": 12},
                   "payment": {"provider": "stripe", "amount": 4999, "currency": "USD", "status": "declined"},
                   "authentication": {"method": "oauth2", "provider": "github", "mfa": True},
                   "cache": {"system": "redis", "hit": False, "key": "cart:1001"}},
         user={"id": "u-1", "email": "ada@example.com"}),
    dict(case="adyen-refund", exc=PaymentDeclined("refund rejected by adyen"), level="warning",
         tags={"provider": "adyen", "db": "mysql-replica", "payment.currency": "EUR", "authentication.method": "saml"},
         contexts={"provider": {"name": "adyen", "region": "eu-west-1"},
                   "database": {"system": "mysql", "name": "refunds", "duration_ms": 340},
                   "payment": {"provider": "adyen", "amount": 1250, "currency": "EUR", "status": "rejected"},
                   "authentication": {"method": "saml", "provider": "okta", "mfa": False}},
         user={"id": "u-2", "email": "grace@example.com"}),
    dict(case="db-timeout", exc=DatabaseTimeout("query exceeded 5s on orders"), level="fatal",
         tags={"db": "pg-analytics", "cache.hit": "true"},
         contexts={"database": {"system": "postgresql", "name": "analytics", "duration_ms": 5000},
                   "cache": {"system": "memcached", "hit": True, "key": "report:7"}},
         user=None),
    dict(case="cache-down", exc=CacheUnavailable("redis connection refused"), level="error",
         tags={"provider": "paypal", "cache.hit": "false"},
         contexts={"provider": {"name": "paypal", "region": "us-west-2"},
                   "payment": {"provider": "paypal", "amount": 80, "currency": "GBP", "status": "pending"},
                   "cache": {"system": "redis", "hit": False, "key": "session:9"}},
         user={"id": "u-3", "username": "linus"}),
]

def raise_it(exc):
    raise exc

for c in CASES:
    with sentry_sdk.push_scope() as scope:
        scope.set_tag("case", c["case"])
        for k, v in c["tags"].items():
            scope.set_tag(k, v)
        for k, v in c["contexts"].items():
            scope.set_context(k, v)
        if c["user"]:
            scope.set_user(c["user"])
        scope.level = c["level"]
        try:
            raise_it(c["exc"])
        except Exception:
            sentry_sdk.capture_exception()

with sentry_sdk.push_scope() as scope:
    scope.set_tag("case", "login-message")
    scope.set_tag("authentication.method", "password")
    scope.set_context("authentication", {"method": "password", "provider": "local", "mfa": False})
    sentry_sdk.capture_message("login throttled for user 42", level="info")

sentry_sdk.flush(10)
print("flushed")
`;

/** Cases the Python script sends, in order. */
export const PYTHON_CASES = ['stripe-checkout', 'adyen-refund', 'db-timeout', 'cache-down', 'login-message'] as const;

/** For Node with @sentry/node from the repository (argv[2] the DSN, argv[3] the repository's package.json). */
export const NODE_CONTEXT_SCRIPT = `
import { createRequire } from 'node:module';
const Sentry = createRequire(process.argv[3])('@sentry/node');
Sentry.init({ dsn: process.argv[2], defaultIntegrations: false, release: 'web@2.0.0', environment: 'staging' });
function chargeCard() { throw new TypeError('Cannot read properties of undefined (reading "brand")'); }
Sentry.withScope((scope) => {
  scope.setTag('case', 'node-braintree');
  scope.setTag('provider', 'braintree');
  scope.setTag('db', 'pg-primary');
  scope.setContext('payment', { provider: 'braintree', amount: 1999, currency: 'USD', status: 'error' });
  scope.setContext('database', { system: 'postgresql', name: 'orders', duration_ms: 48 });
  scope.setUser({ id: 'u-9', email: 'node@example.com' });
  try { chargeCard(); } catch (e) { Sentry.captureException(e); }
});
Sentry.withScope((scope) => {
  scope.setTag('case', 'node-cache-message');
  scope.setTag('cache.hit', 'true');
  scope.setContext('cache', { system: 'redis', hit: true, key: 'cart:77' });
  Sentry.captureMessage('cache warmed slowly', 'warning');
});
await Sentry.flush(10000);
console.log('flushed');
`;

export const NODE_CASES = ['node-braintree', 'node-cache-message'] as const;
