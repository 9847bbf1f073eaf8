"""The shipped rules, validated when modlint is built and stored as plain data beside this module.

A project that adds no rule file of its own runs exactly the shipped ``rules/*.yaml``: validating them
again on every run without a configuration snapshot (``--no-cache``, a CI job's first run) would
import YAML and pydantic and build a model per check kind, a third of a second, to reach the same
values every time. ``shipped_rules.bin`` holds those values, keyed by the digest of the shipped rule
files and of modlint's declarations (:func:`declarations`): when either differs (a development
checkout edited a kind or a rule file without ``python -m modlint.config.shipped``) it is not used and
the rules are validated as before, so a stale file costs time, never a wrong rule. A test keeps it
current. Plain data only (``marshal``): loading it can never run code.
"""

from __future__ import annotations

import functools
import marshal
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from modlint import __version__, codec
from modlint.checks import KINDS, Rule
from modlint.digests import blake2b
from modlint.errors import ConfigError, Problem
from modlint.files import atomic_write, seal, unseal
from modlint.layout import signature_of

COMPILED = Path(__file__).with_name("shipped_rules.bin")


def default_rules_dir() -> Path:
    """The shipped ``rules/`` folder: inside the installed package, or beside it in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_default_rules", package.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise ConfigError([Problem(str(package), None, "the shipped rules/ folder is missing from this installation")])


def default_rule_files() -> list[Path]:
    """The shipped rule files, in a stable order."""
    return sorted(default_rules_dir().glob("*.yaml"))


def shipped_rule_files(files: Sequence[Path]) -> list[tuple[Path, str]]:
    """The shipped rule files with the names their problems are reported under."""
    return [(path, f"<modlint>/rules/{path.name}") for path in files]


def _declaration_sources() -> list[Path]:
    """Every module that declares a stored configuration value: the check kinds, the settings, the
    shared layout, the findings, the codec."""
    package = Path(__file__).resolve().parent.parent
    with os.scandir(package / "checks") as entries:  # not Path.glob: it compiles a pattern each run
        kinds = sorted(Path(entry.path) for entry in entries if entry.name.endswith(".py"))
    return kinds + [package / name for name in ("config/settings.py", "layout.py", "findings.py", "codec.py")]


@functools.cache  # a run's sources do not change under it
def declarations() -> str:
    """modlint's version and a digest of the content of every module that declares a stored
    configuration value: the stored shipped rules are valid exactly while these are unchanged."""
    digest = blake2b()
    for source in _declaration_sources():
        digest.update(source.read_bytes())
    return f"{__version__}-{digest.hexdigest()[:16]}"


def declaration_stamp() -> str:
    """modlint's version and a digest of the stat signature (modification time, size, and the
    inode's change time and number, as the facts cache keys files: ``cp -p`` or ``touch -r`` cannot
    put them back) of every module :func:`declarations` reads: what the configuration snapshot in a
    project's cache folder is keyed by. An edited declaration in a development checkout is a miss,
    as with the content, without reading two dozen files each run (~2 ms of a one-file run)."""
    digest = blake2b()
    for source in _declaration_sources():
        digest.update(f"{source.name}\0{signature_of(source.stat())}\0".encode())
    return f"{__version__}-{digest.hexdigest()[:16]}"


def key(files: Sequence[Path]) -> str:
    """What the stored rules were validated from: modlint's declarations and each shipped rule file's
    name and content."""
    digest = blake2b(declarations().encode())
    for path in files:
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def load(files: Sequence[Path]) -> tuple[Rule, ...] | None:
    """The rules of the shipped ``files`` as validated when stored; None when the stored file is
    missing, damaged or was compiled from other files or declarations (then: validate them)."""
    try:
        data: Any = marshal.loads(unseal(COMPILED.read_bytes()))
        stored_key, rules = data
        if stored_key != key(files):
            return None
        return decoded(rules)
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None


def store(files: Sequence[Path], rules: Sequence[Rule]) -> None:
    """Write ``shipped_rules.bin`` for the shipped ``files`` and their validated ``rules``."""
    atomic_write(COMPILED, seal(marshal.dumps((key(files), encoded(rules)))))


def encoded(rules: Sequence[Rule]) -> tuple[tuple[str, Any], ...]:
    """Rules as plain data, each with its kind: what this file and the configuration snapshot store."""
    return tuple((rule.check, codec.encode(rule)) for rule in rules)


def decoded(data: Any) -> tuple[Rule, ...]:
    """The rules :func:`encoded` made (ValueError, KeyError or TypeError for anything else)."""
    return tuple(codec.decode(KINDS[check], rule) for check, rule in data)


def main() -> None:
    """``python -m modlint.config.shipped``: validate the shipped rules and store them."""
    from modlint.config.ruleset import load_ruleset

    files = default_rule_files()
    store(files, load_ruleset(shipped_rule_files(files)))
    print(f"wrote {COMPILED}")


if __name__ == "__main__":
    main()
