"""What modlint knows about one Python file after reading it once: typed, frozen, tree-free.

Checks ask these facts instead of parsing; :mod:`modlint.facts.cst.extract` builds them with libcst and the
tree is dropped right after, so facts are cheap to keep, compare and cache.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from modlint.facts import decoders  # noqa: F401  # registers the facts' decoders compiled ahead (see prebuilt)
from modlint.findings import Position, matches
from modlint.values import Value, field

FactValue = str | int | bool | None | tuple[str, ...]


def is_under(name: str, prefixes: tuple[str, ...]) -> bool:
    """Whether dotted ``name`` equals or lies below one of ``prefixes``."""
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def refers_to(ref: str, names: Sequence[str]) -> bool:
    """Whether a resolved dotted name is one of ``names`` or ends with ``.<one of them>``
    (``fastapi.APIRouter`` refers to ``APIRouter``)."""
    return any(ref == name or ref.endswith("." + name) for name in names)


class ImportFact(Value, compiled_init=True):
    """One import statement, anywhere in the file, with its absolute targets.

    ``import a.b`` targets ``a.b``; ``from a import b`` targets ``a`` and ``a.b`` (``is_from``).
    ``type_checking``: inside the body of ``if TYPE_CHECKING:`` (typing only, not a runtime
    dependency). ``dynamic``: ``importlib.import_module("<literal>")``, at its statement.
    """

    position: Position
    targets: tuple[str, ...]
    is_from: bool = False
    type_checking: bool = False
    dynamic: bool = False

    @property
    def imported(self) -> tuple[str, ...]:
        """What the statement brings in: the modules of ``import``, the names of ``from`` (or its
        module for ``*``)."""
        return self.targets[1:] if self.is_from and len(self.targets) > 1 else self.targets

    def hits(self, prefixes: tuple[str, ...]) -> str | None:
        """The first target equal to or below one of ``prefixes``, else None."""
        return next((t for t in self.targets if is_under(t, prefixes)), None)


class Shape(enum.Enum):
    """What a top-level name is bound to, as far as ``exports.value`` cares."""

    CALL = "call"  # ``x = f(...)``: refs holds the callee
    CLASS = "class"  # ``class X(A, B)``: refs holds the bases
    LITERAL = "literal"  # a string literal, or a tuple/list of them: strings holds them
    FUNCTION = "function"
    IMPORT = "import"  # refs holds what was imported
    OTHER = "other"


class Binding(Value):
    """The last top-level binding of one name (also inside top-level if/try/with blocks).

    ``refs`` are dotted names resolved through the file's imports as they stand at that point
    (``from fastapi import APIRouter as R``; ``R()`` refers to ``fastapi.APIRouter``)."""

    name: str
    position: Position
    shape: Shape
    refs: tuple[str, ...] = ()
    strings: tuple[str, ...] = ()


class Definition(Value):
    """A module's definition (a call, a dict literal or a class: ``[tool.modlint.definition]``): its
    literal facts (keywords, keys or class attributes) and where each is written."""

    position: Position
    facts: tuple[tuple[str, FactValue], ...]
    keywords: tuple[tuple[str, Position], ...]
    #: Where each string of a list or tuple fact is written (``requires=["a", "b"]``), in order.
    elements: tuple[tuple[str, tuple[Position, ...]], ...] = ()

    def fact(self, name: str) -> FactValue:
        """The literal value of fact ``name`` (None when absent or not a literal)."""
        return dict(self.facts).get(name)

    def has_literal(self, name: str) -> bool:
        """Whether fact ``name`` was given with a literal value."""
        return name in dict(self.facts)

    def keyword_position(self, name: str) -> Position | None:
        """Where fact ``name`` is written, if it is."""
        return dict(self.keywords).get(name)

    def element_position(self, name: str, index: int) -> Position | None:
        """Where the ``index``-th string of list fact ``name`` is written, if known."""
        found = dict(self.elements).get(name, ())
        return found[index] if index < len(found) else None


class ParseProblem(Value):
    """Why a file could not be read, decoded or parsed, and where."""

    position: Position
    message: str


class Depth(enum.IntFlag):
    """How deeply a file is read, as flags that combine with ``|`` (what two rules need of one file).

    ``TEXT``: decoded and scanned for suppression comments. ``SCREEN``: also syntax-checked; a full
    tree only when the cheap screen (a top-level def/class: no shim) cannot decide. ``IMPORTS``: also
    the imports, from ``ast``, never a tree. ``MIGRATION``: also the Alembic revision literals, from
    ``ast``. Flags combine (``SCREEN | IMPORTS``). ``TREE``: parsed with libcst, every fact extracted
    (it contains every other depth).
    """

    TEXT = 0
    SCREEN = 1
    IMPORTS = 2
    MIGRATION = 8
    TREE = 15

    def viewed_as(self, asked: Depth, problem: ParseProblem | None) -> Depth:
        """The depth of a view of facts read this deep, made for a request of ``asked``: ``asked``,
        but a file with a problem keeps the depth it failed at (MOD-000 speaks of what was parsed)."""
        return asked if problem is None else self

    def serves(self, wanted: Depth) -> bool:
        """Whether facts read this deep answer a request for ``wanted`` (a text request needs a text
        read: MOD-000 speaks only of files a rule parsed)."""
        return self == wanted or (wanted != Depth.TEXT and self & wanted == wanted)


class Suppression(Value):
    """A ``# noqa[: codes]``, ``# modlint: ignore[codes]`` or ``# modlint: ignore-file[codes]`` comment.

    A bare ``# noqa`` has no ``codes`` and suppresses ``everything`` on its line.
    """

    position: Position
    codes: tuple[str, ...]
    everything: bool = False
    file_level: bool = False

    def suppresses(self, rule_id: str, line: int) -> bool:
        """Whether this comment silences a finding of ``rule_id`` reported at ``line`` of its file."""
        if not (self.file_level or self.position.line == line):
            return False
        return self.everything or matches(rule_id, self.codes)


class Assigned(Value, compiled_init=True):
    """The last top-level assignment of one Alembic revision variable (``revision = "a1"``).

    ``literal``: the value is a string, ``None``, or a tuple/list of strings (what Alembic accepts
    without running code); ``values`` are its strings, each at ``positions``; ``none``: it is ``None``."""

    position: Position
    literal: bool
    values: tuple[str, ...] = ()
    positions: tuple[Position, ...] = ()
    none: bool = False
    #: A single string, not a tuple or list of them.
    scalar: bool = False


class MigrationFacts(Value, compiled_init=True):
    """What an Alembic revision file declares, read from its literals (never by running it)."""

    revision: Assigned | None = None
    down_revision: Assigned | None = None
    branch_labels: Assigned | None = None
    depends_on: Assigned | None = None
    has_upgrade: bool = False
    has_downgrade: bool = False

    @property
    def outline(self) -> RevisionOutline:
        """The literals the migration graph follows, without their positions."""
        down, depends, labels = self.down_revision, self.depends_on, self.branch_labels
        revision = self.revision
        return RevisionOutline(
            revision.values[0] if revision and revision.literal and revision.scalar else None,
            down is not None and down.literal,
            down.values if down is not None and down.literal else (),
            depends.values if depends is not None and depends.literal else (),
            labels.values if labels is not None and labels.literal else (),
        )


class RevisionOutline(Value, compiled_init=True):
    """What the migration graph needs of a revision file it reports nothing at (another module's,
    in a narrowed run): its literals, without their positions. A module summary keeps another
    module's revision file as this alone: decoding every module's full revision facts was a third
    of a hook run's reading at 500 modules (:attr:`MigrationFacts.outline` makes it)."""

    #: The id, when it is a string literal.
    revision: str | None = None
    #: Whether ``down_revision`` is given and literal (``None`` included): what places the file.
    placed: bool = False
    #: The literal ``down_revision`` entries (what the file revises).
    down: tuple[str, ...] = ()
    #: The literal ``depends_on`` entries.
    depends: tuple[str, ...] = ()
    #: The literal branch labels, as written (a label given twice is there twice).
    labels: tuple[str, ...] = ()


class FileFacts(Value, compiled_init=True):
    """Facts about one file; ``problem`` is set (and the rest empty) when it could not be parsed.

    ``depth`` says how far it was read. A ``SCREEN`` file that ``defines_at_top`` (a top-level
    ``def``/``class``, so it cannot be a shim) has no tree facts: only the rules that asked for a
    screen look at it, and they need nothing more. A file read at ``IMPORTS`` (without a screen, or
    one that decided) has its ``imports`` from ``ast`` and ``defines_at_top``, nothing else.
    """

    path: str
    values: tuple[Binding, ...] = ()
    imports: tuple[ImportFact, ...] = ()
    shim_blocker: Position | None = None
    has_import: bool = False
    definition: Definition | None = None
    problem: ParseProblem | None = field(default=None)
    suppressions: tuple[Suppression, ...] = ()
    depth: Depth = Depth.TREE
    defines_at_top: bool = False
    #: Read at ``MIGRATION`` depth: the Alembic revision literals (None when CPython cannot parse it).
    migration: MigrationFacts | None = None
    #: Another module's revision file served from a module summary: its outline alone (``migration``
    #: is then None; see :class:`RevisionOutline`).
    outline: RevisionOutline | None = None

    @property
    def bindings(self) -> frozenset[str]:
        """Every name bound at top level."""
        return frozenset(binding.name for binding in self.values)

    def binding(self, name: str) -> Binding | None:
        """The last top-level binding of ``name``, if any."""
        return next((b for b in self.values if b.name == name), None)

    @property
    def parsed(self) -> bool:
        """Whether the file's syntax was checked (MOD-000 speaks only of those)."""
        return self.depth >= Depth.SCREEN

    @property
    def is_shim(self) -> bool:
        """A re-export-only file: nothing a shim may not hold, and at least one import."""
        return self.problem is None and not self.defines_at_top and self.shim_blocker is None and self.has_import
