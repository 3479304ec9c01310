"""Citizen participation for Wagtail: projects, comments, ideas, surveys and petitions."""

__version__ = "0.1.0.dev0"
