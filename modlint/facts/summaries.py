"""Per-module summaries of cached facts: what a narrowed run reads of the modules out of its scope.

A pre-commit run on one file still needs every other module's definition and, for the rules that
read the whole module graph (``other_modules = "read"``: module cycles, the migration graph), their
imports and revision literals. Taking those from the facts cache meant loading a shard of full facts
per module and decoding thousands of entries, most of a one-file run's reading. A summary holds, per
module, just the facts the run asked of its files, all modules in one file:

* a file asked for its ``IMPORTS`` or ``MIGRATION`` facts without a tree (only a whole-graph rule
  asks that of another module's file) keeps those, its problem and suppression comments, with its
  imports cut to those that reach another module below the modules package (all such a rule looks
  at: :func:`modlint.checks.graph.cross_imports`) and its revision literals as their outline
  (:class:`~modlint.facts.model.RevisionOutline`: the migration graph reports nothing at another
  module's revision, so it needs no position in it);
* the definition file (asked for a tree) keeps its definition, its imports that reach another
  module and its suppression comments;
* any other file asked for a tree or a screen keeps its facts whole.

Only modules out of the run's scope are summarised: an in-scope module's files are asked for more,
so its summary would never match the requests made of it once out of scope.

A module's summary is used only while the module is what it was: the same place, files and
folders, each file with the same stat signature (its digest,
:attr:`~modlint.layout.Layout.module_digests`), and by runs of the same rules (each rule selection
has a summaries file of its own, :func:`file_name`). A current summary stands in for the module's
read requests too: a narrowed run neither works out what it would ask of
such a module nor looks at the answers one by one. Any change and the module is read through the
facts cache as before, and summarised again. Plain data (``marshal``), checksummed and written
atomically, like the other caches; a damaged or foreign file is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import marshal
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from modlint import codec
from modlint.digests import hexdigest
from modlint.facts.model import Depth, FileFacts, ImportFact
from modlint.facts.reading import READ_PROBLEM, ReadRequest
from modlint.files import atomic_write, read_cache, real_folder, seal, unseal
from modlint.values import Value, replace

MAGIC = f"modlint-summaries-{codec.version(FileFacts)}-9"
#: The summaries files of a facts-cache folder: one per rule selection (see :func:`file_name`).
FILES = "summaries-*.bin"
#: How many rule selections keep their summaries side by side: a pre-commit configuration may run
#: modlint twice, once with a ``--select`` of its own, and each run would otherwise overwrite the
#: other's summaries. Beyond it, the least recently written file is deleted.
KEPT_SELECTIONS = 4


def file_name(selection: str) -> str:
    """The summaries file of one rule selection (the rules that read files; what a run asks of
    another module depends on them)."""
    return f"summaries-{hexdigest(selection.encode(), 8)}.bin"


class ModuleSummaries:
    """The summaries kept in one facts-cache folder for one modules package (``app.modules``) and
    one rule ``selection``."""

    def __init__(self, folder: Path, package: str, selection: str) -> None:
        self.file = folder / file_name(selection)
        self.package = package
        self.selection = selection
        #: module -> (its digest, its partial listing's digest, the entries, the modules it imports)
        self.raw: dict[str, tuple[str, str, tuple[tuple[str, Any], ...], tuple[str, ...]]] = {}
        self.dirty = False
        if not real_folder(folder):  # none yet, or a link in the cache folder: nothing is read through it
            return
        try:
            magic, stored_package, stored_selection, raw = marshal.loads(unseal(read_cache(self.file)))
            if (magic, stored_package, stored_selection) != (MAGIC, package, selection) or not isinstance(raw, dict):
                raise ValueError("foreign summaries file")
            self.raw = raw
        except FileNotFoundError:
            pass
        except Exception:
            self.dirty = True

    def served(self, module: str, key: str, partial: frozenset[str] | None = None) -> Served | None:
        """The facts of ``module``'s files as last asked, when its summary is for ``key`` (the
        module's digest now). With ``partial`` (the project paths of a partial listing), ``key`` is
        that listing's digest, and only those files' facts are served: the stats of no other file
        were looked at."""
        stored = self.raw.get(module)
        if stored is None or not key or stored[0 if partial is None else 1] != key:
            return None
        try:
            return _served(stored[2], partial)
        except Exception:
            del self.raw[module]
            self.dirty = True
            return None

    def record(
        self,
        module: str,
        keys: tuple[str, str],
        requests: Sequence[ReadRequest],
        facts: Mapping[str, FileFacts],
        imported: tuple[str, ...] = (),
    ) -> None:
        """Summarise ``module`` as ``keys`` (its digest, "" when only a partial listing was made,
        and its partial listing's digest) from the facts just read for its ``requests`` (a module is
        read only when it was not :meth:`served`, so its stored summary, if any, is stale), with the
        modules its files import (``imported``)."""
        if not all(_kept(facts.get(r.path)) for r in requests):
            return
        kept = tuple(_entry(r.path, self._as_asked(module, facts[r.path], r.depth)) for r in requests)
        self.raw[module] = (*keys, kept, imported)
        self.dirty = True

    def targets(self, module: str) -> tuple[str, ...]:
        """The modules ``module``'s files imported when it was last read whole (none when it never
        was): what a narrowed run expects it to reach, before reading it."""
        stored = self.raw.get(module)
        return stored[3] if stored is not None and stored[0] else ()

    def forget_all_but(self, modules: set[str]) -> None:
        """Drop the summaries of modules that no longer exist."""
        for gone in set(self.raw) - modules:
            del self.raw[gone]
            self.dirty = True

    def save(self) -> None:
        """Write the summaries if they changed; a failure to write only costs the next run some time."""
        if not self.dirty or not real_folder(self.file.parent):  # the facts cache makes (and vets) the folder
            return
        try:
            atomic_write(
                self.file, seal(marshal.dumps((MAGIC, self.package, self.selection, self.raw))), through_links=False
            )
            self.dirty = False
        except OSError:
            return
        self._forget_other_selections()

    def _forget_other_selections(self) -> None:
        """Delete the summaries files beyond the :data:`KEPT_SELECTIONS` most recently written."""
        try:
            files = sorted(self.file.parent.glob(FILES), key=lambda path: path.stat().st_mtime_ns, reverse=True)
        except OSError:
            return  # one vanished while listing: another run is doing this
        for old in files[KEPT_SELECTIONS:]:
            with contextlib.suppress(OSError):
                old.unlink()

    def _reaches_another(self, imp: ImportFact, module: str) -> bool:
        """Whether an import names something below the modules package outside ``module`` (all
        imports, when the modules root is a source root: every import may name a module)."""
        if not self.package:
            return True
        return any(module_below(t, self.package) not in ("", module) for t in imp.targets)

    def _as_definition(self, module: str, facts: FileFacts) -> FileFacts:
        """What a summary keeps of another module's definition file (the one file of it a run asks
        for a tree): what the rules that look at other modules read of it, its definition (names,
        codes, ``requires``, the facts of ``when``), its imports that reach another module (cycles)
        and its suppression comments; not its bindings, which only the rules of its own module read
        (a third of a one-file run's decoding)."""
        imports = tuple(imp for imp in facts.imports if self._reaches_another(imp, module))
        return FileFacts(
            facts.path,
            imports=imports,
            definition=facts.definition,
            problem=facts.problem,
            suppressions=facts.suppressions,
            depth=facts.depth,
            defines_at_top=facts.defines_at_top,
            migration=facts.migration,
        )

    def _as_asked(self, module: str, facts: FileFacts, depth: Depth) -> FileFacts:
        """What a summary keeps of one file of ``module`` (see the module docstring): whole when
        asked for a tree or a screen; else what such a read gives, its imports cut to those that
        reach another module."""
        if depth == Depth.TREE and facts.definition is not None:
            return self._as_definition(module, facts)
        if depth == Depth.TREE or depth & Depth.SCREEN or depth == Depth.TEXT:
            return facts
        imports = tuple(imp for imp in facts.imports if self._reaches_another(imp, module))
        migration = facts.migration if depth & Depth.MIGRATION else None
        return FileFacts(
            facts.path,
            imports=imports if depth & Depth.IMPORTS else (),
            problem=facts.problem,
            suppressions=facts.suppressions,
            depth=facts.depth.viewed_as(depth, facts.problem),
            defines_at_top=facts.defines_at_top,
            outline=migration.outline if migration is not None else None,
        )


#: Most files another module's summary holds were asked for their imports and import nothing of the
#: modules package: such a file is stored as its ``defines_at_top`` alone (see :class:`Served`).
_EMPTY_VIEW = FileFacts("", depth=Depth.IMPORTS)


def _kept(facts: FileFacts | None) -> bool:
    """Whether a file's facts may go into a summary: read, and not a failure to read (the facts
    cache keeps none either: the next run may well read the file)."""
    return facts is not None and not (facts.problem is not None and facts.problem.message.startswith(READ_PROBLEM))


def _entry(path: str, facts: FileFacts) -> tuple[Any, ...]:
    """A summary's entry for one file: its path and, for an empty view, its ``defines_at_top``;
    else its encoded facts as ``marshal`` bytes of their own and whether it was parsed. Loading the
    summaries file then makes one object per file instead of dozens (a definition's positions): a
    run decodes the few it looks at (:class:`~modlint.facts.deferred.DeferredFacts`)."""
    if facts == replace(_EMPTY_VIEW, path=facts.path, defines_at_top=facts.defines_at_top):
        return (path, facts.defines_at_top)
    return (path, marshal.dumps(codec.encode(facts)), facts.parsed)


def module_below(target: str, package: str) -> str:
    """The module a dotted name names below the modules ``package`` ("" when it is not below it;
    its first segment when the modules root is a source root, ``package`` "")."""
    prefix = package + "." if package else ""
    return target[len(prefix) :].split(".", 1)[0] if target.startswith(prefix) else ""


def imported_modules(read: Iterable[FileFacts], package: str, module: str) -> Iterator[str]:
    """The names of the modules other than ``module`` that the imports of these files name (any
    dotted name below ``package``; every name when the modules root is a source root)."""
    seen = {module}
    for facts in read:
        for imp in facts.imports:
            for target in (*imp.targets, *imp.imported):
                name = module_below(target, package)
                if name and name not in seen:
                    seen.add(name)
                    yield name


class Served(Value):
    """What a module's current summary gives a run: the encoded facts of its files that hold
    something (decoded when a check asks: :class:`DeferredFacts`), and how many it left out. Most
    files of another module were asked for their imports and import nothing of the modules package:
    no check looks at such a file's facts (a graph rule passes over a file without imports, MOD-000
    over one without a problem), so a one-file run at 500 modules does not build ten thousand of
    them; the report's file count takes them in (``empty``: their paths, since a file a module
    summary holds may also be read in the same run, as a project folder's file)."""

    #: Each file's encoded facts (``marshal`` bytes) and whether it was parsed.
    encoded: dict[str, tuple[bytes, bool]]
    empty: tuple[str, ...]


def _served(entries: tuple[tuple[Any, ...], ...], only: frozenset[str] | None = None) -> Served:
    encoded: dict[str, tuple[bytes, bool]] = {}
    empty: list[str] = []
    for entry in entries:
        path = entry[0]
        if only is not None and path not in only:
            continue
        if len(entry) == 2 and type(entry[1]) is bool:  # an empty view (its ``defines_at_top``): left out
            empty.append(path)
            continue
        _, data, parsed = entry
        if type(path) is not str or type(data) is not bytes or type(parsed) is not bool:
            raise ValueError(f"summary entry of {path} is not its facts")
        encoded[path] = (data, parsed)
    return Served(encoded, tuple(empty))
