"""``modlint init``: a starter configuration inferred from an existing tree.

What is inferred, each from what most modules do (never from one module):

- the modules root: the folder with the most children that look like modules (two or more of the
  usual module parts), the shallowest on a tie; the source root above it (the first folder up
  that is no package);
- the definition: the file most modules have among ``definition.py``/``manifest.py``/``module.py``,
  and its form (a call with a ``code`` keyword, a dict literal, or a class);
- ``INIT-001 module-layout`` (``required_paths``): the files and folders at least 60% of the
  modules (and two or more) have;
- route files (MOD-010 override): where modules bind routers (a call of something named
  ``*Router`` or ``Blueprint``), the names they bind with the module's name as ``{module}``, and the
  call most of them use;
- migration file names (MOD-014 override) when most of them follow another of the usual shapes, and
  MOD-015 switched off when most version folders are no packages (Alembic needs none).

Everything else keeps the shipped rules' defaults; the modules that break the inferred rules are the
outliers ``modlint init`` lists (by running them).
"""

from __future__ import annotations

import ast
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from modlint.layout import DEFAULT_EXCLUDE, Module, discover_layout
from modlint.modmap.sources import parsed
from modlint.values import Value, field

PARTS = frozenset(
    {
        "definition.py", "manifest.py", "module.py", "config.py", "exceptions.py", "router.py", "routes.py",
        "service.py", "services", "models", "models.py", "schemas", "schemas.py", "routes", "templates",
        "static", "migrations", "tasks", "locales", "api.py", "views.py",
    }
)  # fmt: skip
DEFINITION_FILES = ("definition.py", "manifest.py", "module.py")
ROUTE_FILES = ("router.py", "routes.py", "api.py", "views.py", "routes/*.py", "routes/api/*.py", "routes/pages/*.py")
MAJORITY = 0.6
_SHAPES = {
    "module": (r"^{module}_[0-9]+_[a-z0-9]+(?:_[a-z0-9]+)*\.py$", "{module}_{seq}_{desc}.py"),
    "abbr": (r"^[a-z]{2,4}_[0-9]{<digits>}_[a-z0-9]+(?:_[a-z0-9]+)*\.py$", "{abbr}_{seq}_{desc}.py"),
    "rev": (r"^[0-9a-f]{12}_[a-z0-9]+(?:_[a-z0-9]+)*\.py$", "{rev}_{desc}.py"),
}


class Inferred(Value):
    """What ``init`` found: settings (kebab keys, non-default only) and rules (YAML-ready dicts)."""

    modules_root: str
    modules: tuple[str, ...]
    settings: dict[str, object] = field(default_factory=dict)
    definition: dict[str, object] = field(default_factory=dict)
    rules: tuple[dict[str, object], ...] = ()


def modules_root(root: Path, max_depth: int = 5) -> str | None:
    """The project-relative folder whose children look most like modules (None: no such folder)."""
    best: tuple[int, int, str] | None = None
    for folder, dirs, _ in os.walk(root):
        rel = Path(folder).relative_to(root)
        dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDE and not d.startswith("."))
        if len(rel.parts) >= max_depth:
            dirs[:] = []
        score = sum(1 for d in dirs if not d.startswith("_") and _looks_like_module(Path(folder) / d))
        key = (score, -len(rel.parts), rel.as_posix())
        if score >= 2 and (best is None or key[:2] > best[:2]):
            best = key
    return best[2] if best else None


def _looks_like_module(folder: Path) -> bool:
    try:
        names = {entry.name for entry in os.scandir(folder)}
    except OSError:
        return False
    return len(names & PARTS) >= 2


def source_root(root: Path, modules: str) -> str:
    """The first folder above the modules root that is no package: where imports start."""
    parts = modules.split("/")
    while parts and (root.joinpath(*parts) / "__init__.py").is_file():
        parts.pop()
    return "/".join(parts) or "."


def infer(root: Path) -> Inferred | None:
    """The inferred configuration of the project at ``root`` (None: no modules root found)."""
    found = modules_root(root)
    if found is None:
        return None
    source = source_root(root, found)
    layout = discover_layout(root, found, source_roots=(source,))
    modules = layout.modules
    settings: dict[str, object] = {}
    if found != "app/modules":
        settings["modules-root"] = found
    if source != ".":
        settings["source-roots"] = [source]
    definition = _definition(root, modules)
    definition_file = str(definition.get("file", "definition.py"))
    contained = [m for m in modules if _self_contained(root / m.project_path(definition_file))]
    rules = [r for r in (_layout_rule(modules, definition_file), _contained_rule(contained)) if r]
    rules += _route_rules(root, modules) + _migration_rules(modules)
    return Inferred(found, tuple(m.name for m in modules), settings, definition, tuple(rules))


def _majority(count: int, total: int) -> bool:
    return count >= max(2, math.ceil(MAJORITY * total))


def _definition(root: Path, modules: Sequence[Module]) -> dict[str, object]:
    """``[tool.modlint.definition]`` (non-default keys) from the definition file most modules have."""
    counts = Counter(name for m in modules for name in DEFINITION_FILES if name in m.file_set)
    if not counts:
        return {}
    file = counts.most_common(1)[0][0]
    table: dict[str, object] = {} if file == "definition.py" else {"file": file}
    for module in sorted(modules, key=lambda m: m.name):
        if file in module.file_set:
            form = _form(root / module.project_path(file))
            if form is not None:
                return {**table, **form}
    return table


def _form(path: Path) -> dict[str, object] | None:
    found = parsed(path)
    if found is None:
        return None
    for node in found[1].body:
        call = node.value if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) else None
        if call is not None and any(k.arg == "code" for k in call.keywords):
            return {}
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            keys = [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
            target = node.targets[0]
            if "code" in keys and isinstance(target, ast.Name):
                return {"form": "dict", "name": target.id}
        if isinstance(node, ast.ClassDef) and node.bases:
            assigned = {
                t.id for s in node.body if isinstance(s, ast.Assign) for t in s.targets if isinstance(t, ast.Name)
            }
            if "code" in assigned:
                return {"form": "class", "bases": [name for b in node.bases if (name := _base(b))]}
    return None


def _base(node: ast.expr) -> str:
    """A base class as a dotted name (``BaseModule[int]`` is ``BaseModule``); empty when it is none."""
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        owner = _base(node.value)
        return f"{owner}.{node.attr}" if owner else ""
    return ""


def _layout_rule(modules: Sequence[Module], definition_file: str) -> dict[str, object] | None:
    """``required_paths`` for what most modules have (depth 1, and ``routes/`` subfolders)."""
    counts: Counter[str] = Counter()
    for module in modules:
        entries = {f for f in module.files if "/" not in f} | {f"{d}/" for d in module.dirs if "/" not in d}
        entries |= {f"{d}/" for d in module.dirs if d.startswith("routes/") and d.count("/") == 1}
        counts.update(e for e in entries if e not in (definition_file, "__pycache__/") and not e.endswith(".pyc"))
    paths = sorted(p for p, n in counts.items() if _majority(n, len(modules)))
    if not paths:
        return None
    return {
        "id": "INIT-001",
        "name": "module-layout",
        "severity": "warning",
        "check": "required_paths",
        "paths": paths,
        "description": "Every module has what most modules had when `modlint init` looked (the majority layout).\n",
    }


#: The layers MOD-001 asks a self-contained module for, in the shapes layouts give them.
LAYERS = frozenset(
    {"services/", "models/", "schemas/", "routes/", "routes/api/", "routes/pages/", "service.py", "models.py",
     "schemas.py", "router.py", "routes.py", "api.py", "views.py"}
)  # fmt: skip
SHIPPED_LAYERS = ["models/", "routes/", "routes/api/", "schemas/", "services/"]


def _self_contained(path: Path) -> bool:
    """Whether a definition file says ``is_self_contained`` is true (as a keyword, key or attribute)."""
    found = parsed(path)
    if found is None:
        return False
    for node in ast.walk(found[1]):
        if isinstance(node, ast.keyword) and node.arg == "is_self_contained":
            return isinstance(node.value, ast.Constant) and node.value.value is True
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "is_self_contained":
                    return isinstance(value, ast.Constant) and value.value is True
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "is_self_contained" for t in node.targets
        ):
            return isinstance(node.value, ast.Constant) and node.value.value is True
    return False


def _contained_rule(modules: Sequence[Module]) -> dict[str, object] | None:
    """A MOD-001 override with the layers most self-contained modules have, when they differ from
    the shipped ones."""
    if len(modules) < 2:
        return None
    counts: Counter[str] = Counter()
    for module in modules:
        entries = {f for f in module.files if "/" not in f} | {f"{d}/" for d in module.dirs}
        counts.update(entries & LAYERS)
    paths = sorted(p for p, n in counts.items() if _majority(n, len(modules)))
    if not paths or paths == SHIPPED_LAYERS:
        return None
    return {"id": "MOD-001", "paths": paths}


def _route_rules(root: Path, modules: Sequence[Module]) -> list[dict[str, object]]:
    """A MOD-010 override when modules bind routers elsewhere, or by other names, than its defaults."""
    files: Counter[str] = Counter()
    names: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    for module in modules:
        for rel in module.python_files():
            pattern = next((p for p in ROUTE_FILES if _matches(rel, p)), None)
            if pattern is None or rel.endswith("__init__.py"):
                continue
            for name, call in _routers(root / module.project_path(rel)):
                files[pattern] += 1
                names[_generalised(name, module.name, rel)] += 1
                calls[call] += 1
    if not files:
        return []
    total = sum(files.values())
    chosen_files = sorted(p for p, n in files.items() if n * 10 >= total)
    chosen_names = sorted(n for n, c in names.items() if c * 10 >= total)
    rule: dict[str, object] = {"id": "MOD-010", "files": [*chosen_files, "!**/__init__.py"], "names": chosen_names}
    call, count = calls.most_common(1)[0]
    if count * 3 >= total * 2:
        rule["value"] = {"call": [call]}
    default = chosen_files == ["routes/api/*.py", "routes/pages/*.py"] and chosen_names == ["router"]
    return [] if default and "value" not in rule else [rule]


def _matches(rel: str, pattern: str) -> bool:
    folder, _, name = pattern.rpartition("/")
    rel_folder, _, rel_name = rel.rpartition("/")
    return folder == rel_folder and (name == rel_name or (name == "*.py" and rel_name.endswith(".py")))


def _routers(path: Path) -> Iterable[tuple[str, str]]:
    """Top-level names bound to a call of something named ``*Router`` or ``Blueprint``."""
    source = parsed(path)
    if source is None:
        return []
    found = []
    for node in source[1].body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            call = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if call.endswith("Router") or call == "Blueprint":
                found += [(t.id, call) for t in node.targets if isinstance(t, ast.Name)]
    return found


def _generalised(name: str, module: str, rel: str) -> str:
    """A router name as a pattern: the module's name becomes ``{module}``, the file's stem ``*``."""
    stem = rel.rpartition("/")[2].removesuffix(".py")
    if stem and name.startswith(stem + "_") and stem not in ("api", "pages", "router", "routes", "views"):
        return "*" + name[len(stem) :]
    return name.replace(module, "{module}") if module in name else name


def _migration_rules(modules: Sequence[Module]) -> list[dict[str, object]]:
    """MOD-014 with the shape most version files follow; MOD-015 off when most version folders are
    no packages."""
    rules: list[dict[str, object]] = []
    versions = [(m, f.rpartition("/")[2]) for m in modules for f in m.python_files_in("migrations/versions")]
    versions = [(m, name) for m, name in versions if name != "__init__.py"]
    if versions:
        digits = Counter(len(match.group(1)) for _, n in versions if (match := re.match(r"^[a-z]+_([0-9]+)_", n)))
        width = digits.most_common(1)[0][0] if digits else 3
        scores = {shape: sum(1 for m, n in versions if _shape_matches(shape, n, m.name, width)) for shape in _SHAPES}
        best = max(scores, key=lambda s: scores[s])
        if best != "module" and scores[best] > scores["module"]:
            rule: dict[str, object] = {"id": "MOD-014", "pattern": _SHAPES[best][1]}
            if best == "abbr":
                rule["placeholders"] = {"abbr": "[a-z]{2,4}", "seq": f"[0-9]{{{width}}}"}
            else:
                rule.update(placeholders={"rev": "[0-9a-f]{12}"}, unique=["rev"])
            rules.append(rule)
    folders = [m for m in modules if m.has_dir("migrations/versions")]
    packaged = sum(1 for m in folders if "migrations/versions/__init__.py" in m.file_set)
    if folders and packaged * 2 < len(folders):
        rules.append({"id": "MOD-015", "enabled": False})
    return rules


def _shape_matches(shape: str, name: str, module: str, width: int) -> bool:
    regex = _SHAPES[shape][0].replace("{module}", re.escape(module)).replace("<digits>", str(width))
    return re.match(regex, name) is not None
