class Stock:
    def __init__(self):
        self.items = {}

    def add(self, name, qty):
        if qty <= 0:
            raise ValueError("qty must be positive")
        self.items[name] = self.items.get(name, 0) + qty
        return self.items[name]

    def remove(self, name, qty):
        have = self.items.get(name, 0)
        if qty > have:
            raise ValueError("not enough stock")
        if qty == have:
            del self.items[name]
            return 0
        self.items[name] = have - qty
        return self.items[name]

    def total(self):
        count = 0
        for qty in self.items.values():
            count += qty
        return count

    def report(self, verbose=False):
        lines = []
        for name in sorted(self.items):
            if verbose:
                lines.append(f"{name}: {self.items[name]} units")
            else:
                lines.append(f"{name}={self.items[name]}")
        return "\n".join(lines)
