CASES = [("1 m", 100), ("2 m", 200), ("3 m", 301), ("4 m", 400), ("5 m", 499)]


def to_cm(text):
    number, unit = text.split()
    return int(number) * 100


def test_conversions(subtests):
    for text, expected in CASES:
        with subtests.test(msg="to_cm", text=text):
            assert to_cm(text) == expected


def test_all_subtests_pass(subtests):
    for value in range(3):
        with subtests.test(value=value):
            assert value >= 0


def test_plain_pass():
    assert to_cm("1 m") == 100



def test_plain_fail():
    assert to_cm("2 m") == 201
