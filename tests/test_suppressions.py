"""Inline ``# noqa`` / ``# modlint: ignore[...]`` comments and per-module ignores."""

from __future__ import annotations

import gzip
import io
import json
import tokenize
from collections.abc import Callable
from pathlib import Path

import pytest
from test_differential import CORPUS

from modlint.facts.suppressions import comment_columns, suppressed_codes

from helpers import REPO, M, Tree, brief, clean_module, lint

Make = Callable[[Tree], Path]


@pytest.mark.parametrize(
    ("line", "codes"),
    [
        ("x = 1  # noqa", ("ALL",)),
        ("x = 1  # noqa: MOD010", ("MOD010",)),
        ("x = 1  # noqa:MOD010,MOD-011 because", ("MOD010", "MOD-011")),
        ("x = 1  # NOQA: mod010 MOD012", ("mod010", "MOD012")),
        ("x = 1  # modlint: ignore[MOD-010, MOD011]", ("MOD-010", "MOD011")),
        ("x = 1  # a comment", ()),
    ],
)
def test_suppressed_codes(line: str, codes: tuple[str, ...]) -> None:
    assert suppressed_codes(line) == codes


@pytest.mark.parametrize(
    ("comment", "suppressed"),
    [
        ("# noqa: MOD010", True),
        ("# noqa: MOD-010", True),
        ("# noqa", True),
        ("# modlint: ignore[MOD-010]", True),
        ("# noqa: MOD01", True),
        ("# noqa: MOD011", False),
        ("# modlint: ignore[MOD-013]", False),
    ],
)
def test_inline_suppression_on_reported_line(tree: Make, comment: str, suppressed: bool) -> None:
    root = tree({**clean_module(), M + "routes/api/items.py": f"api = make()  {comment}\n"})
    assert brief(lint(root, "MOD-010")) == ([] if suppressed else [("MOD-010", M + "routes/api/items.py", 1, 1)])


def test_suppression_elsewhere_in_file_does_not_count(tree: Make) -> None:
    root = tree({**clean_module(), M + "routes/api/items.py": "api = make()\n# noqa: MOD010\n"})
    assert len(lint(root, "MOD-010").findings) == 1


def test_per_module_ignores(tree: Make) -> None:
    bad_route = "api = make()\n"
    root = tree(
        {
            **clean_module(),
            **clean_module("billing"),
            M + "routes/api/items.py": bad_route,
            "app/modules/billing/routes/api/items.py": bad_route,
            "pyproject.toml": '[tool.modlint.per-module-ignores]\n"ord*" = ["MOD01"]\n',
        }
    )
    assert brief(lint(root)) == [("MOD-010", "app/modules/billing/routes/api/items.py", 1, 1)]


def test_file_level_ignore(tree: Make) -> None:
    root = tree({**clean_module(), M + "routes/api/items.py": "api = make()\n\n# modlint: ignore-file[MOD-010]\n"})
    assert brief(lint(root)) == []


def test_unused_suppressions_are_reported(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            M + "routes/api/items.py": "router = make()  # noqa: MOD010\nx = 1  # noqa\ny = 2  # noqa: E501\n",
            M + "tasks/__init__.py": "",
            M + "tasks/job.py": "# modlint: ignore-file[MOD-011]\nz = 1  # modlint: ignore[MOD-004, MOD-010]\n",
        }
    )
    assert [(f.rule_id, f.path, f.line, f.column, f.message) for f in lint(root).findings] == [
        ("MOD-100", M + "routes/api/items.py", 1, 18, "unused suppression of 'MOD010': no such finding here"),
        ("MOD-100", M + "tasks/job.py", 1, 1, "unused file-level suppression of 'MOD-011': no such finding here"),
        ("MOD-100", M + "tasks/job.py", 2, 8, "unused suppression of 'MOD-004': no such finding here"),
        ("MOD-100", M + "tasks/job.py", 2, 8, "unused suppression of 'MOD-010': no such finding here"),
    ]


def test_used_and_unjudged_suppressions_are_not_reported(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            M + "routes/api/items.py": "api = make()  # noqa: MOD010\n",
            M + "config.py": "settings = 1  # noqa: MOD013\n",
        }
    )
    assert brief(lint(root)) == []
    assert brief(lint(root, "MOD-010", "MOD-100")) == []  # MOD-013 did not run: its comment is not judged


def test_unused_suppression_rule_can_be_turned_off(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            M + "routes/api/items.py": "router = make()  # noqa: MOD010\n",
            "pyproject.toml": '[tool.modlint]\nignore = ["MOD-100"]\n',
        }
    )
    assert brief(lint(root)) == []


def test_form_feed_and_line_separators_do_not_shift_lines(tree: Make) -> None:
    route = 'x = "\u2028"\n\x0c\nimport app.services.a  # noqa: MOD004\nrouter = 1\n'
    root = tree({**clean_module(), M + "routes/api/items.py": route})
    assert brief(lint(root)) == []


def test_a_suppression_shown_in_a_string_is_no_suppression(tree: Make) -> None:
    """A docstring explaining ``# modlint: ignore-file[...]`` silenced the file, and a string holding
    ``# noqa: MOD010`` was reported by MOD-100 as an unused suppression."""
    route = (
        "api = make()\n"
        '"""Silence it with `# modlint: ignore-file[MOD-010]` at the top."""\n'
        'HELP = "write # noqa: MOD010 to silence it"\n'
        "DOC = '''\n# noqa: MOD010\n'''\n"
    )
    root = tree({**clean_module(), M + "routes/api/items.py": route})
    assert brief(lint(root)) == [("MOD-010", M + "routes/api/items.py", 1, 1)]
    commented = route.replace("api = make()\n", "api = make()  # noqa: MOD010\n")
    root = tree({**clean_module(), M + "routes/api/items.py": commented})
    assert brief(lint(root)) == []


def _tokenized_comments(source: str) -> dict[int, int] | None:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    return {t.start[0]: t.start[1] + 1 for t in tokens if t.type == tokenize.COMMENT}


def test_comment_columns_agree_with_tokenize() -> None:
    """The small lexer that tells a comment from a string against Python's tokenizer, on this
    repository's sources, the fixtures and the generated corpus (every source tokenize accepts)."""
    sources = [p.read_text(encoding="utf-8") for p in sorted(REPO.glob("**/*.py")) if ".modlint_cache" not in p.parts]
    sources += json.loads(gzip.decompress(CORPUS.read_bytes()))
    compared = 0
    for source in sources:
        if "\r" in source or "\f" in source:  # tokenize counts lines by "\n" only
            continue
        expected = _tokenized_comments(source)
        if expected is not None:
            assert comment_columns(source) == expected, source[:200]
            compared += 1
    assert compared > 1500


def test_a_string_continued_across_a_crlf_line_end_is_one_string() -> None:
    """A backslash before CRLF inside a string left the lexer at the LF: it gave up on the file and
    the docstring's suppression counted again."""
    text = '"""Doc: # modlint: ignore-file[MOD-010]"""\r\nx = "a\\\r\nb"  # noqa: MOD010\r\n'
    assert comment_columns(text) == {3: 5}


def test_unused_suppressions_honour_the_modules_the_rule_chooses(tree: Make) -> None:
    """``modules: [billing]`` on MOD-100 was dropped: the comments of every file another rule read
    (MOD-004 reads the route files) were judged."""
    route = "from fastapi import APIRouter  # noqa: MOD004\n\nrouter = APIRouter()\n"
    files = {**clean_module(), **clean_module("billing"), M + "routes/api/items.py": route}
    files["app/modules/billing/routes/api/items.py"] = route
    root = tree(files)
    assert {f.module for f in lint(root, "MOD-100", "MOD-004").findings} == {"orders", "billing"}
    root = tree({**files, ".architecture-rules/x.yaml": "rules:\n  - id: MOD-100\n    modules: [billing]\n"})
    assert {f.module for f in lint(root, "MOD-100", "MOD-004").findings} == {"billing"}
