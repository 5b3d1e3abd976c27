def price(qty, unit, discount=None):
    base = qty * unit
    if discount is None:
        return base
    if discount < 0 or discount > 1:
        raise ValueError("discount out of range")
    return round(base * (1 - discount), 2)


def bulk_rate(qty):
    if qty >= 100:
        return 0.2
    if qty >= 10:
        return 0.1
    return 0.0


def describe(qty):
    rate = bulk_rate(qty)
    if rate:
        return f"{int(rate * 100)}% off"
    return "list price"
