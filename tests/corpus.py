"""Regenerate the differential test's corpus of generated Python sources.

``python3 tests/corpus.py`` writes ``tests/data/hypothesmith-corpus.json.gz``: sources drawn by
hypothesmith from Python's grammar (odd tokens, deep expressions, every statement kind) and from
libcst's node types (valid programs with real structure). Generating them takes minutes, so the
test reads the stored corpus and draws only a few fresh ones per run.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import hypothesmith
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parent / "data" / "hypothesmith-corpus.json.gz"
FROM_GRAMMAR, FROM_NODES = 2000, 500


def draw(strategy: st.SearchStrategy[str], count: int) -> list[str]:
    found: list[str] = []

    @seed(20261203)
    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(source: str) -> None:
        found.append(source)

    collect()
    return list(dict.fromkeys(found))  # hypothesis may repeat an example


def main() -> int:
    sources = draw(hypothesmith.from_grammar(), FROM_GRAMMAR) + draw(hypothesmith.from_node(), FROM_NODES)
    CORPUS.write_bytes(gzip.compress(json.dumps(sources).encode("ascii"), mtime=0))
    print(f"wrote {len(sources)} sources to {CORPUS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
