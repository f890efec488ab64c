"""Reserves stock for an order that asks for more than the shelf holds; the
error is sent to Sentry (by default the extension's local listener)."""
import os

import sentry_sdk

from inventory import reserve

sentry_sdk.init(
    dsn=os.environ.get("SENTRY_DSN", "http://local@127.0.0.1:8969/1"),
    environment="demo",
    release="demo-shop@1.0.0",
)

try:
    reserve("mug", 5)
except Exception as err:  # noqa: BLE001 - the demo reports every failure
    event_id = sentry_sdk.capture_exception(err)
    print(f"reservation failed ({err}); sent to Sentry as {event_id}")

sentry_sdk.flush(5)
