"""What the tests of issue 22, item 15 look for in a response's Cache-Control header."""


def is_private(response):
    """``private`` and ``no-store``, and not ``public``: no shared cache keeps the response."""
    value = response.get("Cache-Control", "")
    directives = {part.strip().split("=")[0] for part in value.split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives
