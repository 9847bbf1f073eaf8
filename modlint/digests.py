"""The one hash modlint keys its caches, snapshots and cache file names with: BLAKE2b.

It comes from CPython's built-in ``_blake2`` module when that is there: ``import hashlib`` first
loads OpenSSL (``_hashlib``, ~4.5 ms of every run's start-up, a fortieth of a one-file run) for
functions modlint does not need. CPython's own ``random`` imports its ``_sha512`` the same way.
Finding fingerprints (SARIF, baselines) keep ``hashlib.sha256``: their values are a contract.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # another implementation: the same function through hashlib
    from hashlib import blake2b

__all__ = ["blake2b", "hexdigest"]


def hexdigest(data: bytes, size: int = 32) -> str:
    """The BLAKE2b digest of ``data``, ``size`` bytes long, in hex (twice ``size`` characters)."""
    return blake2b(data, digest_size=size).hexdigest()
