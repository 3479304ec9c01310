"""A one-question page: the smallest participation method, built only from core's extension points.

It lives in the tests to prove that a method joins core without a line of core changed for it
(issue 13): ``docs/explanation/architecture.md`` ("Adding a participation method") walks through
it file by file.
"""
