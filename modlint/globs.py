"""Path patterns used by rules: ``**`` spans folders, ``*`` stays in one, ``!`` negates.

A pattern list is read like a ``.gitignore``: the last pattern that matches a path decides,
so ``["services/**/*.py", "!**/__init__.py"]`` means "every service file but the package markers".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence


# Sized for a project of a thousand modules: a rule with ``{module}`` in its patterns compiles one
# pattern list per module, and a miss costs a regular expression compile per pattern.
@functools.lru_cache(maxsize=8192)
def _compile(pattern: str) -> re.Pattern[str]:
    """Translate one glob into an anchored regular expression over POSIX paths."""
    out: list[str] = []
    parts = pattern.strip("/").split("/")
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            out.append("(?:.*/)?" if not last else ".*")
            continue
        out.append(_translate_segment(part))
        if not last:
            out.append("/")
    return re.compile("".join(out) + r"\Z")


def _translate_segment(segment: str) -> str:
    """Translate ``*``, ``?`` and ``[...]`` inside one path segment."""
    out = []
    i = 0
    while i < len(segment):
        char = segment[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and "]" in segment[i + 1 :]:
            end = segment.index("]", i + 1)
            body = segment[i + 1 : end].replace("\\", "\\\\")
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append(f"[{body}]")
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def compile_glob(pattern: str) -> re.Pattern[str]:
    """The compiled regular expression of one glob (anchored at both ends)."""
    return _compile(pattern)


def glob_match(pattern: str, path: str) -> bool:
    """True when the POSIX ``path`` matches the single glob ``pattern``."""
    return _compile(pattern).match(path) is not None


@functools.lru_cache(maxsize=8192)
def _pattern_set(patterns: tuple[str, ...]) -> tuple[tuple[bool, re.Pattern[str]], ...]:
    """(include?, regex) pairs, last pattern first: the first one that matches decides."""
    pairs = [(not p.startswith("!"), _compile(p[1:] if p.startswith("!") else p)) for p in patterns]
    return tuple(reversed(pairs))


def matches(patterns: Sequence[str], path: str) -> bool:
    """Apply a pattern list with gitignore semantics: the last matching pattern wins."""
    for include, regex in _pattern_set(tuple(patterns)):
        if regex.match(path):
            return include
    return False


def select(patterns: Sequence[str], paths: Iterable[str]) -> list[str]:
    """The paths a pattern list selects, sorted."""
    pairs = _pattern_set(tuple(patterns))
    chosen = []
    for path in paths:
        for include, regex in pairs:
            if regex.match(path):
                if include:
                    chosen.append(path)
                break
    return sorted(chosen)


def literal_prefix(pattern: str) -> str:
    """The leading folders of a pattern that hold no wildcard (where a walk can start)."""
    prefix: list[str] = []
    for part in pattern.lstrip("!").strip("/").split("/")[:-1]:
        if any(ch in part for ch in "*?["):
            break
        prefix.append(part)
    return "/".join(prefix)


def _brackets_close(body: str) -> bool:
    """Whether every ``[`` opens a character class closed within its path segment."""
    return all(segment.count("[") <= segment.count("]") for segment in body.split("/"))


def validate_exclude(entry: str) -> str | None:
    """An error text for a malformed ``exclude`` entry, else None. One without ``/`` is matched
    against each file and folder name: a plain name (``{{cookiecutter.slug}}``) as it is, one with
    ``*?[`` as a glob, which must compile; one with ``/`` is a path pattern (:func:`validate`)."""
    body = entry.strip("/")
    if "/" in body:
        return validate(body)
    if not body:
        return f"exclude entry {entry!r} names nothing"
    if "[" in body and not _brackets_close(body):
        return f"path pattern {entry!r} has a '[' without its ']'"
    try:
        compile_glob(body)
    except re.error as exc:
        return f"invalid path pattern {entry!r}: {exc}"
    return None


def validate(pattern: str) -> str | None:
    """Return an error text for a malformed pattern, else None."""
    body = pattern[1:] if pattern.startswith("!") else pattern
    if not body or body.startswith("/") or "\\" in body:
        return f"invalid path pattern {pattern!r} (use a relative POSIX path)"
    parts = body.rstrip("/").split("/")
    if any(part == ".." for part in parts):
        return f"path pattern {pattern!r} must not contain '..'"
    if any(part in ("", ".") for part in parts):
        return f"path pattern {pattern!r} has an empty or '.' segment (write 'a/b', not 'a//b' or './a')"
    if "[" in body and not _brackets_close(body):
        return f"path pattern {pattern!r} has a '[' without its ']'"
    if "{" in body or "}" in body:
        return f"path pattern {pattern!r}: '{{' and '}}' are no glob syntax here (write each path, or use '*')"
    try:
        _compile(body)
    except re.error as exc:
        return f"invalid path pattern {pattern!r}: {exc}"
    return None
