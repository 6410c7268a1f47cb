"""The tamper-evident transparency log engine (RFC 9162 trees, C2SP formats).

Pure Python on the standard library and `cryptography`; it never imports Django.
See docs/transparency.md for the formats and for how to verify a log yourself.
"""

from govsocial.transparency.audit import AuditReport, Check, VerifierState, audit_log, open_source
from govsocial.transparency.checkpoint import (
    Checkpoint,
    SignedCheckpoint,
    open_checkpoint,
    parse_checkpoint_text,
)
from govsocial.transparency.errors import (
    CheckpointForkError,
    CheckpointRegressionError,
    MalformedInputError,
    NoteError,
    ProofError,
    SignatureError,
    SigningRefusedError,
    TileError,
    TransparencyError,
)
from govsocial.transparency.guard import (
    CheckpointSigner,
    FileCheckpointState,
    MemoryCheckpointState,
    SignedCheckpointState,
)
from govsocial.transparency.hashing import EMPTY_ROOT, leaf_hash, node_hash
from govsocial.transparency.leaf import (
    ContentCommitment,
    LogEntry,
    Tombstone,
    canonical_json,
    content_matches,
    format_time,
    parse_leaf,
)
from govsocial.transparency.log import IntegrationResult, TiledLog, integrate
from govsocial.transparency.note import NoteSigner, NoteVerifier, open_note, sign_note
from govsocial.transparency.tiles import (
    CHECKPOINT_PATH,
    DirectoryTileStore,
    MemoryTileStore,
    TileHashReader,
    TileReader,
    TileStore,
    entries_path,
    tile_path,
)
from govsocial.transparency.tree import (
    HashReader,
    MemoryTree,
    consistency_proof,
    inclusion_proof,
    tree_root,
)
from govsocial.transparency.verify import (
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from govsocial.transparency.witness import (
    AddCheckpointRequest,
    CosignatureSigner,
    Witness,
    WitnessRefusal,
    parse_add_checkpoint_request,
    verify_cosignature,
)

__all__ = [
    "CHECKPOINT_PATH",
    "EMPTY_ROOT",
    "AddCheckpointRequest",
    "AuditReport",
    "Check",
    "Checkpoint",
    "CheckpointForkError",
    "CheckpointRegressionError",
    "CheckpointSigner",
    "ContentCommitment",
    "CosignatureSigner",
    "DirectoryTileStore",
    "FileCheckpointState",
    "HashReader",
    "IntegrationResult",
    "LogEntry",
    "MalformedInputError",
    "MemoryCheckpointState",
    "MemoryTileStore",
    "MemoryTree",
    "NoteError",
    "NoteSigner",
    "NoteVerifier",
    "ProofError",
    "SignatureError",
    "SignedCheckpoint",
    "SignedCheckpointState",
    "SigningRefusedError",
    "TileError",
    "TileHashReader",
    "TileReader",
    "TileStore",
    "TiledLog",
    "Tombstone",
    "TransparencyError",
    "VerifierState",
    "Witness",
    "WitnessRefusal",
    "audit_log",
    "canonical_json",
    "consistency_proof",
    "content_matches",
    "entries_path",
    "format_time",
    "inclusion_proof",
    "integrate",
    "leaf_hash",
    "node_hash",
    "open_checkpoint",
    "open_note",
    "open_source",
    "parse_add_checkpoint_request",
    "parse_checkpoint_text",
    "parse_leaf",
    "root_from_inclusion_proof",
    "sign_note",
    "tile_path",
    "tree_root",
    "verify_consistency",
    "verify_cosignature",
    "verify_inclusion",
]
