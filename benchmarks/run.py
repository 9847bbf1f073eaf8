"""Time modlint against floors on one generated tree, side by side in one run.

``python -m benchmarks.run [--modules 500] [--seed 0] [--tree DIR] [--repeat 3] [--json]``

Every measurement runs in a fresh helper process (``python -m benchmarks.run --probe ...``), so no
row's memory leaks into another's. Peak RSS is that of the largest single process, from its own
``VmHWM`` (Linux; ``ru_maxrss`` elsewhere): a measured command reports it at exit through a tiny
launcher (with its forked workers' ``RUSAGE_CHILDREN``), a floor reads the helper's and its pool
workers'. Not the helper's ``RUSAGE_CHILDREN``: on Linux a process keeps the peak of the image it was
exec'd from, so a 13 MiB child of a 200 MiB parent reports 200 MiB.

Seconds are the median of ``--repeat`` rounds (rows interleaved in each round), as issue 12 states
its targets (``--json`` also gives each run and the best); peak RSS is the largest seen over all
rounds. Every row that uses the cache is run once untimed first, so each round measures the steady
state a developer's next run meets (the one-changed-file row: module summaries already made). The
exit code is 1 only when a tool failed (modlint crashed or printed no valid report, a probe died),
never because of a timing.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SKIP_DIRS = ("__pycache__",)
RSS_FILE_ENV = "MODLINT_BENCH_RSS_FILE"

# ``python -c LAUNCHER -m NAME ARGS`` / ``-c CODE ARGS`` runs like ``python -m NAME ARGS`` / ``-c CODE``
# and, at exit, writes the peak RSS (KiB) of the largest of the process and the children it waited
# for (worker processes, which it forked itself) to $MODLINT_BENCH_RSS_FILE.
LAUNCHER = """
import atexit, os, resource, sys

def _write_peak():
    unit = 1024 if sys.platform == "darwin" else 1
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // unit
    try:
        with open("/proc/self/status") as status:
            kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    kib = max(kib, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // unit)
    with open(os.environ["MODLINT_BENCH_RSS_FILE"], "w") as out:
        out.write(str(kib))

atexit.register(_write_peak)
mode, target, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
if mode == "-m":
    import runpy
    sys.argv = [target, *rest]
    runpy.run_module(target, run_name="__main__", alter_sys=True)
else:
    sys.argv = ["-c", *rest]
    exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
"""


@dataclass(frozen=True)
class Sample:
    """One measurement: wall-clock seconds, peak RSS of the largest process, outcome."""

    seconds: float
    rss_kib: int
    ok: bool
    detail: str


# -- probes: run inside a fresh helper process ------------------------------------------------------


def peak_rss_kib() -> int:
    """This process's own peak RSS in KiB: ``VmHWM`` on Linux, else ``ru_maxrss`` (0 if neither)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Unix
        return 0
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss // 1024 if sys.platform == "darwin" else maxrss


def walk(tree: Path, suffix: str = "") -> list[str]:
    """Every file below ``tree`` (hidden folders and ``__pycache__`` skipped), in a stable order."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        found.extend(os.path.join(dirpath, name) for name in sorted(filenames) if name.endswith(suffix))
    return found


def parse_with_libcst(paths: Sequence[str]) -> tuple[int, int]:
    """In a pool worker: read and parse each file with libcst; (how many failed, the worker's peak RSS)."""
    import libcst

    failed = 0
    for path in paths:
        try:
            libcst.parse_module(Path(path).read_bytes())
        except Exception:  # a deliberately broken file is not a tool failure
            failed += 1
    return failed, peak_rss_kib()


def floor_stat(tree: Path) -> tuple[str, int]:
    files = walk(tree)
    for path in files:
        os.stat(path)
    return f"{len(files)} files", 0


def floor_ast(tree: Path) -> tuple[str, int]:
    files, failed = walk(tree, ".py"), 0
    for path in files:
        try:
            ast.parse(Path(path).read_bytes())
        except (SyntaxError, ValueError):
            failed += 1
    return f"{len(files)} .py files, {failed} did not parse", 0


def floor_libcst(tree: Path) -> tuple[str, int]:
    import multiprocessing

    files = walk(tree, ".py")
    with multiprocessing.get_context().Pool(2) as pool:
        results = pool.map(parse_with_libcst, [files[0::2], files[1::2]])
    failed = sum(r[0] for r in results)
    return f"{len(files)} .py files, {failed} did not parse", max(r[1] for r in results)


#: The stat and ast floors as whole processes (``python -c CODE TREE``): interpreter start-up, then the
#: floor's work, measured as modlint is (modlint's rows are whole processes too).
PROCESS_FLOORS = {
    "stat": (
        "import os, sys\n"
        "for top, dirs, files in os.walk(sys.argv[1]):\n"
        "    dirs[:] = [d for d in dirs if not d.startswith('.') and d != '__pycache__']\n"
        "    for name in files:\n"
        "        os.stat(os.path.join(top, name))\n"
    ),
    "ast": (
        "import ast, os, sys\n"
        "for top, dirs, files in os.walk(sys.argv[1]):\n"
        "    dirs[:] = [d for d in dirs if not d.startswith('.') and d != '__pycache__']\n"
        "    for name in files:\n"
        "        if name.endswith('.py'):\n"
        "            with open(os.path.join(top, name), 'rb') as source:\n"
        "                data = source.read()\n"
        "            try:\n"
        "                ast.parse(data)\n"
        "            except (SyntaxError, ValueError):\n"
        "                pass\n"
    ),
}


#: Floors: the work, returning (a note, the peak RSS of worker processes or 0).
FLOORS: dict[str, Callable[[Path], tuple[str, int]]] = {
    "stat": floor_stat,
    "ast": floor_ast,
    "libcst": floor_libcst,
}


def run_floor(kind: str, tree: Path) -> Sample:
    if kind == "libcst":
        import libcst  # noqa: F401 - imported before the clock starts (workers fork with it)
    start = time.perf_counter()
    detail, workers_kib = FLOORS[kind](tree)
    seconds = time.perf_counter() - start
    return Sample(seconds, max(peak_rss_kib(), workers_kib), True, detail)


def run_python(args: Sequence[str], ok_codes: Sequence[int], expect_json: bool, cwd: Path | None = None) -> Sample:
    """Time ``python ARGS`` in ``cwd`` (through the launcher, which reports its peak RSS)."""
    with tempfile.TemporaryDirectory(prefix="modlint-bench-") as tmp:
        rss_file = Path(tmp) / "peak-rss"
        env = {**os.environ, RSS_FILE_ENV: str(rss_file)}
        start = time.perf_counter()
        flags = 0  # interpreter options before -m/-c (``-S``) go before the launcher
        while flags < len(args) and args[flags] not in ("-m", "-c"):
            flags += 1
        command = [sys.executable, *args[:flags], "-c", LAUNCHER, *args[flags:]]
        proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, check=False)
        seconds = time.perf_counter() - start
        rss = int(rss_file.read_text()) if rss_file.exists() else 0
    ok, detail = judge(proc, ok_codes, expect_json)
    return Sample(seconds, rss, ok, detail)


def judge(proc: subprocess.CompletedProcess[str], ok_codes: Sequence[int], expect_json: bool) -> tuple[bool, str]:
    """Whether a command worked, and a short note about its output."""
    if proc.returncode not in ok_codes:
        return False, f"exit {proc.returncode}: {(proc.stderr or proc.stdout).strip()[-2000:]}"
    if not expect_json:  # a peer's verdict is its last line (import-linter starts with a banner)
        last = [line.strip() for line in (proc.stdout or proc.stderr).splitlines() if line.strip()]
        return True, last[-1] if last else ""
    try:
        report = json.loads(proc.stdout)
        findings, read = len(report["findings"]), report["summary"]["files"]
    except (ValueError, KeyError, TypeError) as exc:
        return False, f"no valid JSON report ({exc}): {proc.stdout[:200]!r} {proc.stderr[-2000:]!r}"
    return True, f"{findings} findings, {read} files read, exit {proc.returncode}"


def probe(argv: Sequence[str]) -> int:
    """The helper: ``KIND [--tree T] [--ok 0,1] [--json] [-- PYTHON ARGS...]``; run one measurement
    and print it as JSON. KIND ``py`` runs ``python PYTHON ARGS``; the others are floors on the tree."""
    parser = argparse.ArgumentParser(prog="benchmarks.run --probe")
    parser.add_argument("kind", choices=["py", *FLOORS])
    parser.add_argument("--tree", type=Path)
    parser.add_argument("--ok", default="0", help="comma-separated exit codes that mean success")
    parser.add_argument("--json", action="store_true", help="the command prints a modlint JSON report")
    parser.add_argument("--cwd", type=Path, help="run the command in this folder (peers read their config there)")
    cut = argv.index("--") if "--" in argv else len(argv)
    args, python_args = parser.parse_args(argv[:cut]), list(argv[cut + 1 :])
    if args.kind == "py":
        sample = run_python(python_args, [int(c) for c in args.ok.split(",")], args.json, args.cwd)
    else:
        sample = run_floor(args.kind, args.tree)
    print(json.dumps({"seconds": sample.seconds, "rss_kib": sample.rss_kib, "ok": sample.ok, "detail": sample.detail}))
    return 0


# -- the driver -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bench:
    """One row: a probe to run each round (None: not measurable with this modlint)."""

    key: str
    name: str
    probe: tuple[str, ...] | None
    note: str = ""
    before: Callable[[int], None] | None = None


@dataclass
class Row:
    """A row of the results table."""

    key: str
    name: str
    status: str
    seconds: float | None
    peak_rss_mib: float | None
    note: str
    samples: list[Sample] = field(default_factory=list)


def helper_env() -> dict[str, str]:
    """The environment of helpers: this checkout importable first, so ``-m benchmarks.run`` works."""
    paths = [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def run_probe(args: Sequence[str]) -> Sample:
    """Start a fresh helper for one measurement and read its result."""
    command = [sys.executable, "-m", "benchmarks.run", "--probe", *args]
    proc = subprocess.run(command, capture_output=True, text=True, env=helper_env(), check=False)
    try:
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        return Sample(float(data["seconds"]), int(data["rss_kib"]), bool(data["ok"]), str(data["detail"]))
    except (IndexError, ValueError, KeyError):
        return Sample(0.0, 0, False, f"probe failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}")


def modlint_help() -> str:
    """``modlint --help``, to see which cache options this version has ('' when it fails)."""
    command = [sys.executable, "-m", "modlint", "--help"]
    proc = subprocess.run(command, capture_output=True, text=True, env=helper_env(), check=False)
    return proc.stdout if proc.returncode == 0 else ""


def changed_file(tree: Path) -> Path | None:
    """The first module service file (sorted) that parses: the one the 'changed' row edits."""
    for path in sorted((tree / "app" / "modules").glob("*/services/*.py")):
        if path.name == "__init__.py":
            continue
        try:
            ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            continue
        return path
    return None


class _Primer:
    """Runs a row's command once, untimed, before each of its measured runs: a warm row must find
    the cache as its own last run left it, not as the previous round's edit of the changed file did."""

    def __init__(self, probe: tuple[str, ...]) -> None:
        self.probe = probe

    def __call__(self, round_no: int) -> None:
        run_probe(self.probe)


class Editor:
    """Appends a different comment to one file before each round; ``restore`` puts it back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = path.read_bytes()

    def __call__(self, round_no: int) -> None:
        self.path.write_bytes(self.original + f"\n# modlint benchmark edit {round_no}\n".encode())

    def restore(self) -> None:
        self.path.write_bytes(self.original)


BOUNDARY_SELECT = ("--select", "MOD-016,MOD-017,MOD-018")
IMPORT_LINTER = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def peer_tree(tree: Path, workdir: Path) -> Path:
    """A copy of the tree without the files CPython cannot parse, for the peers: import-linter
    stops at the first syntax error, where modlint reports MOD-000 and checks the rest."""
    copy = workdir / "peers"
    shutil.copytree(tree, copy, ignore=shutil.ignore_patterns(".modlint_cache", "__pycache__"))
    for path in walk(copy, ".py"):
        try:
            ast.parse(Path(path).read_bytes())
        except (SyntaxError, ValueError):
            os.remove(path)
    return copy


def peer_benches(tree: Path, peers: Path, cache: list[str]) -> list[Bench]:
    """Boundaries rows: modlint's MOD-016/017/018 alone, and tach and import-linter on the same graph."""
    import importlib.util

    lint = ("py", "--ok", "0,1", "--json", "--", "-m", "modlint", "--format", "json", "-q", *BOUNDARY_SELECT)
    rows = [Bench("bnd_cold", "modlint boundaries rules only, cold", (*lint, "--no-cache", str(tree)))]
    if cache:
        warm = (*lint, "--cache-dir", cache[1] + "-boundaries", str(tree))
        rows.append(Bench("bnd_warm", "modlint boundaries rules only, warm", warm, before=_Primer(warm)))
    peer = ("py", "--ok", "0,1", "--cwd", str(peers), "--")
    for key, name, module, args in (
        ("tach", "tach check (tach.toml from requires)", "tach", ("-m", "tach", "check")),
        (
            "importlinter",
            "lint-imports --no-cache (acyclic_siblings)",
            "importlinter",
            ("-c", IMPORT_LINTER, "--no-cache"),
        ),
    ):
        if importlib.util.find_spec(module) is None:
            rows.append(Bench(key, name, None, f"n/a: {module} is not installed (pip install -e '.[test]')"))
        else:
            rows.append(Bench(key, name, (*peer, *args)))
    return rows


HOOK_NAME = "modlint --pre-commit, the same file changed"


def benches(
    tree: Path, help_text: str, cache_dir: Path, editor: Editor | None, peers: Path | None = None
) -> list[Bench]:
    """The rows, in table order (the boundaries rows when ``peers`` holds the peers' copy of the tree)."""
    no_cache = ["--no-cache"] if "--no-cache" in help_text else []
    cache = ["--cache-dir", str(cache_dir)] if "--cache-dir" in help_text else []
    lint = ("py", "--ok", "0,1", "--json", "--", "-m", "modlint", "--format", "json", "-q")
    cold_name = "modlint cold (--no-cache)" if no_cache else "modlint (no cache support yet)"
    changed_name = "modlint, 1 file changed, that file as path" + ("" if cache else " (no cache yet)")
    warm = (*lint, *cache, str(tree))
    warm_row = (
        Bench("warm", "modlint warm (cache)", warm, before=_Primer(warm))
        if cache
        else Bench("warm", "modlint warm (cache)", None, "n/a: modlint has no --cache-dir yet")
    )
    rows = [
        Bench("python", "python start-up (python -c pass)", ("py", "--", "-c", "pass")),
        # what the interpreter's site-packages hooks (``.pth`` files that import) add to every row
        Bench("python_no_site", "python start-up without site (python -S -c pass)", ("py", "--", "-S", "-c", "pass")),
        Bench(
            "python_json", 'python -c "import json" (the one-file target\'s unit)', ("py", "--", "-c", "import json")
        ),
        Bench("startup", "modlint --version (start-up)", ("py", "--", "-m", "modlint", "--version")),
        Bench("cold", cold_name, (*lint, *no_cache, str(tree))),
        warm_row,
        Bench("changed", changed_name, (*lint, *cache, str(editor.path)), before=editor)
        if editor is not None
        else Bench("changed", changed_name, None, "n/a: no parsable service file in the tree"),
        # the hook's own mode: every finding of the file's module, hence its whole migration graph
        Bench("changed_hook", HOOK_NAME, (*lint, *cache, "--pre-commit", str(editor.path)), before=editor)
        if editor is not None and "--pre-commit" in help_text
        else Bench("changed_hook", HOOK_NAME, None, "n/a: no parsable service file, or no --pre-commit"),
        Bench("floor_stat", "floor: walk + os.stat every file", ("stat", "--tree", str(tree))),
        Bench(
            "floor_stat_process",
            "floor: the same as a whole process (python -c ...)",
            ("py", "--", "-c", PROCESS_FLOORS["stat"], str(tree)),
        ),
        Bench("floor_ast", "floor: walk + read + ast.parse every .py (1 process)", ("ast", "--tree", str(tree))),
        Bench(
            "floor_ast_process",
            "floor: the same as a whole process (python -c ...)",
            ("py", "--", "-c", PROCESS_FLOORS["ast"], str(tree)),
        ),
        Bench("floor_libcst", "floor: walk + read + libcst.parse_module (2 proc.)", ("libcst", "--tree", str(tree))),
    ]
    rows.append(_ruff(tree))
    # Before the "changed" row: it edits a file each round, which a warm row after it would see.
    return rows[:5] + (peer_benches(tree, peers, cache) if peers is not None else []) + rows[5:]


def _ruff(tree: Path) -> Bench:
    """ruff on the same tree, cold: a peer for what "instant" feels like (it lints other things)."""
    import importlib.util

    name = "peer: ruff check --no-cache (its default rules)"
    if importlib.util.find_spec("ruff") is None:
        return Bench("ruff", name, None, "n/a: ruff is not installed (pip install -e '.[dev]')")
    return Bench("ruff", name, ("py", "--ok", "0,1", "--", "-m", "ruff", "check", "--no-cache", "--silent", str(tree)))


def measure(rows: Sequence[Bench], repeat: int) -> list[Row]:
    """Run every measurable row ``repeat`` times, interleaved round by round."""
    samples: dict[str, list[Sample]] = {b.key: [] for b in rows}
    for round_no in range(repeat):
        for bench in rows:
            if bench.probe is None:
                continue
            if bench.before is not None:
                bench.before(round_no)
            samples[bench.key].append(run_probe(bench.probe))
    return [summarise(bench, samples[bench.key]) for bench in rows]


def summarise(bench: Bench, samples: list[Sample]) -> Row:
    """Median seconds and largest peak RSS of a row's samples (the note from the median run)."""
    if bench.probe is None:
        return Row(bench.key, bench.name, "n/a", None, None, bench.note)
    failed = [s for s in samples if not s.ok]
    if failed:
        return Row(bench.key, bench.name, "failed", None, None, failed[0].detail, samples)
    middle = sorted(samples, key=lambda s: s.seconds)[(len(samples) - 1) // 2]
    seconds = statistics.median(s.seconds for s in samples)
    rss = max(s.rss_kib for s in samples) / 1024
    return Row(bench.key, bench.name, "ok", seconds, rss, (middle.detail.splitlines() or [""])[0][:80], samples)


def prime_cache(rows: Sequence[Bench]) -> Sample | None:
    """Run each warm row, then the one-changed-file row, once untimed so that their measured runs
    find a filled cache (and the module summaries a narrowed run keeps); the first failure, else
    the last sample."""
    last = None
    primed = [b for b in rows if b.key.endswith("warm")] + [b for b in rows if b.key.startswith("changed")]
    for warm in (b for b in primed if b.probe is not None):
        assert warm.probe is not None
        last = run_probe(warm.probe)
        if not last.ok:
            return last
    return last


# -- the tree ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TreeInfo:
    """The tree measured and how it came to be."""

    root: Path
    files: int
    py_files: int
    modules: int
    origin: str
    expected_findings: int | None = None


def prepare_tree(tree: Path | None, modules: int, seed: int, workdir: Path, boundaries: bool = False) -> TreeInfo:
    """Reuse ``tree`` when it holds files, else generate into it (or into ``workdir``)."""
    from benchmarks.generate import generate

    if tree is not None and tree.is_dir() and any(tree.iterdir()):
        root = tree.resolve()
        modules_dir = root / "app" / "modules"
        count = sum(1 for p in modules_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
        files = walk(root)
        return TreeInfo(root, len(files), sum(f.endswith(".py") for f in files), count, "reused")
    root = (tree or workdir / "tree").resolve()
    made = generate(root, modules, seed, boundaries=boundaries)
    origin = f"generated, seed {seed}" + (", boundaries" if boundaries else "") + ("" if tree else ", temporary")
    expected = sum(made.expected_violations.values())
    return TreeInfo(root, made.files, made.py_files, made.modules, origin, expected)


# -- output -----------------------------------------------------------------------------------------


def render_table(info: TreeInfo, rows: Sequence[Row], repeat: int) -> str:
    version = next((r.note for r in rows if r.key == "startup" and r.status == "ok"), "modlint ?")
    head = [
        f"modlint benchmark: {info.modules} modules, {info.files} files ({info.py_files} .py) in {info.root}"
        f" ({info.origin})",
        f"Python {platform.python_version()} on {sys.platform}, {version}, {os.cpu_count()} CPUs;"
        f" seconds: median of {repeat}; peak RSS: largest single process",
        "",
        f"{'measurement':<58} {'seconds':>9} {'peak RSS MiB':>13}  notes",
        f"{'-' * 58} {'-' * 9} {'-' * 13}  {'-' * 5}",
    ]
    body = [
        f"{r.name:<58} {_num(r.seconds, '.3f', r.status):>9} {_num(r.peak_rss_mib, '.1f', r.status):>13}  {r.note}"
        for r in rows
    ]
    return "\n".join(head + body)


@dataclass(frozen=True)
class Target:
    """One of the speed targets (issue 12), judged on this run's rows: ``seconds`` of row ``key`` at
    most ``factor`` x row ``unit`` + ``plus`` (``unit`` None: at most ``plus`` seconds)."""

    key: str
    text: str
    plus: float
    unit: str | None = None
    factor: float = 1.0

    def judge(self, rows: Mapping[str, Row]) -> tuple[float, float] | None:
        """(measured, limit), or None when a row is missing."""
        row = rows.get(self.key)
        base = rows.get(self.unit) if self.unit is not None else None
        if row is None or row.seconds is None or (self.unit is not None and (base is None or base.seconds is None)):
            return None
        limit = self.plus + (self.factor * base.seconds if base is not None and base.seconds is not None else 0.0)
        return row.seconds, limit


TARGETS = (
    Target("startup", "modlint --version <= 0.08 s", 0.08),
    Target("warm", "warm <= 0.35 s", 0.35),
    Target("warm", "warm <= 3 x the whole-process stat floor", 0.0, "floor_stat_process", 3.0),
    Target("changed", "one changed file <= 0.20 s", 0.20),
    Target("changed", 'one changed file <= 2 x python -c "import json" + 0.1 s', 0.1, "python_json", 2.0),
    Target("changed_hook", "one changed file, --pre-commit <= 0.20 s", 0.20),
    Target("changed_hook", 'one changed file, --pre-commit <= 2 x "import json" + 0.1 s', 0.1, "python_json", 2.0),
    Target("cold", "cold <= 2 x the whole-process ast floor", 0.0, "floor_ast_process", 2.0),
)


def verdicts(rows: Sequence[Row]) -> list[tuple[str, float, float, bool]]:
    """Each target this run can judge: (text, measured, limit, held)."""
    by_key = {row.key: row for row in rows if row.status == "ok"}
    judged = [(target.text, target.judge(by_key)) for target in TARGETS]
    out = [(text, found[0], found[1], found[0] <= found[1]) for text, found in judged if found is not None]
    cold = by_key.get("cold")
    if cold is not None and cold.peak_rss_mib is not None:
        out.append(("peak RSS, cold <= 150 MiB", cold.peak_rss_mib, 150.0, cold.peak_rss_mib <= 150.0))
    return out


def render_verdicts(rows: Sequence[Row]) -> str:
    lines = ["", "", "targets (issue 12), judged on this run:"]
    for text, measured, limit, held in verdicts(rows):
        lines.append(f"  {'held  ' if held else 'MISSED'}  {text}: {measured:.3f} (limit {limit:.3f})")
    return "\n".join(lines)


def _num(value: float | None, spec: str, status: str) -> str:
    return format(value, spec) if value is not None else status


def render_json(info: TreeInfo, rows: Sequence[Row], repeat: int) -> str:
    document = {
        "tree": str(info.root),
        "origin": info.origin,
        "modules": info.modules,
        "files": info.files,
        "py_files": info.py_files,
        "expected_findings": info.expected_findings,
        "repeat": repeat,
        "python": platform.python_version(),
        "platform": sys.platform,
        "cpus": os.cpu_count(),
        "measurements": [
            {
                "key": r.key,
                "name": r.name,
                "status": r.status,
                "seconds": r.seconds,
                "best_seconds": min((s.seconds for s in r.samples if s.ok), default=None),
                "peak_rss_mib": r.peak_rss_mib,
                "note": r.note,
                "runs": [{"seconds": s.seconds, "rss_kib": s.rss_kib, "ok": s.ok} for s in r.samples],
            }
            for r in rows
        ],
        "targets": [
            {"target": text, "measured": measured, "limit": limit, "held": held}
            for text, measured, limit, held in verdicts(rows)
        ],
    }
    return json.dumps(document, indent=2)


# -- main -------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", type=int, default=500, help="modules to generate (default 500)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--tree", type=Path, help="reuse this tree, or generate into it and keep it")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; seconds are the median (default 3)")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON")
    parser.add_argument(
        "--boundaries",
        action="store_true",
        help="a tree whose modules import what they require; add MOD-016/017/018-only, tach and import-linter rows",
    )
    args = parser.parse_args(argv)
    if args.modules < 1 or args.repeat < 1:
        parser.error("--modules and --repeat must be at least 1")
    return args


@dataclass
class Session:
    """Temporary folders and the edited file, cleaned up however the run ends."""

    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="modlint-bench-")))
    editor: Editor | None = None

    def close(self) -> None:
        if self.editor is not None:
            self.editor.restore()
        shutil.rmtree(self.workdir, ignore_errors=True)


def compile_modlint() -> bool:
    """Byte-compile the modlint being measured, as ``pip install`` does for an installed package:
    without it an editable checkout under ``PYTHONDONTWRITEBYTECODE`` compiles its sources again in
    every run, about 0.1 s that no installed modlint pays. False when compiling failed."""
    code = (
        "import compileall, modlint, os, sys\n"
        "sys.exit(not compileall.compile_dir(os.path.dirname(modlint.__file__), quiet=2))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, env=helper_env(), check=False)
    return proc.returncode == 0


def run(args: argparse.Namespace, session: Session) -> tuple[TreeInfo, list[Row], list[str]]:
    """Prepare the tree, measure every row; also return problems that are tool failures."""
    info = prepare_tree(args.tree, args.modules, args.seed, session.workdir, args.boundaries)
    problems = [] if compile_modlint() else ["byte-compiling modlint failed"]
    help_text = modlint_help()
    problems += [] if help_text else ["`modlint --help` failed"]
    boundaries = args.boundaries or (info.root / "tach.toml").exists()
    peers = peer_tree(info.root, session.workdir) if boundaries else None
    target = changed_file(info.root)
    session.editor = Editor(target) if target is not None else None
    rows = benches(info.root, help_text, session.workdir / "cache", session.editor, peers)
    primed = prime_cache(rows)
    if primed is not None and not primed.ok:
        problems.append(f"priming the cache failed: {primed.detail}")
    results = measure(rows, args.repeat)
    for row in results:
        if row.key == "cold" and row.status == "ok" and info.expected_findings is not None:
            row.note += f" (generator expects {info.expected_findings})"
    problems += [f"{r.name}: {r.note}" for r in results if r.status == "failed"]
    return info, results, problems


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--probe"]:
        return probe(argv[1:])
    args = parse_args(argv)
    session = Session()
    try:
        info, rows, problems = run(args, session)
    finally:
        session.close()
    print(
        render_json(info, rows, args.repeat)
        if args.json
        else render_table(info, rows, args.repeat) + render_verdicts(rows)
    )
    for problem in problems:
        print(f"benchmarks.run: error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
