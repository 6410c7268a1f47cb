"""Mastodon (and API-compatible servers) through Mastodon.py."""
