"""A project's ``[tool.modlint]`` table, read with the standard library only.

The linter validates it (:mod:`modlint.config.settings`); the runtime reads the keys it shares with
the linter (``modules-root``, ``source-roots``, ``exclude``, ``extend-exclude``, ``definition``) from the
same table through :func:`runtime_view`, so what the linter checks is what the application loads.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from modlint.errors import ConfigError, Problem
from modlint.files import read_text
from modlint.layout import DEFAULT_DEFINITION, DEFAULT_EXCLUDE, DEFAULT_MODULES_ROOT, DefinitionSpec
from modlint.values import Value

PYPROJECT = "pyproject.toml"


def find_project_root(path: Path) -> Path:
    """The nearest folder at or above ``path`` holding pyproject.toml, else ``path`` (its folder)."""
    start = path if path.is_dir() else path.parent
    for candidate in (start, *start.parents):
        if (candidate / PYPROJECT).is_file():
            return candidate
    return start


def unlinked(path: Path) -> Path:
    """``path`` made absolute with the links of its folders resolved, not its own: a file argument
    that is a link is checked where the project lists it (a whole run lists the link at its own
    place, in its own module), not where it points."""
    return path.parent.resolve() / path.name if path.is_symlink() else path.resolve()


def hook_targets(paths: Sequence[Path]) -> list[Path]:
    """The paths of a ``--pre-commit`` run, resolved (default: the current folder): deleted files
    are fine (git reports them), and a path that cannot be resolved (a link loop) still says which
    project it is in."""
    return [unlinked(p) if p.exists() else p.absolute() for p in paths] or [Path(".").resolve()]


def project_root(targets: Sequence[Path], pre_commit: bool) -> Path:
    """The project of the first target; with ``pre_commit`` in a monorepo (a commit touching the
    root's README.md and backend/app/...), of the first target whose project modlint checks: files
    of other projects are passed over."""
    roots = list(dict.fromkeys(find_project_root(target) for target in targets))
    if not pre_commit or len(roots) == 1:
        return roots[0]
    return next((root for root in roots if checked_by_modlint(root)), roots[0])


def checked_by_modlint(root: Path) -> bool:
    """Whether ``root`` is a project modlint checks: its pyproject.toml has a ``[tool.modlint]``
    table (a broken one counts: the run then says what is wrong with it), or it has the default
    modules root."""
    if (root / DEFAULT_MODULES_ROOT).is_dir():
        return True
    try:
        return bool(read_tool_table(root / PYPROJECT)[1]) if (root / PYPROJECT).is_file() else False
    except ConfigError:
        return True


def read_tool_table(source: Path, *, explicit: bool = False) -> tuple[str, dict[str, Any]]:
    """The text of ``source`` and its ``[tool.modlint]`` table (empty when absent).

    ``explicit``: the file was named with ``--config``, so a file without a ``[tool]`` table is
    taken as the table itself. Unreadable files and invalid TOML raise :class:`ConfigError`."""
    if sys.version_info >= (3, 11):  # imported here: a warm run whose snapshot is current parses no TOML
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        text = read_text(source)
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc  # an OSError without "[Errno 2]"
        raise ConfigError([Problem(str(source), None, f"cannot read: {reason}")]) from None
    except RecursionError:  # arrays or tables nested thousands deep, in any tool's table
        raise ConfigError([Problem(str(source), None, "invalid TOML: nested too deeply")]) from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        message = f"invalid TOML: {str(exc).split(' (at line')[0]}"
        raise ConfigError([Problem(str(source), int(found.group(1)) if found else None, message)]) from None
    tool_table = data.get("tool", {})
    tool = tool_table.get("modlint") if isinstance(tool_table, dict) else None
    if tool is None:
        tool = data if explicit and "tool" not in data else {}
    if not isinstance(tool, dict):
        raise ConfigError([Problem(str(source), None, "[tool.modlint] must be a table")])
    return text, tool


def may_set(data: bytes, key: str) -> bool:
    """Whether TOML text can set ``key`` at all: false only when neither the key's name nor an escape
    sequence (with which a quoted key could spell it) occurs in it, so that parsing can be skipped."""
    return key.encode() in data or b"\\u" in data or b"\\U" in data


class RuntimeView(Value):
    """The settings the runtime shares with the linter, with the linter's defaults."""

    root: Path
    modules_root: str = DEFAULT_MODULES_ROOT
    source_roots: tuple[str, ...] = (".",)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    definition: DefinitionSpec = DEFAULT_DEFINITION
    #: Whether ``modules-root`` was written down (then the runtime holds its package to it).
    modules_root_set: bool = False

    @property
    def package(self) -> str:
        """The dotted import name of the modules root (its source root stripped)."""
        inner = self.modules_root
        for root in sorted((r.strip("/") for r in self.source_roots), key=len, reverse=True):
            if root not in ("", ".") and inner.startswith(root + "/"):
                inner = inner[len(root) + 1 :]
                break
        return inner.replace("/", ".")


def runtime_view(root: Path) -> RuntimeView:
    """What ``root/pyproject.toml`` says about the shared keys; defaults when there is none.

    Bad values raise :class:`ConfigError` with one problem per bad key (``modlint`` itself reports
    the same file in more detail)."""
    source = root / PYPROJECT
    if not source.is_file():
        return RuntimeView(root)
    _, table = read_tool_table(source)
    problems: list[str] = []
    strings = {key: _strings(table, key, problems) for key in ("source-roots", "exclude", "extend-exclude")}
    modules_root = table.get("modules-root", DEFAULT_MODULES_ROOT)
    if not isinstance(modules_root, str) or not modules_root.strip("/"):
        problems.append("modules-root must be a folder inside the project, such as 'app/modules'")
        modules_root = DEFAULT_MODULES_ROOT
    definition = DEFAULT_DEFINITION
    try:
        definition = DefinitionSpec.from_table(_table(table.get("definition", {})))
    except ValueError as exc:
        problems += str(exc).splitlines()
    if problems:
        raise ConfigError([Problem(str(source), None, problem) for problem in problems])
    exclude = (*(strings["exclude"] or DEFAULT_EXCLUDE), *(strings["extend-exclude"] or ()))
    roots = tuple(strings["source-roots"] or (".",))
    return RuntimeView(root, modules_root.strip("/"), roots, exclude, definition, "modules-root" in table)


def _strings(table: Mapping[str, Any], key: str, problems: list[str]) -> tuple[str, ...] | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    problems.append(f"{key} must be a list of strings")
    return None


def _table(value: object) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise ValueError("definition must be a table, e.g. [tool.modlint.definition]")
    return value
