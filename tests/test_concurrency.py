"""Runs that share one cache: concurrent runs while files change, and runs killed mid-write.

Whatever the interleaving, a run prints what a ``--no-cache`` run of the tree it saw prints, and the
run after it prints what a ``--no-cache`` run of the tree as it is now prints: the cache is a
speed-up, never a source of findings. Real processes, real signals, bounded in time.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import copy_shop

RUNS = 3
TIMEOUT = 120
Edit = Callable[[Path], None]


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "modlint", str(root), "--format", "json", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode in (0, 1) and "Traceback" not in err, err
    return out


def uncached(root: Path) -> str:
    return finish(start(root, "--no-cache"))


def replace_text(relative: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        path.write_text(path.read_text().replace(old, new, 1))  # in place: same inode

    return edit


def write_atomically(relative: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        tmp = root / (relative + ".new")
        tmp.write_text(text)
        os.replace(tmp, root / relative)  # a new inode, as editors and git checkouts do

    return edit


def remove(relative: str) -> Edit:
    return lambda root: (root / relative).unlink()


SERVICES = "app/modules/orders/services/"
EDITS: list[Edit] = [
    write_atomically(SERVICES + "shim.py", "from app.services.orders import OrderService\n"),
    replace_text(SERVICES + "shim.py", "OrderService", "OrderRepository"),
    write_atomically(SERVICES + "extra.py", "import os\n\n\ndef f() -> None:\n    pass\n"),
    replace_text("app/modules/orders/__init__.py", "", "from models.database import order\n"),
    remove(SERVICES + "shim.py"),
    replace_text("app/modules/orders/__init__.py", "from models.database import order\n", ""),
]


def states(tmp_path: Path) -> list[str]:
    """The ``--no-cache`` output after 0, 1, ... of the edits, on a copy of its own."""
    root = copy_shop(tmp_path / "expected")
    outputs = [uncached(root)]
    for edit in EDITS:
        edit(root)
        outputs.append(uncached(root))
    assert len(set(outputs)) >= 4  # the edits change the findings
    return outputs


def test_concurrent_runs_sharing_a_cache_while_files_change(tmp_path: Path) -> None:
    expected = states(tmp_path)
    root = copy_shop(tmp_path / "shared")
    for step, edit in enumerate(EDITS):
        runs = [start(root) for _ in range(RUNS)]
        time.sleep(0.05 * step)  # some runs read before the edit, some after, some across it
        edit(root)
        seen = [finish(run) for run in runs]
        for out in seen:  # each saw the tree before or after the one-file edit
            assert out in (expected[step], expected[step + 1])
        settled = [finish(start(root))]
        assert settled == [expected[step + 1]]  # nothing stale was cached by the racing runs


def generated_tree(tmp_path: Path) -> Path:
    """A tree large enough that a cold run takes a while and uses worker processes."""
    repo = Path(__file__).resolve().parent.parent
    if str(repo) not in sys.path:
        sys.path.insert(0, str(repo))
    from benchmarks.generate import generate

    root = tmp_path / "tree"
    generate(root, 8, seed=3)
    return root


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_run_killed_mid_write_leaves_a_cache_the_next_run_can_trust(tmp_path: Path, jobs: str) -> None:
    root = generated_tree(tmp_path)
    expected = uncached(root)
    cache = root / ".modlint_cache"
    started = time.perf_counter()
    assert finish(start(root, "--jobs", jobs)) == expected
    cold = time.perf_counter() - started
    killed = 0
    for tenth in (1, 3, 5, 7, 8):  # kill at 10%, 30%, ... of a cold run: reading, parsing, writing
        shutil.rmtree(cache)
        run = start(root, "--jobs", jobs)
        time.sleep(cold * tenth / 10)
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=TIMEOUT)
        killed += run.returncode == -signal.SIGKILL
        assert finish(start(root, "--jobs", jobs)) == expected  # from whatever the killed run left
    assert killed >= 3  # most runs were killed before they ended


def test_temporary_files_of_killed_writers_are_removed_once_old(tmp_path: Path) -> None:
    root = copy_shop(tmp_path)
    expected = uncached(root)
    assert finish(start(root)) == expected
    cache = root / ".modlint_cache"
    facts = next(cache.glob("facts-*"))
    old, young = cache / ".results-x.bin.abc.tmp", facts / ".0123.bin.def.tmp"
    for leftover in (old, young, facts / ".4567.bin.ghi.tmp"):
        leftover.write_bytes(b"half a file")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    os.utime(facts / ".4567.bin.ghi.tmp", (hour_ago, hour_ago))
    (root / "app/modules/orders/__init__.py").write_text("")  # a change, so the run writes its cache
    finish(start(root))
    assert sorted(p.name for p in cache.rglob("*.tmp")) == [young.name]  # a live writer's may be young


def test_a_worker_whose_parent_died_before_it_started_leaves_at_once() -> None:
    # The race the kill test above hit about once in five runs: modlint killed between forking a
    # worker and the worker's prctl; the orphan then waited on its task queue forever, holding the
    # caller's pipes open. Here the "parent" is a pid the worker does not have.
    code = (
        "import os, sys\n"
        "from modlint.facts.workers import _die_with_parent\n"
        "_die_with_parent(os.getppid() + 1 if os.getppid() > 1 else 2)\n"
        "sys.exit(0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 1
    kept = subprocess.run(
        [sys.executable, "-c", code.replace("os.getppid() + 1 if os.getppid() > 1 else 2", "os.getppid()")],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert kept.returncode == 0


def test_a_run_killed_while_writing_the_cache_marker_leaves_a_folder_the_next_run_takes(tmp_path: Path) -> None:
    """The cache folder's ``.gitignore`` marks it as modlint's; a run killed while writing it left
    an empty one, and every later run refused the folder as someone else's. The marker is written
    atomically now: what a killed writer can leave is its temporary file, which is no foreign file."""
    root = copy_shop(tmp_path)
    expected = uncached(root)
    cache = root / ".modlint_cache"
    cache.mkdir()
    (cache / "..gitignore.0123456789ab.tmp").write_bytes(b"")
    assert finish(start(root)) == expected
    assert (cache / ".gitignore").read_text().startswith("# Created by modlint")
    assert any(cache.glob("facts-*"))
