"""What a module's files declare for its documentation page (``modlint docs``), read with ``ast``
and never run: HTTP routes from decorators, settings classes with their fields and environment
variables, and ORM tables.

Routes: ``@<router>.<method>("/path")`` (FastAPI's get/post/put/patch/delete/head/options/trace,
``api_route`` and ``websocket``; Flask's ``route`` with ``methods=[...]`` and its get/post/...
shortcuts), where ``<router>`` is a top-level name bound to a call; the call's ``prefix`` or
``url_prefix`` keyword is put in front of the path (plain or annotated assignment). Settings: a
class whose ``model_config`` (plain or annotated) is a call with an ``env_prefix`` keyword or a dict
literal with an ``env_prefix`` key (pydantic-settings), or that has an inner ``class Config`` with
``env_prefix`` (pydantic 1), or that subclasses ``BaseSettings`` or a settings class of the same
file (whose ``env_prefix`` it inherits). A field's variable is its ``Field`` alias when it has one.
Tables: a class with a literal ``__tablename__``.
"""

from __future__ import annotations

import ast

from modlint.values import Value

_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")


class Route(Value):
    """One route: HTTP methods (``WS`` for a websocket), full path, handler and its line."""

    methods: tuple[str, ...]
    path: str
    handler: str
    line: int


class SettingsField(Value):
    """One field of a settings class, with the environment variable that sets it."""

    name: str
    annotation: str
    default: str | None
    variable: str


class SettingsClass(Value):
    """A settings class and its fields (``env_prefix`` as written; empty when none is)."""

    name: str
    env_prefix: str
    fields: tuple[SettingsField, ...]
    line: int


class Table(Value):
    """An ORM model class and the table it maps."""

    model: str
    table: str
    line: int


class Outline(Value):
    """Everything documented about one file."""

    routes: tuple[Route, ...] = ()
    settings: tuple[SettingsClass, ...] = ()
    tables: tuple[Table, ...] = ()


def outline(source: str) -> Outline:
    """The outline of a Python source (empty when it does not parse: MOD-000 reports that)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Outline()
    prefixes = _router_prefixes(tree)
    routes: list[Route] = []
    settings: dict[str, SettingsClass] = {}
    tables: list[Table] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            routes += _routes(node, prefixes)
        elif isinstance(node, ast.ClassDef):
            found = _settings(node, source, settings)
            if found is not None:
                settings[node.name] = found
            table = _literal_assignment(node, "__tablename__")
            if isinstance(table, str):
                tables.append(Table(node.name, table, node.lineno))
    return Outline(tuple(routes), tuple(settings.values()), tuple(tables))


def _router_prefixes(tree: ast.Module) -> dict[str, str]:
    """Top-level names bound to a call (``router = APIRouter(...)``, or annotated: ``router: APIRouter =
    APIRouter(...)``), with the call's ``prefix``/``url_prefix`` (``""`` if none)."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call):
            prefix = _keyword(node.value, "prefix", "url_prefix")
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    found[target.id] = prefix if isinstance(prefix, str) else ""
    return found


def _routes(function: ast.FunctionDef | ast.AsyncFunctionDef, prefixes: dict[str, str]) -> list[Route]:
    routes = []
    for decorator in function.decorator_list:
        if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
            continue
        owner, verb = decorator.func.value, decorator.func.attr
        if not (isinstance(owner, ast.Name) and owner.id in prefixes):
            continue
        path = decorator.args[0] if decorator.args else None
        path_value = path.value if isinstance(path, ast.Constant) else _keyword(decorator, "path", "rule")
        if not isinstance(path_value, str):
            continue
        methods = _methods(decorator, verb)
        if methods:
            routes.append(Route(methods, prefixes[owner.id] + path_value, function.name, function.lineno))
    return routes


def _methods(decorator: ast.Call, verb: str) -> tuple[str, ...]:
    if verb in _METHODS:
        return (verb.upper(),)
    if verb == "websocket":
        return ("WS",)
    if verb in ("route", "api_route"):
        listed = _keyword(decorator, "methods")
        if isinstance(listed, (set, frozenset)):  # Flask takes any iterable; a set has no order of its own
            listed = sorted(m.upper() for m in listed if isinstance(m, str))
        if isinstance(listed, (list, tuple)) and all(isinstance(m, str) for m in listed):
            return tuple(str(m).upper() for m in listed)
        return ("GET",) if verb == "route" else ("ANY",)
    return ()


def _settings(node: ast.ClassDef, source: str, known: dict[str, SettingsClass]) -> SettingsClass | None:
    """A settings class: its own ``env_prefix``, else that of the settings class it extends in the
    same file (pydantic inherits ``model_config``), with its own annotated fields."""
    inherited = [known[name] for base in node.bases if (name := _base_name(base)) in known]
    prefix = _env_prefix(node)
    if prefix is None and not inherited and not any(_base_name(base) == "BaseSettings" for base in node.bases):
        return None
    if prefix is None and inherited:
        prefix = inherited[0].env_prefix
    env_prefix = prefix if isinstance(prefix, str) else ""
    fields = []
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            name = statement.target.id
            if name == "model_config" or name.startswith("_"):
                continue
            annotation = ast.get_source_segment(source, statement.annotation) or ""
            default = ast.get_source_segment(source, statement.value) if statement.value is not None else None
            fields.append(SettingsField(name, annotation, default, _variable(statement.value, name, env_prefix)))
    return SettingsClass(node.name, env_prefix, tuple(fields), node.lineno)


def _env_prefix(node: ast.ClassDef) -> object:
    """What a class body sets ``env_prefix`` to: ``model_config`` as a call (``SettingsConfigDict(...)``)
    or a dict literal, plain or annotated, or pydantic 1's inner ``class Config``; None when unset."""
    prefix: object = None
    for statement in node.body:
        value = _assigned(statement, "model_config")
        if isinstance(value, ast.Call):
            prefix = _keyword(value, "env_prefix")
        elif isinstance(value, ast.Dict):
            config = _literal(value)
            prefix = config.get("env_prefix") if isinstance(config, dict) else None
        elif isinstance(statement, ast.ClassDef) and statement.name == "Config":
            prefix = _literal_assignment(statement, "env_prefix")
    return prefix


def _assigned(statement: ast.stmt, name: str) -> ast.expr | None:
    """The value ``statement`` binds to ``name`` alone (``name = v`` or ``name: T = v``), else None."""
    if isinstance(statement, ast.Assign) and _names(statement) == [name]:
        return statement.value
    if isinstance(statement, ast.AnnAssign) and _annotated_name(statement) == name:
        return statement.value
    return None


def _variable(value: ast.expr | None, name: str, env_prefix: str) -> str:
    """The environment variable a field reads: its alias as written when ``Field(...)`` gives one
    (``validation_alias``, ``alias``, or pydantic 1's ``env``: pydantic-settings reads the alias,
    without ``env_prefix``), else ``env_prefix`` and the field's name, upper-cased."""
    if isinstance(value, ast.Call) and _base_name(value.func) == "Field":
        for keyword in ("validation_alias", "alias", "env"):
            alias = _keyword(value, keyword)
            if isinstance(alias, str) and alias:
                return alias
    return (env_prefix + name).upper()


def _base_name(base: ast.expr) -> str:
    if isinstance(base, ast.Attribute):
        return base.attr
    return base.id if isinstance(base, ast.Name) else ""


def _names(statement: ast.Assign) -> list[str]:
    return [t.id for t in statement.targets if isinstance(t, ast.Name)]


def _literal_assignment(node: ast.ClassDef, name: str) -> object:
    """The literal value a class body assigns to ``name`` (None when it does not, or not literally)."""
    for statement in node.body:
        if isinstance(statement, ast.Assign) and name in _names(statement):
            return _literal(statement.value)
        if isinstance(statement, ast.AnnAssign) and _annotated_name(statement) == name and statement.value:
            return _literal(statement.value)
    return None


def _annotated_name(statement: ast.AnnAssign) -> str | None:
    return statement.target.id if isinstance(statement.target, ast.Name) else None


def _keyword(call: ast.Call, *names: str) -> object:
    for keyword in call.keywords:
        if keyword.arg in names:
            return _literal(keyword.value)
    return None


def _literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return None
