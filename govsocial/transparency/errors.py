"""Typed errors of the transparency log engine.

Every error carries a one-line message that says what was wrong, so a command
line can print it as it is.
"""

from __future__ import annotations


class TransparencyError(Exception):
    """Base class of every error raised by `govsocial.transparency`."""


class MalformedInputError(TransparencyError, ValueError):
    """Input bytes or text do not follow the expected format (bad input)."""


class ProofError(TransparencyError):
    """A proof, signature or recomputed hash does not verify (verification failed)."""


class NoteError(MalformedInputError):
    """A signed note, key or signature line is malformed."""


class SignatureError(ProofError):
    """A signed note carries no valid signature from the expected key."""


class TileError(MalformedInputError):
    """A tile or entry bundle is missing, truncated or has the wrong size."""


class SigningRefusedError(TransparencyError):
    """The log refused to sign a checkpoint that would contradict an earlier one."""


class CheckpointRegressionError(SigningRefusedError):
    """The checkpoint to sign is smaller than the last signed checkpoint."""


class CheckpointForkError(SigningRefusedError):
    """The checkpoint to sign is not an extension of the last signed checkpoint."""
