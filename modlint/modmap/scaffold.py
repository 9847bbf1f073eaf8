"""``modlint new NAME``: a module scaffold that passes the project's active rules.

The scaffold is not a fixed template: it starts from the module's ``__init__.py`` and its definition
(in the configured form, importing what the other modules' definitions import), then checks itself
with the project's own active rules in a scratch folder and adds what they ask for, until they ask
for nothing more: each path a rule requires (``required_paths``), each package marker a fix would
create (``package_markers``). A required folder becomes a package when most of the modules that
have it made it one, else it holds a ``.gitkeep``. Whatever the rules still report is returned, so
a team's own conventions either scaffold too or are named.
"""

from __future__ import annotations

import ast
import fnmatch
import keyword
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from modlint.checks import Rule, patterns
from modlint.checks.exports import Exports
from modlint.config.loading import ProjectConfig
from modlint.findings import Finding
from modlint.layout import PACKAGE_MARKER, DefinitionSpec, Layout, Module, excluded, module_key
from modlint.modmap.sources import parsed
from modlint.pipeline import check, discover
from modlint.values import Value, replace

MAX_ROUNDS = 12
MAX_NAME = 64
PLACEHOLDER = ".gitkeep"
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Scaffold(Value):
    """The module-relative files to create (text), and the findings the rules still report on them."""

    files: Mapping[str, str]
    findings: tuple[Finding, ...]
    #: What the scaffold could not know (where the definition's base class comes from).
    notes: tuple[str, ...] = ()


def name_problem(name: str, layout: Layout, root: Path, modules_root: str, exclude: Sequence[str] = ()) -> str | None:
    """Why ``name`` cannot be a new module, else None: not a lowercase identifier, taken (also as
    ``gift-cards`` for ``gift_cards``: the runtime reads the two as one name), or a name ``exclude``
    removes (the module would never be checked, listed or discovered)."""
    if not NAME.match(name) or not name.isidentifier() or keyword.iskeyword(name) or len(name) > MAX_NAME:
        return (
            f"module name {name[:80]!r} must be a lowercase Python identifier (not a keyword, at most "
            f"{MAX_NAME} characters) such as 'billing' or 'order_history'"
        )
    for taken in (name, f"{name}.py"):
        if (root / modules_root / taken).exists() or (taken == name and layout.module(name) is not None):
            return f"{modules_root}/{taken} already exists"
    alike = next((m.name for m in layout.modules if module_key(m.name) == name), None)
    if alike is not None:
        return f"{modules_root}/{alike} already exists (module names compare with '-' read as '_')"
    if excluded(root, exclude, f"{modules_root}/{name}"):
        return f"{modules_root}/{name} is excluded (see exclude in [tool.modlint]): modlint would never check it"
    return None


def scaffold(config: ProjectConfig, rules: Sequence[Rule], name: str, *, self_contained: bool, ui: bool) -> Scaffold:
    """The files of a new module ``name`` and what the active rules still say about them."""
    peers = discover(config.root, config.settings, rules).modules
    files = {PACKAGE_MARKER: f'"""The {name} module."""\n', **_definition(config, peers, name, self_contained)}
    if ui:
        files.update(_ui_files(peers, name))
    findings: tuple[Finding, ...] = ()
    examples, tried = _Peers(config.root, peers), dict[tuple[str, str], tuple[int, str]]()
    for _ in range(MAX_ROUNDS):
        findings = _checked(config, rules, name, files)
        added = _asked_for(findings, peers, name, config.settings.modules_root, files)
        bound = _bindings(findings, rules, examples, name, config.settings.modules_root, files, tried)
        if not added and not bound:
            break
        files.update(added)
    return Scaffold(dict(sorted(files.items())), findings, _notes(config, peers))


def _checked(config: ProjectConfig, rules: Sequence[Rule], name: str, files: Mapping[str, str]) -> tuple[Finding, ...]:
    """The active rules' findings on the scaffold, alone in a scratch copy of the modules root."""
    with tempfile.TemporaryDirectory(prefix="modlint-new-") as scratch:
        base = Path(scratch) / config.settings.modules_root / name
        for rel, text in files.items():
            (base / rel).parent.mkdir(parents=True, exist_ok=True)
            (base / rel).write_text(text, encoding="utf-8")
        report = check(replace(config, root=Path(scratch)), rules)
    return tuple(f for f in report.findings if f.module == name)


def _asked_for(
    findings: Sequence[Finding], peers: Sequence[Module], name: str, modules_root: str, files: Mapping[str, str]
) -> dict[str, str]:
    """Files that answer findings: a missing path, a missing package marker."""
    prefix = f"{modules_root}/{name}/"
    added: dict[str, str] = {}
    for finding in findings:
        wanted = finding.fix.create if finding.fix is not None else finding.subject
        if wanted is None or not wanted.startswith(prefix):
            continue
        rel = wanted[len(prefix) :]
        is_folder = finding.fix is None and rel.endswith("/")  # a required path's subject keeps its `/`
        for path, text in _folder(peers, rel, name) if is_folder else [(rel, _content(rel, name))]:
            if path not in files:
                added[path] = text
    return added


def _bindings(
    findings: Sequence[Finding],
    rules: Sequence[Rule],
    peers: _Peers,
    name: str,
    modules_root: str,
    files: dict[str, str],
    tried: dict[tuple[str, str], tuple[int, str]],
) -> bool:
    """Extend ``files`` with the top-level names an ``exports`` rule asks for, bound as a peer module
    binds them in the same file (its name replaced by ``name``), with the imports that needs. A
    binding the rule still rejects (the peer breaks the rule too) is replaced by the next peer's."""
    prefix = f"{modules_root}/{name}/"
    by_id = {rule.id: rule for rule in rules}
    changed = False
    for finding in findings:
        rule = by_id.get(finding.rule_id)
        if not isinstance(rule, Exports) or not finding.path.startswith(prefix):
            continue
        rel = finding.path[len(prefix) :]
        start, original = tried.get((rel, rule.id), (0, files.get(rel, "")))
        wanted = [patterns.expand(pattern, name) for pattern in rule.names]
        index, found = peers.binding(rel, wanted, name, start)
        files[rel] = original
        if not found:
            continue
        tried[(rel, rule.id)] = (index + 1, original)
        for path, text in found.items():
            files[path] = _joined(original if path == rel else files.get(path, ""), text)
        changed = True
    return changed


def _joined(current: str, addition: str) -> str:
    """``addition`` (imports, blank line, statement) appended to a file's text."""
    if not current.strip():
        return addition
    return current.rstrip("\n") + "\n\n" + addition


class _Peers:
    """The other modules' files, read on demand, as examples of the team's conventions."""

    def __init__(self, root: Path, modules: Sequence[Module]) -> None:
        self.root = root
        self.modules = sorted(modules, key=lambda m: m.name)

    def binding(
        self, rel: str, wanted: Sequence[str], name: str, start: int = 0, depth: int = 0
    ) -> tuple[int, dict[str, str]]:
        """The index of the first peer from ``start`` on that binds one of ``wanted`` in ``rel``, and
        ``{rel: text}`` binding it that way, plus a sibling file when the peer re-exports it
        (``from .orders import orders_router``); ``{}`` when no peer does."""
        for index, peer in enumerate(self.modules[start:], start):
            found = None
            for candidate in _variants(rel, name, peer.name):
                found = found or self._statement(peer, candidate, wanted, name)
            if found is None:
                continue
            statement, imports, sibling = found
            extra: dict[str, str] = {}
            if sibling is not None and depth < 2:
                sibling_rel, sibling_names = sibling
                extra = self.binding(sibling_rel, sibling_names, name, 0, depth + 1)[1]
                if not extra:
                    continue
            header = "".join(f"{line}\n" for line in imports)
            return index, {rel: (header + "\n\n" if header else "") + statement + "\n", **extra}
        return len(self.modules), {}

    def _statement(
        self, peer: Module, rel: str, wanted: Sequence[str], name: str
    ) -> tuple[str, list[str], tuple[str, list[str]] | None] | None:
        found = parsed(self.root / peer.project_path(rel)) if rel in peer.file_set else None
        if found is None:
            return None
        source, tree = found
        for node in tree.body:
            bound = _bound_names(node)
            renamed = [_renamed(b, peer.name, name) for b in bound]
            if not any(fnmatch.fnmatchcase(b, pattern) for b in renamed for pattern in wanted):
                continue
            text = _renamed(ast.get_source_segment(source, node) or "", peer.name, name)
            imports = [_renamed(ast.get_source_segment(source, s) or "", peer.name, name) for s in _needed(tree, node)]
            sibling = None
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                folder = rel.rpartition("/")[0]
                target = f"{folder}/{node.module.replace('.', '/')}.py" if folder else f"{node.module}.py"
                sibling = (_renamed(target, peer.name, name), renamed)
            return text, imports, sibling
        return None


def _needed(tree: ast.Module, node: ast.stmt) -> list[ast.stmt]:
    """The top-level statements before ``node`` that bind a name it uses, and those their values
    use in turn, in file order: the imports and the constants (``TEMPLATES = "../templates"``) a
    copied statement needs to run."""
    wanted = _used(node)
    picked: list[ast.stmt] = []
    for other in reversed(tree.body[: tree.body.index(node)]):
        if (
            isinstance(other, (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign))
            and set(_bound_names(other)) & wanted
        ):
            picked.append(other)
            wanted |= _used(other)
    return picked[::-1]


def _used(node: ast.stmt) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _bound_names(node: ast.stmt) -> list[str]:
    """The top-level names a statement binds."""
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(alias.asname or alias.name).partition(".")[0] for alias in node.names]
    if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return [node.name]
    return []


def _folder(peers: Sequence[Module], rel: str, name: str) -> list[tuple[str, str]]:
    """A required folder: a package when most peers that have it made it one, else a placeholder."""
    folder = rel.rstrip("/")
    having = [m for m in peers if m.has_dir(folder)]
    packaged = sum(1 for m in having if f"{folder}/{PACKAGE_MARKER}" in m.file_set)
    if (having and packaged * 2 >= len(having)) or (not having and "." not in folder.rpartition("/")[2]):
        if not having and folder.partition("/")[0] in ("templates", "static", "locales", "migrations"):
            return [(f"{folder}/{PLACEHOLDER}", "")]
        return [(f"{folder}/{PACKAGE_MARKER}", "")]
    return [(f"{folder}/{PLACEHOLDER}", "")]


_EXCEPTIONS = '''"""Errors of the {name} module."""


class {title}Error(Exception):
    """Base of the module's errors."""
'''
_CONFIG = '''"""Settings of the {name} module."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class {title}Config(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="{prefix}_")


config = {title}Config()
'''
_PAGES = '''"""Pages of the {name} module."""

from fastapi import APIRouter

router = APIRouter(prefix="/{name}")
'''


def _content(rel: str, name: str) -> str:
    """A new file's text: what the file is for, in its own words."""
    base = rel.rpartition("/")[2]
    values = {"name": name, "title": _title(name), "prefix": name.upper()}
    if base == "exceptions.py":
        return _EXCEPTIONS.format(**values)
    if base == "config.py":
        return _CONFIG.format(**values)
    if base.endswith(".py"):
        return "" if base == PACKAGE_MARKER else f'"""{rel} of the {name} module."""\n'
    return ""


def _ui_files(peers: Sequence[Module], name: str) -> dict[str, str]:
    """A page route in the shape most UI modules use (``routes/pages/`` package or ``routes/pages.py``)."""
    flat = sum(1 for m in peers if "routes/pages.py" in m.file_set)
    packaged = sum(1 for m in peers if m.has_dir("routes/pages"))
    router = (
        f'"""Pages of the {name} module."""\n\nfrom fastapi import APIRouter\n\nrouter = APIRouter(prefix="/{name}")\n'
    )
    if flat > packaged:
        return {"routes/pages.py": f'"""Pages of the {name} module."""\n', f"templates/{name}/{PLACEHOLDER}": ""}
    return {
        "routes/__init__.py": "",
        "routes/pages/__init__.py": "",
        f"routes/pages/{name}.py": router,
        f"templates/{name}/{PLACEHOLDER}": "",
        f"static/{PLACEHOLDER}": "",
    }


def _title(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _definition(config: ProjectConfig, peers: Sequence[Module], name: str, self_contained: bool) -> dict[str, str]:
    """The definition file in the configured form, with the imports the peers' definitions use."""
    spec = config.settings.definition
    convention = _peer_convention(config.root, peers, spec)
    imports, call, variable = convention or _fallback(spec)
    label = " ".join(part.capitalize() for part in name.split("_"))
    defaults = {"name": label, "requires": [], "is_self_contained": self_contained}
    facts = {spec.code_key: name, **{k: v for k, v in defaults.items() if k != spec.code_key}}
    header = f'"""How the app sees the {name} module."""\n\n' + "".join(f"{line}\n" for line in imports)
    header += "\n" if imports else ""
    if spec.form == "dict":
        body = f"{spec.name} = {{\n" + "".join(f'    "{k}": {_literal(v)},\n' for k, v in facts.items()) + "}\n"
    elif spec.form == "class":
        base = spec.bases[0].rpartition(".")[2] if spec.bases else "object"
        lines = "".join(f"    {k} = {_literal(v)}\n" for k, v in facts.items())
        body = f"\nclass {_title(name)}Module({base}):\n{lines}"
    else:
        lines = "".join(f"    {k}={_literal(v)},\n" for k, v in facts.items())
        body = f"{variable.replace('{name}', name)} = {call or 'ModuleDefinition'}(\n{lines})\n"
    return {spec.file: header + body}


def _notes(config: ProjectConfig, peers: Sequence[Module]) -> tuple[str, ...]:
    spec = config.settings.definition
    if spec.form != "class" or _peer_convention(config.root, peers, spec) is not None:
        return ()
    if spec.bases and "." in spec.bases[0]:
        return ()
    base = spec.bases[0] if spec.bases else "object"
    return (f"no other module shows where {base} comes from: import it in {spec.file}",)


def _fallback(spec: DefinitionSpec) -> tuple[list[str], str, str]:
    """Imports when no other module shows them: the runtime's ``ModuleDefinition`` (form call), the
    configured base when it is dotted (form class), nothing for a dict."""
    if spec.form == "call":
        return ["from modlint.runtime import ModuleDefinition"], "ModuleDefinition", "{name}_module"
    if spec.form == "class" and spec.bases and "." in spec.bases[0]:
        module, _, base = spec.bases[0].rpartition(".")
        return [f"from {module} import {base}"], "", ""
    return [], "", ""


def _literal(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    return "[]" if value == [] else repr(value)


def _peer_convention(root: Path, peers: Sequence[Module], spec: DefinitionSpec) -> tuple[list[str], str, str] | None:
    """How the first peer whose definition file parses writes its definition: the imports the
    definition statement uses, the called name (form call) and the variable; None when no peer
    shows it."""
    for module in sorted(peers, key=lambda m: m.name):
        found = parsed(root / module.project_path(spec.file)) if spec.file in module.file_set else None
        if found is None:
            continue
        source, tree = found
        statement = next((node for node in tree.body if _declares(node, spec)), None)
        if statement is None:
            continue
        call, variable = "", "{name}_module"
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            call = ast.get_source_segment(source, statement.value.func) or ""
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                variable = _renamed(target.id, module.name, "{name}")
        imports = _imports_used(source, tree, statement)
        return imports, call, variable
    return None


def _declares(node: ast.stmt, spec: DefinitionSpec) -> bool:
    """Whether a top-level statement is the module definition in the configured form."""
    if spec.form == "class":
        if not isinstance(node, ast.ClassDef):
            return False
        wanted = {base.rpartition(".")[2] for base in spec.bases}
        return any(ast.unparse(base).rpartition(".")[2] in wanted for base in node.bases)
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
        return False
    if spec.form == "dict":
        return isinstance(node.value, ast.Dict)
    return isinstance(node.value, ast.Call) and any(k.arg == spec.code_key for k in node.value.keywords)


def _imports_used(source: str, tree: ast.Module, statement: ast.stmt) -> list[str]:
    """The top-level imports binding a name the statement uses (its call, its bases)."""
    used = {n.id for n in ast.walk(statement) if isinstance(n, ast.Name)}
    return [
        ast.get_source_segment(source, node) or ""
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom)) and set(_bound_names(node)) & used
    ]


def _variants(rel: str, name: str, peer: str) -> list[str]:
    """Where a peer keeps what the new module keeps at ``rel``: the same path first (``routes/`` is no
    module name even in a module called ``routes``), then with each occurrence of the name, and all
    of them, replaced by the peer's."""
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])")
    spans = [m.span() for m in pattern.finditer(rel)]
    singles = [rel[:a] + peer + rel[b:] for a, b in spans]
    return list(dict.fromkeys([rel, *singles, _renamed(rel, name, peer)]))


def _renamed(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced where it stands as a name of its own (not inside a longer word:
    a module named ``e`` must not rewrite ``except``), letters and digits counting as word characters."""
    return re.sub(rf"(?<![A-Za-z0-9]){re.escape(old)}(?![A-Za-z0-9])", new.replace("\\", "\\\\"), text)
