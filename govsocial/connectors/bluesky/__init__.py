"""Bluesky (AT Protocol) through the atproto SDK."""
