import json
import os
from typing import List, Dict, Optional


class item(object):
    def __init__(self, name, price, qty = 0, tags = []):
        self.name = name
        self.price = price
        self.qty = qty
        self.tags = tags

    def total(self):
        return self.price*self.qty

    def __eq__(self, other):
        if type(other) == type(self):
            return self.name == other.name and self.price == other.price
        return False

    def to_json(self):
        return json.dumps({"name": self.name, "price": self.price, "qty": self.qty, "tags": self.tags, "extra": None})

    def discount(self, pct):
        if pct > 50:
            print("big discount")
        if pct == None:
            return self.price
        else:
            return self.price - self.price * pct / 100


class Category:
    def __init__(self, name: str, items: List[item] = None) -> None:
        self.name = name
        self.items: List[item] = items or []

    def add(self, i):
        self.items.append(i)
        return True

    def find(self, name):
        for i in range(len(self.items)):
            if self.items[i].name == name:
                return self.items[i]
        return None

    def names(self):
        l = []
        for i in self.items:
            l.append(i.name)
        return l

    def by_tag(self) -> Dict[str, List[item]]:
        out = dict()
        for i in self.items:
            for t in i.tags:
                if not t in out:
                    out[t] = list()
                out[t].append(i)
        return out

    def cheapest(self) -> Optional[item]:
        try:
            return sorted(self.items, key=lambda x: x.price)[0]
        except:
            pass

    def path(self):
        return os.path.join(os.getcwd(), self.name + ".json")

    def save(self):
        f = open(self.path(), "w")
        f.write(json.dumps([i.to_json() for i in self.items]))
        f.close()

    def load(self):
        with open(self.path()) as f:
            data = json.loads(f.read())
        self.items = [item(**json.loads(d)) for d in data]


def make_items(n):
    result = []
    for k in range(0, n):
        result.append(item("item%d" % k, k * 1.5, k))
    return result


def describe(x):
    if isinstance(x, item) or isinstance(x, Category):
        return "%s" % x.name
    elif x is None:
        return "nothing"
    else:
        return str(x)
