"""govsocial: a self-hosted social media desk for public bodies."""

__version__ = "0.1.0"
