"""Speed and memory of wagtail-participation, measured beside its peers in the same run.

Run ``python -m benchmarks NAME [--json]`` with NAME ideas, surveys, petitions or
all. See docs/performance.md.
"""
