"""JUnit XML readers: test runs as the producing tool reported them."""
