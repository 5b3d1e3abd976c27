import pytest


@pytest.fixture
def broken_teardown():
    yield {"items": 2}
    raise RuntimeError("teardown could not release the basket lock")
