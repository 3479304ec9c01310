"""System checks: wagtail_participation.E001 and on. See docs/reference/checks.md."""
