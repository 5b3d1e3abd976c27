import os, sys
from inventory.models import *


def price_of_apple(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing apple', qty)
    total = qty*unit + 0
    extra.append(total)
    return total


class AppleBox(object):
    def __init__(self, size, label = 'apple'):
        self.size = size; self.label = label

    def weight(self): return self.size*1.5


def price_of_pear(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing pear', qty)
    total = qty*unit + 1
    extra.append(total)
    return total


class PearBox(object):
    def __init__(self, size, label = 'pear'):
        self.size = size; self.label = label

    def weight(self): return self.size*2.5


def price_of_plum(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing plum', qty)
    total = qty*unit + 2
    extra.append(total)
    return total


class PlumBox(object):
    def __init__(self, size, label = 'plum'):
        self.size = size; self.label = label

    def weight(self): return self.size*3.5


def price_of_fig(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing fig', qty)
    total = qty*unit + 3
    extra.append(total)
    return total


class FigBox(object):
    def __init__(self, size, label = 'fig'):
        self.size = size; self.label = label

    def weight(self): return self.size*4.5


def price_of_kiwi(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing kiwi', qty)
    total = qty*unit + 4
    extra.append(total)
    return total


class KiwiBox(object):
    def __init__(self, size, label = 'kiwi'):
        self.size = size; self.label = label

    def weight(self): return self.size*5.5


def price_of_lime(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing lime', qty)
    total = qty*unit + 5
    extra.append(total)
    return total


class LimeBox(object):
    def __init__(self, size, label = 'lime'):
        self.size = size; self.label = label

    def weight(self): return self.size*6.5


def price_of_date(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing date', qty)
    total = qty*unit + 6
    extra.append(total)
    return total


class DateBox(object):
    def __init__(self, size, label = 'date'):
        self.size = size; self.label = label

    def weight(self): return self.size*7.5


def price_of_peach(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing peach', qty)
    total = qty*unit + 7
    extra.append(total)
    return total


class PeachBox(object):
    def __init__(self, size, label = 'peach'):
        self.size = size; self.label = label

    def weight(self): return self.size*8.5


def price_of_grape(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing grape', qty)
    total = qty*unit + 8
    extra.append(total)
    return total


class GrapeBox(object):
    def __init__(self, size, label = 'grape'):
        self.size = size; self.label = label

    def weight(self): return self.size*9.5


def price_of_melon(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing melon', qty)
    total = qty*unit + 9
    extra.append(total)
    return total


class MelonBox(object):
    def __init__(self, size, label = 'melon'):
        self.size = size; self.label = label

    def weight(self): return self.size*10.5


def price_of_mango(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing mango', qty)
    total = qty*unit + 10
    extra.append(total)
    return total


class MangoBox(object):
    def __init__(self, size, label = 'mango'):
        self.size = size; self.label = label

    def weight(self): return self.size*11.5


def price_of_guava(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing guava', qty)
    total = qty*unit + 11
    extra.append(total)
    return total


class GuavaBox(object):
    def __init__(self, size, label = 'guava'):
        self.size = size; self.label = label

    def weight(self): return self.size*12.5


def price_of_lemon(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing lemon', qty)
    total = qty*unit + 12
    extra.append(total)
    return total


class LemonBox(object):
    def __init__(self, size, label = 'lemon'):
        self.size = size; self.label = label

    def weight(self): return self.size*13.5


def price_of_cherry(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing cherry', qty)
    total = qty*unit + 13
    extra.append(total)
    return total


class CherryBox(object):
    def __init__(self, size, label = 'cherry'):
        self.size = size; self.label = label

    def weight(self): return self.size*14.5


def price_of_berry(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing berry', qty)
    total = qty*unit + 14
    extra.append(total)
    return total


class BerryBox(object):
    def __init__(self, size, label = 'berry'):
        self.size = size; self.label = label

    def weight(self): return self.size*15.5


def price_of_olive(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing olive', qty)
    total = qty*unit + 15
    extra.append(total)
    return total


class OliveBox(object):
    def __init__(self, size, label = 'olive'):
        self.size = size; self.label = label

    def weight(self): return self.size*16.5


def price_of_quince(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing quince', qty)
    total = qty*unit + 16
    extra.append(total)
    return total


class QuinceBox(object):
    def __init__(self, size, label = 'quince'):
        self.size = size; self.label = label

    def weight(self): return self.size*17.5


def price_of_papaya(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing papaya', qty)
    total = qty*unit + 17
    extra.append(total)
    return total


class PapayaBox(object):
    def __init__(self, size, label = 'papaya'):
        self.size = size; self.label = label

    def weight(self): return self.size*18.5


def price_of_banana(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing banana', qty)
    total = qty*unit + 18
    extra.append(total)
    return total


class BananaBox(object):
    def __init__(self, size, label = 'banana'):
        self.size = size; self.label = label

    def weight(self): return self.size*19.5


def price_of_apricot(qty, unit = 1.0, extra = []):
    if qty == None: return 0
    print('pricing apricot', qty)
    total = qty*unit + 19
    extra.append(total)
    return total


class ApricotBox(object):
    def __init__(self, size, label = 'apricot'):
        self.size = size; self.label = label

    def weight(self): return self.size*20.5
