"""The layout of a modular application: what a module is, where its routes, config and migrations live.

This is the one description shared by the linter and by :mod:`modlint.runtime`, so what the linter
approves is what the application loads. Standard library only: the runtime imports it.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from modlint.values import Value, field, replace

#: What the caches' stat fast path compares: mtime, size, and the inode change time and number,
#: which no ``touch -r`` / ``cp -p`` / archive extraction can put back after a same-size edit.
Signature = tuple[int, int, int, int]
DEFAULT_MODULES_ROOT = "app/modules"
DEFINITION_FILE = "definition.py"
#: The definition keyword that names a module; it must equal the folder name (``-`` read as ``_``).
DEFINITION_CODE_KEY = "code"
#: The definition's fields the runtime validates (``modlint.runtime.ModuleDefinition``; a test holds
#: the two together) and what a literal of each must be: ``str``, ``bool``, or ``strings`` (a list or
#: tuple of strings). Any other keyword is the application's own.
DEFINITION_FIELDS = {
    "code": "str",
    "name": "str",
    "description": "str",
    "version": "str",
    "is_core": "bool",
    "is_internal": "bool",
    "is_self_contained": "bool",
    "requires": "strings",
}
CONFIG_FILE = "config.py"
#: What ``config.py`` binds: an instance, or a class the runtime instantiates (MOD-013 asks for one).
CONFIG_NAMES = ("config", "config_class")
#: What every route file binds at top level (MOD-010 asks for it; the runtime mounts it).
ROUTER_NAME = "router"
PACKAGE_MARKER = "__init__.py"
ROUTE_FOLDERS = {"api": "routes/api", "pages": "routes/pages"}
MIGRATIONS_FOLDER = "migrations"
MIGRATION_VERSIONS_FOLDER = "migrations/versions"
DEFAULT_EXCLUDE = (".git", ".venv", "venv", "__pycache__", "node_modules", "build", "dist", ".tox", ".modlint_cache")


DEFINITION_FORMS = ("call", "dict", "class")
DEFINITION_KEYS = ("file", "form", "name", "bases", "code-key")


class DefinitionSpec(Value):
    """Where a module's facts come from (``[tool.modlint.definition]``), for linter and runtime alike.

    ``call``: the first top-level assignment of a call with a ``code_key`` keyword (its literal
    keywords are the facts); ``dict``: the first top-level or class-level assignment of a dict
    literal to ``name`` (its literal entries); ``class``: the first top-level class whose bases
    resolve to one of ``bases`` (its class-level literal assignments).
    """

    file: str = DEFINITION_FILE
    form: str = "call"
    name: str = "manifest"
    bases: tuple[str, ...] = ()
    code_key: str = DEFINITION_CODE_KEY

    @classmethod
    def from_table(cls, table: Mapping[str, object]) -> DefinitionSpec:
        """Read ``[tool.modlint.definition]``; ValueError lists every problem, one line each, as
        ``definition.<key>: <problem>`` so the settings loader can point at the key's line."""
        problems = _definition_problems(table)
        if problems:
            raise ValueError("\n".join(f"definition.{key}: {text}" for key, text in problems))
        values = {key.replace("-", "_"): value for key, value in table.items()}
        return cls(**{**values, "bases": tuple(values.get("bases", ()))})  # type: ignore[arg-type]


_PLAIN = "(no globs, placeholders, '..' or empty segments)"


def _definition_problems(table: Mapping[str, object]) -> list[tuple[str, str]]:
    """(key, problem) for everything wrong in a definition table, all at once."""
    problems = [
        (key, f"unknown key (known: {', '.join(DEFINITION_KEYS)})") for key in table if key not in DEFINITION_KEYS
    ]
    for key in ("file", "form", "name", "code-key"):
        value = table.get(key, "x")
        if not isinstance(value, str) or not value:
            problems.append((key, "must be a non-empty string"))
        elif key in ("name", "code-key") and not value.isidentifier():
            problems.append((key, f"{value!r} must be a Python identifier"))
    form, file, bases = table.get("form", "call"), table.get("file", DEFINITION_FILE), table.get("bases", [])
    if isinstance(form, str) and form and form not in DEFINITION_FORMS:
        problems.append(("form", f"{form!r} must be one of {', '.join(DEFINITION_FORMS)}"))
    if isinstance(file, str) and file and not _plain_python_path(file):
        problems.append(("file", f"{file!r} must be a module-relative .py file such as 'manifest.py' {_PLAIN}"))
    if not (isinstance(bases, list) and all(isinstance(b, str) and _dotted(b) for b in bases)):
        problems.append(("bases", 'must be a list of class names such as ["BaseModule"] or ["app.core.BaseModule"]'))
    problems += _form_problems(form, table)
    return problems


def _form_problems(form: object, table: Mapping[str, object]) -> list[tuple[str, str]]:
    """``name`` belongs to form dict and ``bases`` to form class: elsewhere they would be ignored."""
    problems = []
    if form == "class" and not table.get("bases"):
        problems.append(("bases", "form 'class' needs bases, e.g. bases = [\"BaseModule\"]"))
    if "name" in table and form != "dict":
        problems.append(("name", f"only means something with form = 'dict' (form is {form!r})"))
    if "bases" in table and form != "class":
        problems.append(("bases", f"only means something with form = 'class' (form is {form!r})"))
    return problems


def _plain_python_path(path: str) -> bool:
    parts = path.split("/")
    plain = all(part and part not in (".", "..") and not any(c in part for c in "*?[]{}\\") for part in parts)
    return plain and path.endswith(".py")


def _dotted(name: str) -> bool:
    return all(part.isidentifier() for part in name.split("."))


DEFAULT_DEFINITION = DefinitionSpec()


def module_key(name: str) -> str:
    """How a module name written by people compares: spaces trimmed, ``-`` read as ``_``."""
    return name.strip().replace("-", "_")


class ModuleNames:
    """Resolves names people write in ``requires``, selections and environment variables (folder
    names, or codes, ``-`` read as ``_``) to module folder names: folder names first, then codes.
    The linter's module graph and the runtime's resolve through this one class, so they agree."""

    def __init__(
        self,
        modules: Iterable[tuple[str, str | None]],
        codes: Callable[[], Iterable[tuple[str, str | None]]] | None = None,
    ) -> None:
        """``modules``: (folder name, code) pairs; or, with ``codes``, the folder names' pairs (codes
        ignored) and what gives the codes, asked only when a name is no folder's (the linter's
        graph then decodes no definition for a ``requires`` naming folders, as most do)."""
        pairs = list(modules)
        self.names = tuple(name for name, _ in pairs)
        self._by_key: dict[str, str] = {}
        for name, _ in pairs:
            self._by_key.setdefault(module_key(name), name)
        self._codes = codes
        if codes is None:
            self._add_codes(pairs)

    def _add_codes(self, pairs: Iterable[tuple[str, str | None]]) -> None:
        for name, code in pairs:
            if code:
                self._by_key.setdefault(module_key(code), name)

    def get(self, name: str) -> str | None:
        """The module folder name ``name`` refers to, or None."""
        key = module_key(name)
        found = self._by_key.get(key)
        if found is None and self._codes is not None:
            codes, self._codes = self._codes, None
            self._add_codes(codes())
            found = self._by_key.get(key)
        return found


def is_module_dir_name(name: str) -> bool:
    """Folders starting with ``.`` or ``_`` under the modules root are never modules."""
    return not name.startswith((".", "_"))


def is_route_file(rel: str, kind: str | None = None) -> bool:
    """A ``.py`` other than ``__init__.py`` directly inside ``routes/api/`` or ``routes/pages/``."""
    folder, _, name = rel.rpartition("/")
    if not name.endswith(".py") or name == PACKAGE_MARKER:
        return False
    kinds = [kind] if kind else list(ROUTE_FOLDERS)
    return any(folder == ROUTE_FOLDERS[k] for k in kinds)


def dotted(rel_path: str) -> str:
    """``app/modules`` -> ``app.modules``."""
    return rel_path.strip("/").replace("/", ".")


def dotted_under(rel_path: str, source_roots: Sequence[str] = (".",)) -> str:
    """The dotted name of a project-relative folder below the longest source root holding it
    (``src/modules/orders`` with ``source-roots = ["src"]`` -> ``modules.orders``): how the code
    imports it, which is what import targets are compared with."""
    inner = rel_path.strip("/")
    for root in sorted((r.strip("/") for r in source_roots), key=len, reverse=True):
        if root in ("", "."):
            break
        if inner == root or inner.startswith(root + "/"):
            inner = inner[len(root) + 1 :]
            break
    return dotted(inner)


class LightListing(Value):
    """What a narrowed run lists of a module its scope does not reach (:meth:`Module.light_view`):
    the files the rules asked for (:meth:`Rule.light_folders`), the ``definition`` file and the
    files directly in ``folders``, which it reads (and stats, and keys the module's summary by), and
    those folders; an edit to any other file of such a module cannot change what the run reports."""

    folders: frozenset[str]
    definition: str

    def reads(self, rel: str) -> bool:
        """Whether the module-relative file ``rel`` of a partial listing is read."""
        return rel == self.definition or rel.rpartition("/")[0] in self.folders


class Module(Value):
    """One module folder: its name, project-relative path, import name and the files it holds."""

    name: str
    path: str
    import_name: str
    files: tuple[str, ...]
    dirs: frozenset[str]
    #: Listed only in part (:meth:`light_view`): a narrowed run's module that its scope does not
    #: reach through imports, of which the rules need the definition and a few folders' files.
    partial: bool = False

    @functools.cached_property
    def file_set(self) -> frozenset[str]:
        """The files, for membership tests."""
        return frozenset(self.files)

    @functools.cached_property
    def _python(self) -> tuple[str, ...]:
        return tuple(f for f in self.files if f.endswith(".py"))

    def has(self, rel: str) -> bool:
        """Whether a module-relative file or folder exists (a trailing ``/`` asks for a folder)."""
        if rel.endswith("/"):
            return self.has_dir(rel)
        return rel in self.file_set or self.has_dir(rel)

    def has_dir(self, rel: str) -> bool:
        """Whether a module-relative folder exists."""
        rel = rel.strip("/")
        return not rel or rel in self.dirs

    def project_path(self, rel: str) -> str:
        """Turn a module-relative path into a project-relative one."""
        rel = rel.strip("/")
        return f"{self.path}/{rel}" if rel else self.path

    def python_files(self) -> list[str]:
        """All module-relative ``.py`` files, sorted (listed once, when first asked)."""
        return list(self._python)

    def python_files_in(self, folder: str, *, recursive: bool = False) -> list[str]:
        """``.py`` files inside a module-relative folder (directly, or at any depth), sorted."""
        folder = folder.strip("/")
        if not recursive:
            return list(self._python_by_folder.get(folder, ()))
        prefix = f"{folder}/" if folder else ""
        return [f for f in self._python if f.startswith(prefix)]

    @functools.cached_property
    def _python_by_folder(self) -> dict[str, tuple[str, ...]]:
        """The ``.py`` files directly inside each folder, sorted (rules ask a module for its files
        folder by folder, hundreds of times a run)."""
        found: dict[str, list[str]] = {}
        for rel in self._python:
            found.setdefault(rel.rpartition("/")[0], []).append(rel)
        return {folder: tuple(files) for folder, files in found.items()}

    def first_python_file_in(self, folder: str) -> str | None:
        """The first ``.py`` other than ``__init__.py`` directly inside a folder, sorted."""
        for rel in self.python_files_in(folder):
            if not rel.endswith("/" + PACKAGE_MARKER) and rel != PACKAGE_MARKER:
                return rel
        return None

    def first_file(self) -> str:
        """The module's ``__init__.py``, else its first ``.py`` file (sorted by project path)."""
        if PACKAGE_MARKER in self.file_set:
            return PACKAGE_MARKER
        return self.python_files()[0]

    def light_view(self, listing: LightListing) -> tuple[tuple[str, ...], frozenset[str]]:
        """The files and folders a partial listing (:meth:`_Walker.light`) holds: the files the
        listing reads (the definition, the files directly in its folders) and those folders and
        their parents."""
        listed = light_listed(listing.folders)
        return tuple(f for f in self.files if listing.reads(f)), frozenset(d for d in self.dirs if d in listed)

    def route_files(self, kind: str | None = None) -> list[str]:
        """Module-relative route files, sorted; ``kind`` is ``"api"``, ``"pages"`` or None for both."""
        return [f for f in self.python_files() if is_route_file(f, kind)]


class WalkProblem(Value):
    """A folder or file that could not be listed, kept for the report rather than raised."""

    path: str
    message: str


class Layout(Value):
    """Everything modlint knows about the project tree without reading any file's content."""

    root: Path
    modules_root: str
    modules: tuple[Module, ...]
    project_files: frozenset[str] = frozenset()
    problems: tuple[WalkProblem, ...] = field(default=())
    #: (mtime, size) of every listed file, when the walk was asked for them (the caches use them).
    signatures: Mapping[str, Signature | None] = field(default_factory=dict)
    #: The dotted name the code imports the modules root by (``app.modules``; see source-roots).
    modules_package: str = ""

    @functools.cached_property
    def by_name(self) -> dict[str, Module]:
        """The modules by name."""
        return {m.name: m for m in self.modules}

    @functools.cached_property
    def module_digests(self) -> dict[str, str]:
        """Each module's digest, by name: its place in the project, its files and folders, and each
        file's stat (``signatures``, from a walk with stats). What the caches know a module by: a
        module whose digest is unchanged has, as far as names and stats can tell, not changed."""
        return {module.name: self.digest(module, module.files, module.dirs) for module in self.modules}

    def digest(self, module: Module, files: Sequence[str], dirs: Iterable[str]) -> str:
        """The digest of ``module`` listed with these files and folders (see :attr:`module_digests`)."""
        import marshal  # local, as the digest: the runtime shares this module and never needs them

        from modlint.digests import hexdigest

        prefix = module.path + "/"
        stats = [self.signatures.get(prefix + rel) for rel in files]
        # version 2: no back-references, whose use depends on which equal strings are one object
        # (a partial listing's names and a whole one's view of them are not)
        return hexdigest(marshal.dumps((module.path, tuple(files), sorted(dirs), stats), 2), 16)

    def light_digest(self, module: Module, listing: LightListing) -> str:
        """The digest of ``module``'s :meth:`~Module.light_view`: a partial listing's digest, and a
        whole one's as a partial listing would see it."""
        return self.digest(module, *module.light_view(listing))

    def module(self, name: str) -> Module | None:
        """The module with this name, or None."""
        return self.by_name.get(name)

    def module_of(self, path: str) -> Module | None:
        """The module a project-relative path belongs to, or None."""
        name = module_name_of(path, self.modules_root)
        return self.by_name.get(name) if name else None

    def restricted(self, wants_module: Callable[[str], bool], wants_file: Callable[[str], bool]) -> Layout:
        """The same layout with only the modules (by path) and project files a narrowed run wants."""
        return replace(
            self,
            modules=tuple(m for m in self.modules if wants_module(m.path)),
            project_files=frozenset(f for f in self.project_files if wants_file(f)),
        )


def module_name_of(path: str, modules_root: str) -> str | None:
    """The module a project-relative path lies in, judged by its place alone (it may not exist)."""
    found = module_and_rel(path, modules_root)
    return found[0] if found else None


def module_and_rel(path: str, modules_root: str) -> tuple[str, str] | None:
    """The module a project-relative path lies in and the path inside it, judged by its place alone."""
    prefix = modules_root.strip("/") + "/"
    if not path.startswith(prefix):
        return None
    module, slash, rel = path[len(prefix) :].partition("/")
    return (module, rel) if slash else None


def excluded(root: Path, exclude: Sequence[str], rel: str) -> bool:
    """Whether ``exclude`` removes project path ``rel`` (a walk would skip it)."""
    return _Walker(root, exclude).excluded(rel)


class _Walker:
    """Lists files and folders below a start folder, honouring excludes, never following links."""

    def __init__(self, root: Path, exclude: Sequence[str], *, with_stats: bool = False) -> None:
        from modlint.globs import compile_glob  # local: keep the runtime's import cost minimal

        self.root = root
        # a folder's path is this prefix + its relative path: a Path, or even os.path.join, per folder
        # cost a 500-module run ~5 ms
        self._prefix = os.path.join(root, "")  # a separator added unless the root ends in one ("/", "C:\\")
        self.with_stats = with_stats
        self.signatures: dict[str, Signature | None] = {}
        plain = [p.strip("/") for p in exclude]
        self.names = {p for p in plain if "/" not in p and not any(c in p for c in "*?[")}
        self.name_globs = [compile_glob(p) for p in plain if "/" not in p and p not in self.names]
        self.path_globs = [compile_glob(g) for p in plain if "/" in p for g in (p, p + "/**")]
        self.problems: list[WalkProblem] = []

    def excluded(self, rel: str, name: str | None = None) -> bool:
        """Whether ``exclude`` removes this path (a name anywhere, or a path pattern and what is below)."""
        if name is None:
            name = rel.rsplit("/", 1)[-1]
        if name in self.names:
            return True
        if self.name_globs and any(g.match(name) for g in self.name_globs):
            return True
        return bool(self.path_globs) and any(g.match(rel) for g in self.path_globs)

    def walk(self, start: str) -> tuple[list[str], list[str]]:
        """Return (files, dirs) as project-relative POSIX paths below ``start``."""
        files: list[str] = []
        dirs: list[str] = []
        stack = [start]
        while stack:
            stack.extend(self._list(stack.pop(), files, dirs))
        return sorted(files), sorted(dirs)

    def light(self, start: str, listing: LightListing) -> tuple[list[str], list[str]]:
        """The module folder ``start`` listed in part (:meth:`Module.light_view`): its definition and
        the files directly in the folders of ``listing``, each stat-ed, and those folders and their
        parents that are there. The module folder itself is not listed: a narrowed run of a project
        of 500 modules listed 500 folders for names it never used."""
        files: list[str] = []
        dirs: list[str] = []
        there = {""}  # module-relative folders that are folders a walk would enter
        chain, listed, home = _light_plan(listing)
        for folder, parent in chain:
            if parent in there and self._is_folder(f"{start}/{folder}"):
                there.add(folder)
                dirs.append(f"{start}/{folder}")
        below: list[str] = []  # the light folders' own folders: not part of the view
        for folder in listed:
            if folder in there:
                self._list(f"{start}/{folder}", files, below)
        if home is not None and home in there:
            self._add_file(f"{start}/{listing.definition}", files)
        return sorted(files), sorted(dirs)

    def _is_folder(self, rel: str) -> bool:
        """Whether ``rel`` (its parent entered) is a folder a walk enters: no link, not excluded."""
        if self.excluded(rel):
            return False
        try:
            return stat.S_ISDIR(os.lstat(self._prefix + rel).st_mode)
        except OSError:
            return False

    def _add_file(self, rel: str, files: list[str]) -> None:
        """List the file ``rel`` (its folder entered) as a walk of its folder would, if it is there:
        not excluded, no folder, no link to one (nor an editor's lock link), stat-ed."""
        name = rel.rpartition("/")[2]
        if self.excluded(rel, name):
            return
        try:
            found = os.lstat(self._prefix + rel)
        except OSError:
            return  # not there (a walk would not have listed it)
        linked = stat.S_ISLNK(found.st_mode)
        if stat.S_ISDIR(found.st_mode) or (linked and (name[:2] == ".#" or os.path.isdir(self._prefix + rel))):
            return
        files.append(rel)
        if self.with_stats:
            try:  # through a link, what it points to (as DirEntry.stat())
                self.signatures[rel] = signature_of(os.stat(self._prefix + rel) if linked else found)
            except OSError:
                self.signatures[rel] = None  # a dangling link

    def _list(self, rel_dir: str, files: list[str], dirs: list[str]) -> list[str]:
        """Add what one folder holds to ``files`` and ``dirs``; return its folders. In a walk with
        stats, each file is stat-ed."""
        try:
            with os.scandir(self._prefix + rel_dir) as entries:
                listed = list(entries)  # order does not matter: the lists are sorted at the end
        except OSError as exc:
            self.problems.append(WalkProblem(rel_dir, f"cannot list folder: {exc.strerror}"))
            return []
        prefix = f"{rel_dir}/" if rel_dir else ""
        # the loop runs once per file of the project: the common cases are tested in line
        names, globbed, signatures = self.names, bool(self.name_globs or self.path_globs), self.signatures
        with_stats = self.with_stats
        below: list[str] = []
        for entry in listed:
            name = entry.name
            if name in names:
                continue
            rel = prefix + name
            if globbed and self.excluded(rel, name):
                continue
            if entry.is_dir(follow_symlinks=False):
                below.append(rel)
                continue
            # an editor's lock file (Emacs: a link to "user@host.pid") is no file of the project, and
            # a link to a folder is not followed; any other link is a file (reading it says why)
            if entry.is_symlink() and (name.startswith(".#") or _links_to_folder(entry)):
                continue
            files.append(rel)
            if with_stats:
                try:  # through a link, what it points to; None: a dangling link
                    signatures[rel] = signature_of(entry.stat())
                except OSError:
                    signatures[rel] = None
        dirs.extend(below)
        return below


@functools.lru_cache(maxsize=64)  # one listing for every module, unless its folders name {module}
def _light_plan(listing: LightListing) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], str | None]:
    """How :meth:`_Walker.light` lists a module: each folder to look for with its parent, parents
    first; the folders whose files it lists, sorted; the definition's folder, unless one of those
    lists it."""
    chain = sorted(light_listed(listing.folders) - {""}, key=lambda f: f.count("/"))
    home = listing.definition.rpartition("/")[0]
    return (
        tuple((folder, folder.rpartition("/")[0]) for folder in chain),
        tuple(sorted(listing.folders)),
        None if home in listing.folders else home,
    )


def light_listed(folders: Iterable[str]) -> set[str]:
    """The module-relative folders a partial listing of ``folders`` lists: the module folder
    (``""``), each folder and each of its parents."""
    listed = {""}
    for folder in folders:
        parts = folder.strip("/").split("/")
        listed.update("/".join(parts[:n]) for n in range(1, len(parts) + 1) if parts[0])
    return listed


def _links_to_folder(entry: os.DirEntry[str]) -> bool:
    """Whether a symbolic link points to a folder (links are never followed into; a loop is no folder)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def signature_of(stat: os.stat_result) -> Signature:
    """The :data:`Signature` of a stat."""
    return (stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino)


def discover_layout(
    root: Path,
    modules_root: str = DEFAULT_MODULES_ROOT,
    *,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    extra_folders: Iterable[str] = (),
    wants_module: Callable[[str], bool] | None = None,
    wants_file: Callable[[str], bool] | None = None,
    with_stats: bool = False,
    source_roots: Sequence[str] = (".",),
    light_listing: Callable[[str], LightListing] | None = None,
) -> Layout:
    """Walk the modules root (and any extra project folders rules look at) without reading files.

    ``wants_module`` (by module path) and ``wants_file`` (by project path, for the extra folders) let a
    narrowed run walk only what it will report on; ``source_roots`` say where dotted names start.
    With ``light_listing`` (by module name), a module ``wants_module`` declines is listed in part
    (:meth:`Module.light_view` of that :class:`LightListing`) rather than left out; :func:`completed` walks it
    whole later.
    """
    walker = _Walker(root, exclude, with_stats=with_stats)
    modules_root = modules_root.strip("/")
    package = dotted_under(modules_root, source_roots)
    modules = tuple(_discover_modules(walker, modules_root, package, wants_module, light_listing))
    project_files: set[str] = set()
    for folder in sorted(set(extra_folders)):
        if (root / folder).is_dir() and not walker.excluded(folder):
            project_files.update(walker.walk(folder)[0])
        elif (root / folder).is_file():
            project_files.add(folder)
            if with_stats:
                walker.signatures[folder] = signature_of((root / folder).stat())
    if wants_file is not None:
        project_files = {f for f in project_files if wants_file(f)}
    problems = tuple(walker.problems)
    return Layout(root, modules_root, modules, frozenset(project_files), problems, walker.signatures, package)


def _discover_modules(
    walker: _Walker,
    modules_root: str,
    package: str,
    wants: Callable[[str], bool] | None,
    light: Callable[[str], LightListing] | None = None,
) -> Iterable[Module]:
    base = walker.root / modules_root
    if not base.is_dir():
        walker.problems.append(WalkProblem(modules_root, "modules root not found (see modules-root in [tool.modlint])"))
        return
    for entry in sorted(os.scandir(base), key=lambda e: e.name):
        rel = f"{modules_root}/{entry.name}"
        if not (entry.is_dir(follow_symlinks=False) and is_module_dir_name(entry.name)) or walker.excluded(rel):
            continue
        wanted = wants is None or wants(rel)
        if not wanted and light is None:
            continue
        import_name = f"{package}.{entry.name}" if package else entry.name
        if not wanted and light is not None:
            found = _module(entry.name, rel, import_name, *walker.light(rel, light(entry.name)), partial=True)
            if found is not None:
                yield found
                continue  # else: whether the folder holds a .py at all takes the whole walk
        found = _module(entry.name, rel, import_name, *walker.walk(rel))
        if found is not None:
            yield found


def _module(
    name: str, rel: str, import_name: str, files: list[str], dirs: list[str], partial: bool = False
) -> Module | None:
    """The module listed with these project-relative files and folders; None when it holds no ``.py``."""
    module_files, module_dirs = _below(rel, files, dirs)
    if not any(f.endswith(".py") for f in module_files):
        return None
    return Module(name, rel, import_name, module_files, module_dirs, partial)  # positional: the quick __init__


def _below(rel: str, files: list[str], dirs: list[str]) -> tuple[tuple[str, ...], frozenset[str]]:
    """Project-relative files and folders below folder ``rel``, relative to it."""
    cut = len(rel) + 1
    return tuple(f[cut:] for f in files), frozenset(d[cut:] for d in dirs)


def completed(layout: Layout, names: Iterable[str], exclude: Sequence[str], *, with_stats: bool = False) -> Layout:
    """``layout`` with its partial modules ``names`` listed whole (their stats added)."""
    walker = _Walker(layout.root, exclude, with_stats=with_stats)
    wanted = set(names)
    modules = []
    for module in layout.modules:
        if module.partial and module.name in wanted:
            files, dirs = _below(module.path, *walker.walk(module.path))
            module = replace(module, files=files, dirs=dirs, partial=False)
        modules.append(module)
    return replace(
        layout,
        modules=tuple(modules),
        signatures={**layout.signatures, **walker.signatures},
        problems=(*layout.problems, *walker.problems),
    )
