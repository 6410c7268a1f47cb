"""Threads through the Threads API over httpx."""
