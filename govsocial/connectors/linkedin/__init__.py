"""LinkedIn organisation pages through the Posts API over httpx."""
