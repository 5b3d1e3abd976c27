class Basket:
    def __init__(self):
        self._items = {}

    def add(self, name, qty):
        self._items[name] = self._items.get(name, 0) + qty

    def remove(self, name):
        del self._items[name]

    def count(self):
        return sum(self._items.values())
