"""The shop's stock: reservations fail when the shelf runs out."""

STOCK = {"mug": 3, "tee": 10}


def reserve(sku, quantity):
    available = STOCK.get(sku, 0)
    if quantity > available:
        raise ValueError(f"only {available} {sku} left, {quantity} requested")
    STOCK[sku] = available - quantity
    return STOCK[sku]
