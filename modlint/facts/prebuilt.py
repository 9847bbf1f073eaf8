"""The file facts' decoders, compiled ahead: ``python -m modlint.facts.prebuilt`` writes
:mod:`modlint.facts.decoders`, which registers them with the codec when the facts model is imported.

The caches decode every file's facts through decoders the codec compiles from the facts' type
hints (:func:`modlint.codec.decoder`); compiling the nine of them cost every warm run ~5 ms. Written
ahead as a module, they are compiled once, with the package's bytecode. Each is used only for the
exact source the codec would compile now: after a change to the facts' fields the file is stale,
runs compile as before, and ``tests/test_codec.py`` fails until it is written again.
"""

from __future__ import annotations

from pathlib import Path

from modlint import codec
from modlint.facts.model import FileFacts

TARGET = Path(__file__).with_name("decoders.py")
DOCSTRING = (
    "The file facts' decoders, compiled ahead (written by ``python -m modlint.facts.prebuilt``: do not edit).\n\n"
    "Each is the function :func:`modlint.codec.decoder` would compile for one value class, registered\n"
    "by the digest of that source: a stale one is never used.\n"
)


def source() -> str:
    """The text :data:`TARGET` should hold."""
    return codec.prebuilt_module([FileFacts], DOCSTRING)


def main() -> None:
    """Write :data:`TARGET`."""
    TARGET.write_text(source(), encoding="utf-8")


if __name__ == "__main__":
    main()
