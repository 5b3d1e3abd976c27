def fmt_money(v):
    return "$%.2f" % v


def fmt_row(name, price, qty):
    return "%-20s %10s %5d" % (name, fmt_money(price), qty)


def header():
    return fmt_row("name", 0, 0).replace("$0.00", "price")


def table(rows):
    out = [header()]
    for r in rows:
        out.append(fmt_row(r[0], r[1], r[2]))
    return "\n".join(out)


def totals(rows):
    count = 0
    value = 0
    for r in rows:
        count += r[2]
        value += r[1] * r[2]
    return count, value


def summary(rows):
    c, v = totals(rows)
    return "items: " + str(c) + ", value: " + fmt_money(v)


def top(rows, n=3):
    return sorted(rows, key=lambda r: r[1] * r[2], reverse=True)[:n]


def to_csv(rows):
    return "\n".join(",".join(str(x) for x in r) for r in rows)


def from_csv(text):
    rows = []
    for line in text.splitlines():
        a, b, c = line.split(",")
        rows.append((a, float(b), int(c)))
    return rows
