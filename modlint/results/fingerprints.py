"""Line-free identities for findings, so code review and baselines keep matching when code above moves.

A fingerprint hashes the rule, the file, the message (without the positions it quotes) and the
finding's rank among identical ones in that file; it changes when the offending code is fixed or
moves to another file, never with line shifts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from modlint.files import to_bytes
from modlint.findings import Finding


def fingerprint_key(finding: Finding, occurrence: int) -> str:
    """The human-readable identity a fingerprint hashes (also what a baseline stores)."""
    return ":".join((*finding.identity, str(occurrence)))


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One stable hex digest per finding, in the order given (which must be the report's sorted order)."""
    import hashlib  # SHA-256 is the contract here; only SARIF and baselines load OpenSSL for it

    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for finding in findings:
        key = finding.identity
        out.append(hashlib.sha256(to_bytes(fingerprint_key(finding, seen[key]))).hexdigest()[:32])
        seen[key] += 1
    return out
