"""X (formerly Twitter) through API v2 over httpx."""
