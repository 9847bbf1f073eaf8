"""Path patterns: ``**`` spans folders, ``*`` does not, ``!`` negates and the last match wins."""

from __future__ import annotations

import pytest

from modlint.globs import glob_match, literal_prefix, matches, validate


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("services/**/*.py", "services/a.py", True),
        ("services/**/*.py", "services/x/y/a.py", True),
        ("services/**/*.py", "services.py", False),
        ("routes/api/*.py", "routes/api/x/a.py", False),
        ("*.py", "a.py", True),
        ("*.py", "x/a.py", False),
        ("**/__init__.py", "__init__.py", True),
        ("**/__init__.py", "a/b/__init__.py", True),
        ("migrations/versions/[0-9]*.py", "migrations/versions/1a.py", True),
        ("a?.py", "ab.py", True),
        ("routes/**", "routes/a/b.py", True),
    ],
)
def test_glob_match(pattern: str, path: str, expected: bool) -> None:
    assert glob_match(pattern, path) is expected


def test_negation_last_match_wins() -> None:
    patterns = ["services/**/*.py", "!**/__init__.py", "services/keep/__init__.py"]
    assert matches(patterns, "services/a.py")
    assert not matches(patterns, "services/x/__init__.py")
    assert matches(patterns, "services/keep/__init__.py")


def test_literal_prefix_and_validation() -> None:
    assert literal_prefix("app/services/**/*.py") == "app/services"
    assert literal_prefix("*.py") == ""
    assert validate("../x") is not None
    assert validate("/abs/*.py") is not None
    assert validate("ok/**/*.py") is None
