"""Fuzzing: generated sources in every kind of module file the rules read, and byte-level mutations
of the fixture files. Whatever the input: no traceback, exit 0 or 1, JSON that parses, and the same
JSON from a cold and a warm run. ``MODLINT_FUZZ_EXAMPLES=10000`` runs the long mode locally."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import hypothesmith
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modlint.cli import main

from helpers import FIXTURES, copy_shop

EXAMPLES = int(os.environ.get("MODLINT_FUZZ_EXAMPLES", "25"))
#: One scratch folder for the whole module: hypothesis runs many examples per test function.
BASE = Path(tempfile.mkdtemp(prefix="modlint-fuzz-"))
SHOP_FILES = sorted(
    str(p.relative_to(FIXTURES / "shop")) for p in (FIXTURES / "shop").rglob("*.py") if ".modlint_cache" not in p.parts
)
#: One file of each kind the rules read: routes, services, config, definition, a migration, a legacy shim.
TARGETS = (
    "app/modules/orders/routes/api/orders.py",
    "app/modules/orders/services/order_service.py",
    "app/modules/orders/config.py",
    "app/modules/orders/definition.py",
    "app/modules/orders/migrations/versions/orders_001_create_orders.py",
    "app/services/order_service.py",
)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)


def _check(root: Path) -> None:
    runs = [CliRunner().invoke(main, [str(root), "--format", "json", "--jobs", "1"]) for _ in range(2)]
    for result in runs:
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.stderr
        json.loads(result.stdout)
    assert runs[0].stdout == runs[1].stdout  # cold == warm


@FUZZ
@given(source=hypothesmith.from_grammar(), target=st.sampled_from(TARGETS))
def test_generated_sources_in_module_files(source: str, target: str) -> None:
    root = copy_shop(BASE)
    (root / target).write_text(source, encoding="utf-8", errors="surrogatepass")
    _check(root)


@FUZZ
@given(
    name=st.sampled_from(SHOP_FILES),
    cut=st.floats(0, 1),
    noise=st.binary(max_size=16),
    how=st.sampled_from(["truncate", "insert", "nul", "bom", "overwrite"]),
)
def test_mutated_fixture_files(name: str, cut: float, noise: bytes, how: str) -> None:
    root = copy_shop(BASE)
    path = root / name
    data = path.read_bytes()
    at = int(len(data) * cut)
    mutated = {
        "truncate": data[:at],
        "insert": data[:at] + noise + data[at:],
        "nul": data[:at] + b"\x00" + data[at:],
        "bom": b"\xef\xbb\xbf" + data[at:],
        "overwrite": data[:at] + noise + data[at + len(noise) :],
    }[how]
    path.write_bytes(mutated)
    _check(root)
