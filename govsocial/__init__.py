"""govsocial: a self-hosted social media desk for public bodies."""

import warnings

__version__ = "0.1.0"

# textstat 0.7.3 and twitter-text-parser import pkg_resources, which setuptools 80.9 and later
# announce on every import with a UserWarning; on Python 3.12+ (whose venvs carry no setuptools)
# that line reached the stderr of every CLI verb. The pin to setuptools<82 keeps pkg_resources
# there (dependency-notes.md); the warning tells a user nothing they can act on.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
