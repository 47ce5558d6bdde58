"""`python -m bench` runs every benchmark and prints its figures."""

print("no benchmarks yet")
