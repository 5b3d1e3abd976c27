import pytest

from inventory.pricing import bulk_rate, describe, price
from inventory.stock import Stock


def test_add_and_remove():
    s = Stock()
    assert s.add("bolt", 5) == 5
    assert s.remove("bolt", 2) == 3
    assert s.remove("bolt", 3) == 0
    with pytest.raises(ValueError):
        s.add("nut", 0)


def test_total_and_report():
    s = Stock()
    s.add("a", 1)
    s.add("b", 2)
    assert s.total() == 3
    assert s.report() == "a=1\nb=2"


def test_pricing():
    assert price(2, 3.0) == 6.0
    assert price(10, 1.0, 0.1) == 9.0
    assert bulk_rate(150) == 0.2
    assert bulk_rate(12) == 0.1
    assert describe(1) == "list price"
