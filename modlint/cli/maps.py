"""What the module-map subcommands do once their arguments are parsed: survey the project, build the
view (:mod:`modlint.modmap`), render it (:mod:`modlint.reporters`), print it or keep a file current."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from modlint.cli.command import require_own_cache, write_out
from modlint.cli.echo import echo
from modlint.config import snapshot
from modlint.config.loading import ProjectConfig
from modlint.errors import UsageError
from modlint.exit_codes import EXIT_FINDINGS, EXIT_OK
from modlint.facts.cache import DEFAULT_DIR
from modlint.files import atomic_write, read_source, to_bytes
from modlint.findings import Finding
from modlint.modmap import markers
from modlint.pipeline import RunOptions, survey
from modlint.project import find_project_root
from modlint.values import Value, replace


class ProjectArguments(Value):
    """What every subcommand is told about the project."""

    project: Path | None
    config_file: Path | None
    no_cache: bool
    debug: bool


class StatusArguments(ProjectArguments):
    """``modlint status``'s command line."""

    output_format: str = "text"
    check_file: Path | None = None
    write_file: Path | None = None


class GraphArguments(ProjectArguments):
    """``modlint graph``'s command line."""

    output_format: str = "mermaid"
    module: str | None = None


class DocsArguments(ProjectArguments):
    """``modlint docs``'s command line."""

    module: str | None = None
    check_dir: Path | None = None
    write_dir: Path | None = None


class NewArguments(ProjectArguments):
    """``modlint new``'s command line."""

    name: str = ""
    self_contained: bool = False
    ui: bool = False
    dry_run: bool = False


def load(args: ProjectArguments) -> tuple[ProjectConfig, RunOptions]:
    """The project's configuration (through the snapshot) and how to run its checks (with the cache)."""
    start = args.project or Path(".")
    if not start.exists():
        raise UsageError(f"path not found: {start}")
    root = find_project_root(start.resolve())
    snapshot_dir = None if args.no_cache else snapshot.directory(root, args.config_file)
    require_own_cache(snapshot_dir, root)
    config = snapshot.load(root, args.config_file, snapshot_dir)
    problem = config.missing_modules_root()
    if problem is not None:
        raise UsageError(problem)
    cache_dir = None if args.no_cache else Path(config.settings.cache_dir or DEFAULT_DIR)
    require_own_cache(cache_dir and root / cache_dir, root)
    return config, RunOptions(jobs=1, cache_dir=cache_dir)


def status(args: StatusArguments) -> int:
    """Print the status table, or compare it with / write it into a file's markers."""
    from modlint.modmap.status import status_table
    from modlint.reporters import status as render

    if args.check_file and args.write_file:
        raise UsageError("give --check or --write, not both")
    config, options = load(args)
    rules = config.active_rules()
    table = status_table(survey(config, rules, options), rules, config.settings.status.columns)
    markdown = render.render_markdown(table)
    if args.check_file is not None:
        _, current = _region_text(args.check_file, "status")
        return _judged(args.check_file, render.same_table(current, markdown), "status")
    if args.write_file is not None:
        return _written(args.write_file, "status", markdown, render.same_table)
    if args.output_format == "markdown":
        out(markdown)
    elif args.output_format == "json":
        out(render.render_json(table))
    else:
        out(render.render_text(table, colour=_colour()))
    return EXIT_OK


def graph(args: GraphArguments) -> int:
    """Print the module graph (or one module's neighbourhood)."""
    from modlint.modmap.graph import module_graph, reader
    from modlint.reporters.graph import RENDERERS

    config, options = load(args)
    rule = reader(config.ruleset.enabled)
    model = module_graph(survey(config, [rule], options).context, rule)
    if args.module is not None:
        if args.module not in model.modules:
            known = ", ".join(model.modules) or "none"
            raise UsageError(f"no module named {args.module!r} (modules: {known})")
        model = model.around(args.module)
    out(RENDERERS[args.output_format](model))
    return EXIT_OK


def docs(args: DocsArguments) -> int:
    """Print the module pages, or compare them with / write them into a folder."""
    from modlint.checks.migration_graph import MigrationGraph
    from modlint.modmap.docs import module_pages
    from modlint.modmap.graph import module_graph, reader
    from modlint.reporters import module_docs

    if args.check_dir and args.write_dir:
        raise UsageError("give --check or --write, not both")
    config, options = load(args)
    rules = config.active_rules()
    edges = reader(config.ruleset.enabled)
    heads = [r for r in config.ruleset.enabled if isinstance(r, MigrationGraph) and r.problem == "heads"][:1]
    readers = [*rules, *(r for r in [edges, *heads] if r not in rules)]
    seen = survey(config, readers, options)
    active = {rule.id for rule in rules}
    seen = replace(
        seen,
        report=replace(seen.report, findings=tuple(f for f in seen.report.findings if f.rule_id in active)),
    )
    pages = module_pages(seen, module_graph(seen.context, edges), readers, config.root)
    if args.module is not None:
        pages = tuple(p for p in pages if p.module == args.module)
        if not pages:
            raise UsageError(f"no module named {args.module!r}")
    rendered = {f"{page.module}.md": module_docs.render_page(page) for page in pages}
    if args.check_dir is None and args.write_dir is None:
        out("\n".join(rendered.values()))
        return EXIT_OK
    _refuse_index_clash([page.module for page in pages], module_docs.INDEX)
    if args.module is None:
        rendered[module_docs.INDEX] = module_docs.render_index(pages)
    folder = args.check_dir or args.write_dir
    assert folder is not None
    whole = args.module is None  # one module's page: the other pages are none of this run's business
    return _synced(folder, rendered, module_docs.GENERATED, write=args.write_dir is not None, whole=whole)


def _refuse_index_clash(modules: Sequence[str], index: str) -> None:
    """A module named ``README`` (any case) would have the index's page name: on a case-insensitive
    file system (macOS, Windows) one page would silently replace the other, and on any system
    ``--module README --write`` would replace the index."""
    for module in modules:
        if f"{module}.md".casefold() == index.casefold():
            raise UsageError(f"module {module!r} would overwrite the index page {index}")


def _synced(folder: Path, wanted: dict[str, str], marker: str, *, write: bool, whole: bool = True) -> int:
    """Compare (or make) ``folder``'s generated pages with ``wanted``: missing, changed, and (when
    ``whole``) pages that start with ``marker`` but are no longer generated. A page without the
    marker is never replaced or removed; one in CRLF or with a BOM is the same page."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    existing = {p.name: p for p in sorted(folder.glob("*.md"))} if folder.is_dir() else {}
    texts = {name: _generated_text(path, marker) for name, path in existing.items()}
    foreign = [name for name in wanted if name in existing and texts[name] is None]
    if foreign:
        raise UsageError(f"{folder / foreign[0]} was not written by `modlint docs`; move it away first")
    stale = [(name, "missing" if name not in texts else "stale") for name in wanted if texts.get(name) != wanted[name]]
    gone = [name for name, text in texts.items() if whole and name not in wanted and text is not None]
    if not write:
        for name, state in stale:
            echo(f"{folder / name}: {state}", err=True)
        for name in gone:
            echo(f"{folder / name}: no such module any more", err=True)
        if stale or gone:
            echo(f"{folder}: run `modlint docs --write {folder}`", err=True)
            return EXIT_FINDINGS
        echo(f"{folder}: {len(wanted)} pages up to date", err=True)
        return EXIT_OK
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, _ in stale:
            atomic_write(folder / name, to_bytes(wanted[name]))
        for name in gone:
            (folder / name).unlink()
    except OSError as exc:
        raise UsageError(f"cannot write {folder}: {exc.strerror or exc}") from None
    echo(f"{folder}: wrote {len(stale)}, removed {len(gone)}, {len(wanted) - len(stale)} up to date", err=True)
    return EXIT_OK


def new(args: NewArguments) -> int:
    """Scaffold a module; exit 1 when the rules still report something about it (it is created anyway)."""
    from modlint.modmap.scaffold import name_problem, scaffold
    from modlint.pipeline import discover
    from modlint.reporters import module_docs

    config, _ = load(args)
    rules = config.active_rules()
    modules_root = config.settings.modules_root
    layout = discover(config.root, config.settings, rules)
    problem = name_problem(args.name, layout, config.root, modules_root, config.settings.all_excludes)
    if problem is not None:
        raise UsageError(problem)
    _refuse_index_clash([args.name], module_docs.INDEX)  # `modlint docs` could never write its page
    made = scaffold(config, rules, args.name, self_contained=args.self_contained, ui=args.ui)
    base = config.root / modules_root / args.name
    verb = "Would create" if args.dry_run else "Created"
    for rel, text in made.files.items():
        if not args.dry_run:
            _create(base / rel, text)
        echo(f"{verb} {Path(modules_root, args.name, rel).as_posix()}", err=True)
    for note in made.notes:
        echo(f"modlint: warning: {note}", err=True)
    for finding in made.findings:
        echo(f"modlint: warning: the scaffold still has {finding.code}: {finding.path}: {finding.message}", err=True)
    return EXIT_FINDINGS if made.findings else EXIT_OK


def _create(path: Path, text: str) -> None:
    """Create a file that must not exist yet (never overwrite)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{path} is in the way (a file or a link is there); nothing more was created") from None
    except OSError as exc:
        raise UsageError(f"cannot create {path}: {exc.strerror or exc}") from None


INIT_RULE_FILE = ".architecture-rules/modlint-init.yaml"


def init(project: Path | None, print_only: bool) -> int:
    """Infer, then write (never over anything) or print, then list what the inferred rules report."""
    from modlint.modmap.inference import infer
    from modlint.reporters import inferred as render

    start = project or Path(".")
    if not start.is_dir():
        raise UsageError(f"path not found: {start}")
    root = start.resolve()
    found = infer(root)
    if found is None:
        raise UsageError(f"no folder in {root} looks like a modules root (subfolders with two or more module parts)")
    table, rules = render.render_toml(found), render.render_yaml(found)
    findings = _outliers(root, table, rules)  # before anything is written: it also validates both
    if print_only:
        out(f"# pyproject.toml\n{table}\n# {INIT_RULE_FILE}\n{rules}")
    else:
        _write_init(root, table, rules)
    noun = "module" if len(found.modules) == 1 else "modules"
    echo(f"Inferred from {len(found.modules)} {noun} under {found.modules_root}; outliers:", err=True)
    for finding in findings:
        echo(f"  {finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}", err=True)
    if not findings:
        echo("  none", err=True)
    return EXIT_OK


def _write_init(root: Path, table: str, rules: str) -> None:
    """Create the rule file (never over one) and add the table to pyproject.toml when it has none."""
    from modlint.project import read_tool_table

    pyproject, rule_file = root / "pyproject.toml", root / INIT_RULE_FILE
    if rule_file.exists():
        raise UsageError(f"{rule_file} exists; move it away or use --print")
    before = _read(pyproject) if pyproject.is_file() else ""
    configured = bool(before) and bool(read_tool_table(pyproject)[1] or "[tool.modlint" in before)
    if not configured and os.path.lexists(pyproject) and not pyproject.is_file():  # before the first write
        raise UsageError(f"cannot write {pyproject}: not a regular file (a folder, a FIFO or a broken link)")
    _create(rule_file, rules)
    echo(f"Created {INIT_RULE_FILE}", err=True)
    if configured:
        echo("pyproject.toml already has [tool.modlint]; not changed. The inferred table:", err=True)
        out(table)
        return
    try:
        atomic_write(pyproject, to_bytes(_appended(before, table)))
    except OSError as exc:
        raise UsageError(f"cannot write {pyproject}: {exc.strerror or exc}") from None
    echo(f"{'Added [tool.modlint] to' if before else 'Created'} pyproject.toml", err=True)


def _appended(before: str, table: str) -> str:
    """``before`` with ``table`` appended in the file's own line endings (CRLF stays CRLF)."""
    newline = markers.newline_of(before)
    separator = "" if not before else "\n" if before.endswith(("\n", "\r")) else "\n\n"
    addition = separator + table
    return before + (addition.replace("\n", newline) if newline != "\n" else addition)


def _outliers(root: Path, table: str, rules: str) -> tuple[Finding, ...]:
    """What the inferred configuration reports on the tree, read from scratch copies of the table and
    the rule file; one that does not validate is an error before anything is written."""
    import json
    import tempfile

    from modlint.config.loading import load_config
    from modlint.errors import ConfigError
    from modlint.pipeline import check

    with tempfile.TemporaryDirectory(prefix="modlint-init-") as scratch:
        config_file, rule_copy = Path(scratch) / "pyproject.toml", Path(scratch) / "rules.yaml"
        rule_copy.write_text(rules, encoding="utf-8")
        extra = f"rule-files = [{json.dumps(str(rule_copy))}]\n"
        config_file.write_text(table.replace("[tool.modlint]\n", "[tool.modlint]\n" + extra, 1), encoding="utf-8")
        try:
            return check(load_config(root, config_file)).findings
        except ConfigError as exc:
            problem = exc.problems[0]
            if not problem.file.startswith(scratch):  # the project's own rule file: say which and why
                raise UsageError(f"{problem}; nothing was written") from None
            where = f" ({problem.field})" if problem.field else ""
            raise UsageError(
                f"the inferred configuration does not validate{where}: {problem.message}; nothing was written"
            ) from None


def schema(settings: bool, show_path: bool) -> int:
    """Print the shipped schema file (or its path): no validation machinery is imported for it."""
    from modlint import schemas

    shipped = schemas.SETTINGS if settings else schemas.RULES
    out(f"{shipped}\n" if show_path else _read(shipped))
    return EXIT_OK


def _generated_text(path: Path, marker: str) -> str | None:
    """A page's text with LF line endings and no BOM, when it is a generated page (starts with
    ``marker``); None for any other file (hand-written, not even UTF-8, or no regular file: a FIFO
    would block the read)."""
    try:
        text = read_source(path).decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None
    text = text.replace("\r\n", "\n")
    return text if text.startswith(marker) else None


def _read(path: Path) -> str:
    """A committed file's text; a missing, undecodable or non-regular file (a FIFO would block the
    read) is a usage error."""
    try:
        return read_source(path).decode("utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read {path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _region_text(path: Path, name: str) -> tuple[str, str]:
    """The file's text and its generated part; bad markers are a usage error naming the file."""
    text = _read(path)
    try:
        return text, markers.generated(text, name)
    except ValueError as exc:
        raise UsageError(f"{path} {exc}") from None


def _judged(path: Path, same: bool, name: str) -> int:
    if same:
        echo(f"{path}: the {name} part is up to date", err=True)
        return EXIT_OK
    echo(f"{path}: the {name} part is stale; run `modlint {name} --write {path}`", err=True)
    return EXIT_FINDINGS


def _written(path: Path, name: str, content: str, same: Callable[[str, str], bool]) -> int:
    """Replace the generated part of ``path`` (atomically), unless ``same`` says it already holds
    ``content``: what ``--check`` calls current, ``--write`` leaves untouched."""
    text, current = _region_text(path, name)
    updated = markers.replaced(text, name, content)
    if updated == text or same(current, content):
        echo(f"{path}: the {name} part is up to date", err=True)
        return EXIT_OK
    try:
        atomic_write(path, to_bytes(updated))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    echo(f"Updated the {name} part of {path}", err=True)
    return EXIT_OK


def _colour() -> bool:
    """Colour only on a terminal, and never under ``NO_COLOR``."""
    return sys.stdout is not None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def out(text: str) -> None:
    """Write to standard output, as the check command does."""
    write_out(text, nl=False)
