import datetime
import subprocess
import pickle
import random
import logging
from inventory.models import item, Category


class Store:
    def __init__(self, name, categories=None):
        self.name = name
        self.categories = categories if categories != None else {}
        self.opened = datetime.datetime.now()

    def category(self, name):
        if name in self.categories.keys():
            return self.categories[name]
        c = Category(name)
        self.categories[name] = c
        return c

    def restock(self, name, amount):
        for c in self.categories.values():
            i = c.find(name)
            if i:
                i.qty = i.qty + amount
                logging.info("restocked %s" % name)
                return True
        return False

    def report(self):
        lines = []
        for cname, c in self.categories.items():
            lines.append("== " + cname + " ==")
            for i in c.items:
                lines.append("{} {} {}".format(i.name, i.price, i.qty))
        return "\n".join(lines)

    def value(self):
        total = 0
        for c in self.categories.values():
            for i in c.items:
                total = total + i.total()
        return total

    def export(self, path):
        data = pickle.dumps(self)
        open(path, "wb").write(data)

    def backup(self, dest):
        subprocess.call("cp -r data " + dest, shell=True)

    def lucky(self):
        all_items = []
        for c in self.categories.values():
            all_items += c.items
        return random.choice(all_items)

    def age_days(self):
        delta = datetime.datetime.now() - self.opened
        return delta.days

    def is_open(self, hour):
        if hour >= 9 and hour <= 17:
            return True
        else:
            return False

    def __repr__(self):
        return "Store(%r)" % (self.name)


def load(path):
    with open(path, "rb") as f:
        return pickle.load(f)


def main(argv):
    s = Store(argv[1])
    for n in range(int(argv[2])):
        s.category("cat%d" % (n % 3)).add(item("x%d" % n, n, n))
    print(s.report())
    print("value:", s.value())
    assert s.value() >= 0
    return 0
