"""The validated configuration, compiled to plain data: a run whose configuration is unchanged loads
it with ``marshal`` and imports neither YAML nor pydantic (most of a warm one-file run's start-up).

A snapshot is keyed by modlint's version and the sources that declare the stored values, the
configuration file's path and content, and the path and content of every rule file that goes into
the rule set (the shipped ones, ``rule-files``, ``.architecture-rules/``). Any change validates from
scratch, with the same errors and exit code; a configuration with errors is never stored. A snapshot
that cannot be read or decoded (another version, a damaged file) is ignored and rebuilt. Plain data
only: loading it can never run code.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

from modlint import codec
from modlint.config import shipped
from modlint.config.loading import ProjectConfig, RuleSet, load_config
from modlint.config.settings import LoadedSettings, Settings, architecture_rule_files
from modlint.digests import hexdigest
from modlint.errors import ConfigError
from modlint.facts.cache import DEFAULT_DIR, ensure_cache_folder
from modlint.files import atomic_write, read_cache, read_source, seal, unseal
from modlint.project import PYPROJECT, may_set, read_tool_table

SNAPSHOT = "config.bin"


def load(root: Path, config_file: Path | None, directory: Path | None) -> ProjectConfig:
    """The project's configuration: from the snapshot in ``directory`` when its inputs are unchanged,
    else validated (and, when valid, stored there). ``directory`` None: always validated, never stored."""
    key = _key(root, config_file) if directory is not None else None
    if directory is None or key is None:
        return load_config(root, config_file)
    found = _read(directory / SNAPSHOT, key, root)
    if found is not None:
        return found
    config = load_config(root, config_file)
    _write(directory, key, config)
    return config


def directory(root: Path, config_file: Path | None) -> Path | None:
    """Where the snapshot of a project is kept without a ``--cache-dir``: the cache folder the
    configuration names (``cache-dir`` as written, relative to the project root), else the default;
    None when the configuration file cannot be read (validating reports it)."""
    source = config_file or root / PYPROJECT
    try:
        data = source.read_bytes() if source.is_file() else b""
        _, table = read_tool_table(source, explicit=config_file is not None) if may_set(data, "cache-dir") else ("", {})
    except (OSError, ConfigError):
        return None
    configured = table.get("cache-dir", DEFAULT_DIR)
    return root / configured if isinstance(configured, str) else None


def _magic() -> str:
    """Which modlint wrote a snapshot: its version and the stat signature of every module that
    defines a stored value (:func:`~modlint.config.shipped.declaration_stamp`), so a changed
    declaration in a development checkout is a miss, without building every kind's type hints on
    each run."""
    return f"modlint-config-{shipped.declaration_stamp()}"


def _key(root: Path, config_file: Path | None) -> str | None:
    """The digest of everything the configuration is built from; None when some input cannot be read
    (validating reports it)."""
    source = config_file or root / PYPROJECT
    try:
        data = source.read_bytes() if source.is_file() else b""
        files = [*shipped.default_rule_files(), *_user_rule_files(root, source, config_file is not None, data)]
        parts = [_magic(), str(root.resolve()), str(source), hexdigest(data)]
        for path in files:
            parts += [str(path), hexdigest(read_source(path))]  # a FIFO would block: validating says why
    except (OSError, ConfigError, ValueError, RuntimeError):  # RuntimeError: a link loop (Python < 3.13)
        return None
    return hexdigest("\0".join(parts).encode("utf-8", "surrogateescape"))  # a name that is not UTF-8


def _user_rule_files(root: Path, source: Path, explicit: bool, data: bytes) -> list[Path]:
    """The rule files ``rule-files`` names (relative to the configuration file ``source``, whose
    content is ``data``) and those in ``.architecture-rules/``, as the settings find them. The TOML is
    parsed only when it can name rule files: most warm runs import no TOML parser."""
    found: list[Path] = []
    if may_set(data, "rule-files"):
        _, table = read_tool_table(source, explicit=explicit)
        names = table.get("rule-files", [])
        if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
            raise ValueError("rule-files is not a list of strings")
        found += [(source.parent / name).resolve() for name in names]
    return found + architecture_rule_files(root)


def _read(file: Path, key: str, root: Path) -> ProjectConfig | None:
    try:
        data: Any = marshal.loads(unseal(read_cache(file)))
        stored_key, settings, source, text, rules, digest = data
        if stored_key != key or type(digest) is not str:
            return None
        loaded = LoadedSettings(codec.decode(Settings, settings), Path(source) if source else None, text)
        ruleset = RuleSet.stored(shipped.decoded(rules), digest)
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None
    return ProjectConfig(root, loaded, ruleset)


def _write(directory: Path, key: str, config: ProjectConfig) -> None:
    """Store the snapshot; a failure to write only costs the next run its validation."""
    loaded = config.loaded
    data = (
        key,
        codec.encode(loaded.settings),
        str(loaded.source) if loaded.source else None,
        loaded.text,
        shipped.encoded(config.ruleset.rules),
        config.ruleset.digest,
    )
    try:
        ensure_cache_folder(directory)
        atomic_write(directory / SNAPSHOT, seal(marshal.dumps(data)), through_links=False)
    except (OSError, ValueError, TypeError):
        pass
