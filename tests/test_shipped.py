"""The shipped rules come validated: a project without rule files of its own is configured without
YAML or pydantic, even with no configuration snapshot, and gets exactly the rules validation gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from modlint.config import schema, shipped
from modlint.config.loading import load_config
from modlint.config.ruleset import load_ruleset
from modlint.config.settings import Settings
from modlint.config.shipped import default_rule_files, shipped_rule_files

from helpers import copy_shop


def test_the_stored_rules_are_current() -> None:
    """Fails after a change to a shipped rule file or a check kind: run
    ``python -m modlint.config.shipped`` (until then, runs validate the YAML as before)."""
    files = default_rule_files()
    stored = shipped.load(files)
    assert stored is not None, "modlint/config/shipped_rules.bin is stale: run python -m modlint.config.shipped"
    assert stored == load_ruleset(shipped_rule_files(files))


def test_stale_or_damaged_stored_rules_are_validated_instead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = default_rule_files()
    expected = load_ruleset(shipped_rule_files(files))
    for content in (b"", b"\x00" * 40, shipped.COMPILED.read_bytes()[:-1]):
        (tmp_path / "shipped_rules.bin").write_bytes(content)
        monkeypatch.setattr(shipped, "COMPILED", tmp_path / "shipped_rules.bin")
        assert shipped.load(files) is None
        assert load_config(copy_shop(tmp_path / f"shop{len(content)}")).ruleset.rules == expected
    shipped.store(files[:-1], expected)  # stored for other files: not these
    assert shipped.load(files) is None


def test_an_empty_table_is_the_validated_defaults() -> None:
    assert schema.validate(Settings, {}) == Settings()


def test_a_run_without_rule_files_or_cache_imports_neither_yaml_nor_pydantic(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path)
    code = (
        "import sys\nfrom modlint.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit as done:\n    code = done.code\n"
        "print(sorted({n.split('.')[0] for n in sys.modules} & {'yaml', 'pydantic', 'libcst'}), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--no-cache", "-q", str(shop)], capture_output=True, text=True, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert done.returncode == 1  # the shop's documented findings
