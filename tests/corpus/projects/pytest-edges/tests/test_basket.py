from basket import Basket


def test_add():
    basket = Basket()
    basket.add("apple", 2)
    assert basket.count() == 2


def test_total_is_wrong():
    basket = Basket()
    basket.add("pear", 3)
    assert basket.count() == 4


def test_fails_and_teardown_errors(broken_teardown):
    assert broken_teardown["items"] == 3


def test_passes_but_teardown_errors(broken_teardown):
    assert broken_teardown["items"] == 2


class TestBasketClass:
    def test_remove(self):
        basket = Basket()
        basket.add("fig", 1)
        basket.remove("fig")
        assert basket.count() == 0

    def test_remove_missing_raises(self):
        basket = Basket()
        basket.remove("kiwi")
