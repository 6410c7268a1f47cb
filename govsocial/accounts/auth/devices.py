"""Short, human names for the browsers people sign in with, for the sessions page."""

from __future__ import annotations

import re


def describe_user_agent(user_agent: str) -> str:
    """A short, human name for a browser: "Firefox on Windows"."""
    browser = "Unknown browser"
    for pattern, name in (
        (r"Edg/", "Edge"),
        (r"Firefox/", "Firefox"),
        (r"Chrome/|Chromium/", "Chrome"),
        (r"Safari/", "Safari"),
        (r"python-requests|httpx|curl", "Script"),
    ):
        if re.search(pattern, user_agent):
            browser = name
            break
    system = ""
    for pattern, name in (
        (r"Windows", "Windows"),
        (r"iPhone|iPad", "iOS"),
        (r"Mac OS X|Macintosh", "macOS"),
        (r"Android", "Android"),
        (r"Linux", "Linux"),
    ):
        if re.search(pattern, user_agent):
            system = name
            break
    return f"{browser} on {system}" if system else browser
