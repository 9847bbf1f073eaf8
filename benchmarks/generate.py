"""Generate a realistic modular-monolith tree for benchmarking and testing modlint.

``python -m benchmarks.generate OUT_DIR --modules N [--seed S]`` writes ``OUT_DIR/pyproject.toml``,
``app/`` with N modules of about 30 files each under ``app/modules/``, and legacy shims under
``app/services/``, ``models/database/`` and ``models/schema/``. About 2% of the modules per rule
(at least one per rule once N >= 16) carry one deliberate violation of a default rule MOD-000..MOD-015;
:func:`generate` returns exactly how many findings of each rule modlint must report.

The output depends only on N and the seed: every random choice comes from ``random.Random`` seeded
from them, files are written in sorted order, and no clock, environment or hash order is used.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

RULES: tuple[str, ...] = tuple(f"MOD-{i:03d}" for i in range(16))
#: The boundaries rules, whose violations ``--boundaries`` adds (undeclared, private imports, cycles).
BOUNDARY_RULES: tuple[str, ...] = ("MOD-016", "MOD-017", "MOD-018")
#: Boundaries violators are at least this many modules apart, so no two cycles can join.
BOUNDARY_SPACING = 10
VIOLATION_RATE = 0.02
MODULES_ROOT = "app/modules"

DOMAINS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("billing", ("invoice", "payment_term", "credit_note")),
    ("orders", ("order", "order_line", "cart")),
    ("catalog", ("product", "category", "price_list")),
    ("inventory", ("stock_item", "warehouse", "reservation")),
    ("shipping", ("shipment", "carrier", "parcel")),
    ("customers", ("customer", "address", "segment")),
    ("notifications", ("notification", "message_template", "subscription")),
    ("reporting", ("report", "dashboard", "metric")),
    ("auth", ("user", "session", "api_key")),
    ("audit", ("audit_entry", "retention_policy", "export_job")),
    ("payments", ("payment", "refund", "payout")),
    ("pricing", ("discount", "coupon", "tax_rate")),
    ("support", ("ticket", "reply", "sla_policy")),
    ("content", ("page", "article", "media_asset")),
    ("search", ("search_index", "synonym", "query_log")),
    ("scheduling", ("appointment", "resource", "time_slot")),
    ("staff", ("employee", "leave_request", "team")),
    ("crm", ("lead", "opportunity", "contact")),
    ("loyalty", ("reward", "points_account", "tier")),
    ("marketing", ("campaign", "newsletter", "audience")),
    ("documents", ("document", "folder", "signature")),
    ("analytics", ("event", "funnel", "cohort")),
    ("integrations", ("webhook", "connector", "sync_job")),
    ("accounting", ("ledger_entry", "account", "journal")),
    ("procurement", ("purchase_order", "supplier", "quote")),
)


@dataclass(frozen=True)
class Column:
    """One data field, as a SQLAlchemy column and a pydantic field."""

    name: str
    annotation: str
    column: str
    schema_default: str


FIELDS: tuple[Column, ...] = (
    Column("name", "str", "String(200), nullable=False", "Field(min_length=1, max_length=200)"),
    Column("title", "str", "String(200), nullable=False", "Field(min_length=1, max_length=200)"),
    Column("code", "str", "String(32), unique=True", "Field(min_length=2, max_length=32)"),
    Column("description", "str | None", "Text, nullable=True", "Field(default=None, max_length=2000)"),
    Column("amount_cents", "int", "Integer, nullable=False", "Field(ge=0)"),
    Column("quantity", "int", "Integer, default=1", "Field(default=1, ge=1)"),
    Column("is_active", "bool", "Boolean, default=True", "True"),
    Column("status", "str", 'String(20), default="draft"', '"draft"'),
    Column("email", "str", "String(320), index=True", "Field(max_length=320)"),
    Column("currency", "str", 'String(3), default="EUR"', 'Field(default="EUR", min_length=3, max_length=3)'),
    Column("priority", "int", "Integer, default=0", "Field(default=0, ge=0, le=10)"),
    Column("external_ref", "str | None", "String(64), nullable=True", "None"),
    Column("notes", "str | None", "Text, nullable=True", "None"),
    Column("owner_id", "int", "Integer, index=True", "Field(gt=0)"),
    Column("weight", "float", "Numeric(10, 3), default=0", "Field(default=0.0, ge=0)"),
    Column("position", "int", "Integer, default=0", "0"),
)

LOCALES = ("en", "de", "fr", "es", "nl")
TASK_VERBS = ("cleanup", "sync", "reindex", "expire", "notify", "archive")


@dataclass(frozen=True)
class GeneratedTree:
    """What :func:`generate` wrote: file counts and the findings modlint must report, per rule."""

    root: Path
    files: int
    py_files: int
    modules: int
    expected_violations: dict[str, int]
    violating_modules: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class ModuleSpec:
    """The random choices behind one module (before its violation, if any, is applied)."""

    index: int
    name: str
    domain: str
    entities: list[str]
    fields: dict[str, list[Column]]
    self_contained: bool
    ui: bool
    tasks: bool
    migrations: int
    env_py: bool
    locales: list[str]
    requires: list[str]
    has_exceptions: bool
    has_schemas: bool
    hyphen_code: bool
    salt: int
    relative_imports: bool
    config_style: int
    shims: list[str]
    violation: str | None = None
    variant: int = 0

    @property
    def cls(self) -> str:
        """CamelCase prefix of the module's own classes (``Mod0001Billing``)."""
        return camel(self.name)

    @property
    def title(self) -> str:
        return self.domain.replace("_", " ").title()

    @property
    def path(self) -> str:
        return f"{MODULES_ROOT}/{self.name}"

    @property
    def package(self) -> str:
        return self.path.replace("/", ".")


Files = dict[str, "str | bytes"]


# -- small helpers ----------------------------------------------------------------------------------


def camel(snake: str) -> str:
    """``order_line`` -> ``OrderLine``."""
    return "".join(part.capitalize() for part in snake.split("_"))


def plural(word: str) -> str:
    """Naive English plural, good enough for identifiers and URLs."""
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def human(snake: str) -> str:
    return snake.replace("_", " ")


Lines = str | Sequence["Lines"]


def lines(*parts: Lines) -> str:
    """Join source lines (strings, or nested lists of them) into a file ending with a newline."""
    return "\n".join(_flat(parts)) + "\n"


def _flat(parts: Sequence[Lines]) -> list[str]:
    out: list[str] = []
    for part in parts:
        out.extend([part] if isinstance(part, str) else _flat(part))
    return out


def text_fields(columns: Sequence[Column]) -> list[Column]:
    return [c for c in columns if c.annotation == "str"]


# -- module specs -----------------------------------------------------------------------------------


def module_spec(index: int, seed: int) -> ModuleSpec:
    """The clean shape of module ``index``; a violation may change it later."""
    rng = random.Random(seed * 1_000_003 + index)
    domain, pool = DOMAINS[rng.randrange(len(DOMAINS))]
    entities = rng.sample(pool, 3 if rng.random() < 0.3 else 2)
    self_contained = rng.random() < 0.85
    migrations = rng.choice((0, 1, 2, 2, 3, 3, 4)) if rng.random() < 0.9 else 0
    return ModuleSpec(
        index=index,
        name=f"mod_{index + 1:04d}_{domain}",
        domain=domain,
        entities=entities,
        fields={e: rng.sample(FIELDS, rng.randint(4, 9)) for e in entities},
        self_contained=self_contained,
        ui=rng.random() < 0.3,
        tasks=rng.random() < 0.5,
        migrations=max(migrations, len(entities)) if migrations else 0,
        env_py=rng.random() < 0.3,
        locales=sorted(rng.sample(LOCALES, rng.randint(2, 3))) if rng.random() < 0.7 else [],
        requires=[],
        has_exceptions=self_contained or rng.random() < 0.5,
        has_schemas=self_contained or rng.random() < 0.7,
        hyphen_code=rng.random() < 0.1,
        salt=rng.getrandbits(32),
        relative_imports=rng.random() < 0.2,
        config_style=rng.randrange(3),
        shims=[kind for kind, p in (("service", 0.6), ("model", 0.4), ("schema", 0.4)) if rng.random() < p],
    )


def violation_plan(modules: int, seed: int) -> dict[int, tuple[str, int]]:
    """Module index -> (rule id, variant): ``max(1, round(2% of N))`` per rule, one per module."""
    per_rule = max(1, round(modules * VIOLATION_RATE))
    wanted = [(rule, k) for k in range(per_rule) for rule in RULES][:modules]
    chosen = random.Random(seed).sample(range(modules), len(wanted))
    return dict(zip(chosen, wanted, strict=True))


# -- module file contents ---------------------------------------------------------------------------


def definition_source(spec: ModuleSpec, code: str | None = None, broken: bool = False) -> str:
    code = code if code is not None else (spec.name.replace("_", "-") if spec.hyphen_code else spec.name)
    keywords = [f'    code="{code}",'] if code else []
    keywords += [f'    name="{spec.title}"' + ("" if broken else ",")]  # broken: a missing comma
    keywords += [
        f'    description="{spec.title}: {", ".join(human(plural(e)) for e in spec.entities)}.",',
        f'    version="1.{spec.index % 7}.0",',
        f"    is_self_contained={spec.self_contained},",
        f"    requires={json.dumps(spec.requires)},",
    ]
    return lines(
        '"""Declares the module to the runtime (discovered by modlint.runtime)."""',
        "",
        "from modlint.runtime import ModuleDefinition",
        "",
        f"{spec.name}_module = ModuleDefinition(",
        keywords,
        ")",
    )


def config_source(spec: ModuleSpec, style: int | None = None) -> str:
    rng = random.Random(spec.salt)
    options = [
        f"    page_size: int = {rng.choice((20, 25, 50, 100))}",
        f"    cache_ttl_seconds: int = {rng.choice((30, 60, 300))}",
        f'    default_currency: str = "{rng.choice(("EUR", "USD", "GBP"))}"',
        f"    send_emails: bool = {rng.choice((True, False))}",
        "    api_base_url: str | None = None",
        f"    max_batch_size: int = {rng.choice((100, 500, 1000))}",
    ]
    bindings = {
        0: f"config_class = {spec.cls}Config",
        1: f"config = {spec.cls}Config()",
        2: f"config_class: type[BaseSettings] = {spec.cls}Config",
        10: f"settings = {spec.cls}Config()",
        11: f'__all__ = ["config", "{spec.cls}Config"]',
        12: f"config: {spec.cls}Config",
    }
    return lines(
        f'"""Settings of the {spec.title} module (environment prefix {spec.name.upper()}_)."""',
        "",
        "from pydantic_settings import BaseSettings, SettingsConfigDict",
        "",
        "",
        f"class {spec.cls}Config(BaseSettings):",
        f'    """Configuration of {spec.name}; every field can be set in the environment."""',
        "",
        f'    model_config = SettingsConfigDict(env_prefix="{spec.name.upper()}_")',
        "",
        "    enabled: bool = True",
        rng.sample(options, rng.randint(2, 5)),
        "",
        "",
        bindings[spec.config_style if style is None else style],
    )


def exceptions_source(spec: ModuleSpec) -> str:
    body = [
        f'"""Errors raised by the {spec.title} module."""',
        "",
        "",
        f"class {spec.cls}Error(Exception):",
        f'    """Base class of every {spec.name} error."""',
        "",
        "",
        f"class {spec.cls}Conflict({spec.cls}Error):",
        "    def __init__(self, what: str) -> None:",
        '        super().__init__(f"{what} already exists")',
        "        self.what = what",
    ]
    for entity in spec.entities:
        body += [
            "",
            "",
            f"class {camel(entity)}NotFound({spec.cls}Error):",
            f"    def __init__(self, {entity}_id: int) -> None:",
            f'        super().__init__(f"{human(entity)} {{{entity}_id}} not found")',
            f"        self.{entity}_id = {entity}_id",
        ]
    return lines(body)


def model_source(spec: ModuleSpec, entity: str, docstring_extra: str = "") -> str:
    cls, columns = camel(entity), spec.fields[entity]
    body = [
        f'"""SQLAlchemy model of {human(plural(entity))} in the {spec.title} module{docstring_extra}."""',
        "",
        "from __future__ import annotations",
        "",
        "from datetime import datetime",
        "",
        "from sqlalchemy import Boolean, DateTime, Integer, Numeric, String, Text, func",
        "from sqlalchemy.orm import Mapped, mapped_column",
        "",
        "from app.core.database import Base",
        "",
        "",
        f"class {cls}(Base):",
        f'    """One {human(entity)} owned by {spec.name}."""',
        "",
        f'    __tablename__ = "{spec.name}_{entity}"',
        "",
        "    id: Mapped[int] = mapped_column(Integer, primary_key=True)",
        [f"    {c.name}: Mapped[{c.annotation}] = mapped_column({c.column})" for c in columns],
        "    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())",
        "    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), onupdate=func.now())",
        "",
        "    def __repr__(self) -> str:",
        f'        return f"<{cls} id={{self.id}}>"',
        "",
        "    def to_dict(self) -> dict[str, object]:",
        '        """A plain dict for exports and the legacy API."""',
        "        return {",
        '            "id": self.id,',
        [f'            "{c.name}": self.{c.name},' for c in columns],
        '            "created_at": self.created_at.isoformat() if self.created_at else None,',
        "        }",
    ]
    if any(c.name == "is_active" for c in columns):
        body += ["", "    def deactivate(self) -> None:", "        self.is_active = False"]
    return lines(body)


def schema_source(spec: ModuleSpec, entity: str) -> str:
    cls, columns = camel(entity), spec.fields[entity]
    texts = text_fields(columns)
    body = [
        f'"""Pydantic schemas of the {human(entity)} API."""',
        "",
        "from __future__ import annotations",
        "",
        "from datetime import datetime",
        "",
        "from pydantic import BaseModel, ConfigDict, Field, field_validator",
        "",
        "",
        f"class {cls}Base(BaseModel):",
        [f"    {c.name}: {c.annotation} = {c.schema_default}" for c in columns],
    ]
    if texts:
        body += [
            "",
            f'    @field_validator("{texts[0].name}")',
            "    @classmethod",
            f"    def _strip_{texts[0].name}(cls, value: str) -> str:",
            "        return value.strip()",
        ]
    body += [
        "",
        "",
        f"class {cls}Create({cls}Base):",
        f'    """Payload to create one {human(entity)}."""',
        "",
        "",
        f"class {cls}Update(BaseModel):",
        [f"    {c.name}: {_optional(c.annotation)} = None" for c in columns],
        "",
        "",
        f"class {cls}Read({cls}Base):",
        "    model_config = ConfigDict(from_attributes=True)",
        "",
        "    id: int",
        "    created_at: datetime",
        "",
        "",
        f"class {cls}Page(BaseModel):",
        f"    items: list[{cls}Read]",
        "    total: int",
        "    offset: int = 0",
        "    limit: int = 50",
    ]
    return lines(body)


def _optional(annotation: str) -> str:
    return annotation if "None" in annotation else f"{annotation} | None"


def _own(spec: ModuleSpec, depth: int, dotted: str) -> str:
    """Import base for a module-internal name: relative (``..x``) or absolute."""
    return "." * depth + dotted if spec.relative_imports else f"{spec.package}.{dotted}"


def service_source(spec: ModuleSpec, entity: str) -> str:
    cls, texts = camel(entity), text_fields(spec.fields[entity])
    errors = [f"from {_own(spec, 2, 'exceptions')} import {cls}NotFound"] if spec.has_exceptions else []
    error = f"{cls}NotFound" if spec.has_exceptions else "LookupError"
    body = [
        f'"""Business logic of {human(plural(entity))}."""',
        "",
        "from __future__ import annotations",
        "",
        "from datetime import datetime, timezone",
        "",
        errors,
        f"from {_own(spec, 2, 'schemas.' + entity)} import {cls}Create, {cls}Read, {cls}Update",
        "",
        "",
        f"class {cls}Service:",
        f'    """Keeps {human(plural(entity))} in memory; the SQL-backed version reads {spec.name}_{entity}."""',
        "",
        "    def __init__(self) -> None:",
        f"        self._items: dict[int, {cls}Read] = {{}}",
        "        self._next_id = 1",
        "",
        f"    def create(self, data: {cls}Create) -> {cls}Read:",
        f"        item = {cls}Read(id=self._next_id, created_at=datetime.now(timezone.utc), **data.model_dump())",
        "        self._items[item.id] = item",
        "        self._next_id += 1",
        "        return item",
        "",
        f"    def get(self, item_id: int) -> {cls}Read:",
        "        try:",
        "            return self._items[item_id]",
        "        except KeyError:",
        f"            raise {error}(item_id) from None",
        "",
        f"    def list_all(self, *, offset: int = 0, limit: int = 50) -> list[{cls}Read]:",
        "        items = sorted(self._items.values(), key=lambda item: item.id)",
        "        return items[offset : offset + limit]",
        "",
        f"    def update(self, item_id: int, data: {cls}Update) -> {cls}Read:",
        "        changes = data.model_dump(exclude_unset=True)",
        "        updated = self.get(item_id).model_copy(update=changes)",
        "        self._items[item_id] = updated",
        "        return updated",
        "",
        "    def delete(self, item_id: int) -> None:",
        "        self.get(item_id)",
        "        del self._items[item_id]",
        "",
        "    def count(self) -> int:",
        "        return len(self._items)",
    ]
    if texts:
        body += [
            "",
            f"    def search(self, text: str) -> list[{cls}Read]:",
            "        needle = text.casefold()",
            f"        return [item for item in self._items.values() if needle in item.{texts[0].name}.casefold()]",
        ]
    body += ["", "", f"{entity}_service = {cls}Service()"]
    return lines(body)


def api_route_source(spec: ModuleSpec, entity: str, router: str = "router", extra_import: str = "") -> str:
    cls, many = camel(entity), plural(entity)
    slug = spec.name.replace("_", "-")
    return lines(
        f'"""JSON API of {human(plural(entity))}."""',
        "",
        "from fastapi import APIRouter, HTTPException, Query, status",
        "",
        [extra_import, ""] if extra_import else [],
        f"from {_own(spec, 3, 'schemas.' + entity)} import {cls}Create, {cls}Read, {cls}Update",
        f"from {_own(spec, 3, 'services.' + entity + '_service')} import {entity}_service",
        "",
        f'{router} = APIRouter(prefix="/api/{slug}/{many.replace("_", "-")}", tags=["{spec.name}"])',
        "",
        "",
        f'@{router}.get("", response_model=list[{cls}Read])',
        f"def list_{many}(offset: int = Query(0, ge=0), limit: int = Query(50, le=200)) -> list[{cls}Read]:",
        f"    return {entity}_service.list_all(offset=offset, limit=limit)",
        "",
        "",
        f'@{router}.get("/{{item_id}}", response_model={cls}Read)',
        f"def get_{entity}(item_id: int) -> {cls}Read:",
        "    try:",
        f"        return {entity}_service.get(item_id)",
        "    except LookupError as exc:",
        "        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc",
        "",
        "",
        f'@{router}.post("", response_model={cls}Read, status_code=status.HTTP_201_CREATED)',
        f"def create_{entity}(data: {cls}Create) -> {cls}Read:",
        f"    return {entity}_service.create(data)",
        "",
        "",
        f'@{router}.patch("/{{item_id}}", response_model={cls}Read)',
        f"def update_{entity}(item_id: int, data: {cls}Update) -> {cls}Read:",
        f"    return {entity}_service.update(item_id, data)",
        "",
        "",
        f'@{router}.delete("/{{item_id}}", status_code=status.HTTP_204_NO_CONTENT)',
        f"def delete_{entity}(item_id: int) -> None:",
        f"    {entity}_service.delete(item_id)",
    )


def page_route_source(spec: ModuleSpec, entity: str) -> str:
    many = plural(entity)
    return lines(
        f'"""HTML pages of {human(plural(entity))}."""',
        "",
        "from pathlib import Path",
        "",
        "from fastapi import APIRouter, Request",
        "from fastapi.responses import HTMLResponse",
        "from fastapi.templating import Jinja2Templates",
        "",
        f"from {_own(spec, 3, 'services.' + entity + '_service')} import {entity}_service",
        "",
        f'router = APIRouter(prefix="/{spec.name.replace("_", "-")}", tags=["{spec.name}-pages"])',
        'templates = Jinja2Templates(directory=str(Path(__file__).resolve().parents[2] / "templates"))',
        "",
        "",
        f'@router.get("/{many}", response_class=HTMLResponse)',
        f"def {many}_page(request: Request) -> HTMLResponse:",
        f"    items = {entity}_service.list_all()",
        f'    return templates.TemplateResponse(request, "{entity}_list.html", {{"items": items}})',
        "",
        "",
        f'@router.get("/{many}/{{item_id}}", response_class=HTMLResponse)',
        f"def {entity}_page(request: Request, item_id: int) -> HTMLResponse:",
        f"    item = {entity}_service.get(item_id)",
        f'    return templates.TemplateResponse(request, "{entity}_detail.html", {{"item": item}})',
    )


def template_source(spec: ModuleSpec, entity: str, kind: str) -> str:
    title = human(plural(entity)).title() if kind == "list" else human(entity).title()
    if kind == "list":
        body = ['    <ul class="items">', "      {% for item in items %}", "      <li>{{ item.id }}</li>"]
        body += ["      {% endfor %}", "    </ul>"]
    else:
        body = ["    <dl>", "      <dt>id</dt><dd>{{ item.id }}</dd>", "    </dl>"]
    return lines(
        "<!doctype html>",
        '<html lang="en">',
        "  <head>",
        f"    <title>{title}</title>",
        f'    <link rel="stylesheet" href="/static/{spec.name}/{spec.name}.css">',
        "  </head>",
        "  <body>",
        f"    <h1>{title}</h1>",
        body,
        f'    <script src="/static/{spec.name}/{spec.name}.js"></script>',
        "  </body>",
        "</html>",
    )


def static_files(spec: ModuleSpec) -> Files:
    css = lines(".items {", "  list-style: none;", "  padding: 0;", "}", "", ".items li {", "  margin: 0.25rem 0;", "}")
    js = lines(
        "document.addEventListener('DOMContentLoaded', () => {",
        f"  document.body.dataset.module = '{spec.name}';",
        "});",
    )
    return {f"static/{spec.name}.css": css, f"static/{spec.name}.js": js}


def task_source(spec: ModuleSpec, verb: str, entity: str) -> str:
    many = plural(entity)
    return lines(
        f'"""Periodic task: {verb} {human(many)}."""',
        "",
        "import logging",
        "",
        f"from {spec.package}.services.{entity}_service import {entity}_service",
        "",
        "logger = logging.getLogger(__name__)",
        "",
        "",
        f"def {verb}_{many}(batch_size: int = 100) -> int:",
        f'    """{verb.capitalize()} up to ``batch_size`` {human(many)}; return how many were handled."""',
        "    handled = 0",
        f"    for item in {entity}_service.list_all(limit=batch_size):",
        '        if getattr(item, "is_active", True):',
        "            handled += 1",
        f'    logger.info("{verb}: handled %d {human(many)}", handled)',
        "    return handled",
    )


def locale_source(spec: ModuleSpec, locale: str) -> str:
    messages = {f"{spec.name}.title": f"{spec.title} ({locale})"}
    for entity in spec.entities:
        messages[f"{spec.name}.{entity}.list"] = f"{human(plural(entity)).title()} [{locale}]"
        messages[f"{spec.name}.{entity}.not_found"] = f"{human(entity).title()} not found [{locale}]"
    return json.dumps(messages, indent=2, sort_keys=True) + "\n"


def migration_name(spec: ModuleSpec, seq: int) -> tuple[str, str]:
    """(file name, description) of the ``seq``-th (1-based) migration."""
    entities = spec.entities
    if seq <= len(entities):
        desc = f"create_{plural(entities[seq - 1])}"
    else:
        entity = entities[seq % len(entities)]
        desc = f"add_{spec.fields[entity][0].name}_index_to_{plural(entity)}"
    return f"{spec.name}_{seq:03d}_{desc}.py", desc


def migration_source(spec: ModuleSpec, seq: int, desc: str, revision: str | None = None) -> str:
    revision = revision or f"{spec.name}_{seq:03d}"
    previous = f"{spec.name}_{seq - 1:03d}" if seq > 1 else ""
    table = f"{spec.name}_{spec.entities[(seq - 1) % len(spec.entities)]}"
    if desc.startswith("create_"):
        up = [
            f'    op.create_table("{table}",',
            '        sa.Column("id", sa.Integer, primary_key=True),',
            '        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),',
            "    )",
        ]
        down_body = [f'    op.drop_table("{table}")']
    else:
        up = [f'    op.create_index("ix_{table}_{seq}", "{table}", ["id"])']
        down_body = [f'    op.drop_index("ix_{table}_{seq}", table_name="{table}")']
    return lines(
        f'"""{human(desc).capitalize()}.',
        "",
        f"Revision ID: {revision}",
        f"Revises: {previous}".rstrip(),
        f"Create Date: 2024-{1 + spec.index % 12:02d}-{1 + seq:02d} 10:00:00",
        '"""',
        "",
        "import sqlalchemy as sa",
        "from alembic import op",
        "",
        f'revision = "{revision}"',
        f"down_revision = {json.dumps(previous) if previous else None}",
        f'branch_labels = ("{spec.name}",)' if seq == 1 else "branch_labels = None",
        "depends_on = None",
        "",
        "",
        "def upgrade() -> None:",
        up,
        "",
        "",
        "def downgrade() -> None:",
        down_body,
    )


# -- assembling a module ----------------------------------------------------------------------------


def _doc(text: str) -> str:
    return f'"""{text}"""\n'


def core_files(spec: ModuleSpec) -> Files:
    files: Files = {
        "__init__.py": _doc(f"{spec.title} module ({spec.name})."),
        "definition.py": definition_source(spec),
        "config.py": config_source(spec),
    }
    if spec.has_exceptions:
        files["exceptions.py"] = exceptions_source(spec)
    return files


def layer_files(spec: ModuleSpec) -> Files:
    files: Files = {"services/__init__.py": _doc(f"Services of {spec.name}.")}
    files["models/__init__.py"] = lines(
        [f"from {spec.package}.models.{e} import {camel(e)}" for e in spec.entities],
        "",
        f"__all__ = {json.dumps([camel(e) for e in spec.entities])}",
    )
    for entity in spec.entities:
        files[f"services/{entity}_service.py"] = service_source(spec, entity)
        files[f"models/{entity}.py"] = model_source(spec, entity)
    if spec.relative_imports:
        names = json.dumps([f"{camel(e)}Service" for e in spec.entities])
        facade = [f"from .{e}_service import {camel(e)}Service" for e in spec.entities]
        files["services/facade.py"] = lines('"""One import of every service."""', "", facade, "", f"__all__ = {names}")
    if spec.has_schemas:
        files["schemas/__init__.py"] = ""
        for entity in spec.entities:
            files[f"schemas/{entity}.py"] = schema_source(spec, entity)
    return files


def route_files(spec: ModuleSpec) -> Files:
    files: Files = {"routes/__init__.py": _doc(f"Routes of {spec.name}."), "routes/api/__init__.py": ""}
    for entity in spec.entities:
        files[f"routes/api/{plural(entity)}.py"] = api_route_source(spec, entity)
    if spec.ui:
        files["routes/pages/__init__.py"] = ""
        for entity in spec.entities[:2]:
            files[f"routes/pages/{plural(entity)}.py"] = page_route_source(spec, entity)
            for kind in ("list", "detail"):
                files[f"templates/{entity}_{kind}.html"] = template_source(spec, entity, kind)
        files.update(static_files(spec))
    return files


def extra_files(spec: ModuleSpec) -> Files:
    files: Files = {}
    if spec.tasks:
        files["tasks/__init__.py"] = _doc(f"Background tasks of {spec.name}.")
        verb = TASK_VERBS[spec.index % len(TASK_VERBS)]
        files[f"tasks/{verb}_{plural(spec.entities[0])}.py"] = task_source(spec, verb, spec.entities[0])
    for locale in spec.locales:
        files[f"locales/{locale}.json"] = locale_source(spec, locale)
    if spec.migrations:
        files["migrations/__init__.py"] = ""
        files["migrations/versions/__init__.py"] = ""
        if spec.env_py:
            files["migrations/env.py"] = lines(
                _doc(f"Alembic environment of {spec.name} (one branch per module).").rstrip(),
                "",
                "from app.core.database import Base",
                "",
                "target_metadata = Base.metadata",
            )
        for seq in range(1, spec.migrations + 1):
            name, desc = migration_name(spec, seq)
            files[f"migrations/versions/{name}"] = migration_source(spec, seq, desc)
    return files


def module_files(spec: ModuleSpec) -> Files:
    return {**core_files(spec), **layer_files(spec), **route_files(spec), **extra_files(spec)}


# -- legacy code ------------------------------------------------------------------------------------


def legacy_shims(spec: ModuleSpec) -> Files:
    """Project-relative legacy files re-exporting this module's code (all clean shims)."""
    entity, cls = spec.entities[0], camel(spec.entities[0])
    files: Files = {}
    if "service" in spec.shims:
        files[f"app/services/{spec.name}_{entity}_service.py"] = lines(
            _doc(f"Deprecated: moved to {spec.package}.services.{entity}_service.").rstrip(),
            "",
            f"from {spec.package}.services.{entity}_service import {cls}Service, {entity}_service",
            "",
            f"Legacy{cls}Service = {cls}Service",
            "",
            f'__all__ = ["{cls}Service", "Legacy{cls}Service", "{entity}_service"]',
        )
    if "model" in spec.shims:
        files[f"models/database/{spec.name}_{entity}.py"] = lines(
            _doc(f"Deprecated: moved to {spec.package}.models.{entity}.").rstrip(),
            "",
            f"from {spec.package}.models.{entity} import {cls}",
            "",
            f'__all__ = ["{cls}"]',
        )
    if "schema" in spec.shims and spec.has_schemas:
        files[f"models/schema/{spec.name}_{entity}.py"] = lines(
            _doc(f"Deprecated: moved to {spec.package}.schemas.{entity}.").rstrip(),
            "",
            "from typing import TYPE_CHECKING",
            "",
            f"from {spec.package}.schemas.{entity} import {cls}Create, {cls}Read",
            "",
            "if TYPE_CHECKING:",
            f"    from {spec.package}.schemas.{entity} import {cls}Update",
            "",
            f"{cls}Schema = {cls}Read",
            "",
            f'__all__ = ["{cls}Create", "{cls}Read", "{cls}Schema"]',
        )
    return files


def legacy_gateway_source(spec: ModuleSpec) -> str:
    return lines(
        _doc(f"Legacy {spec.title} gateway; {spec.package} still re-exports it from here.").rstrip(),
        "",
        "import hashlib",
        "",
        "",
        f"class {spec.cls}Gateway:",
        '    """Talks to the external provider (simulated)."""',
        "",
        "    max_amount_cents = 1_000_000",
        "",
        '    def __init__(self, provider: str = "fakepay") -> None:',
        "        self.provider = provider",
        "",
        "    def submit(self, reference: str, amount_cents: int) -> str:",
        "        if not 0 < amount_cents <= self.max_amount_cents:",
        '            raise ValueError("amount out of range")',
        "        digest = hashlib.sha256(f'{reference}:{amount_cents}'.encode()).hexdigest()[:12]",
        '        return f"{self.provider}-{digest}"',
    )


def project_files() -> Files:
    """Files outside the modules: pyproject, app shell, legacy package markers, one legacy helper."""
    return {
        "pyproject.toml": lines(
            "[project]",
            'name = "benchmark-app"',
            'version = "0.1.0"',
            'requires-python = ">=3.10"',
            "",
            "[tool.modlint]",
        ),
        "app/__init__.py": _doc("Generated modular-monolith application (modlint benchmark)."),
        "app/modules/__init__.py": _doc("Feature modules; each folder is discovered through its definition.py."),
        "app/main.py": lines(
            _doc("Application entry point.").rstrip(),
            "",
            "from fastapi import FastAPI",
            "",
            'app = FastAPI(title="Benchmark app")',
        ),
        "app/core/__init__.py": "",
        "app/core/database.py": lines(
            "from sqlalchemy.orm import DeclarativeBase",
            "",
            "",
            "class Base(DeclarativeBase):",
            "    pass",
        ),
        "app/services/__init__.py": _doc("Legacy service layer, being migrated into app/modules/."),
        "app/services/mailer.py": lines(
            _doc("Legacy mailer (not migrated yet; imports nothing from app.modules).").rstrip(),
            "",
            "import logging",
            "",
            "logger = logging.getLogger(__name__)",
            "",
            "",
            "def send_mail(to: str, subject: str) -> None:",
            '    if "@" not in to:',
            '        raise ValueError(f"invalid recipient {to!r}")',
            '    logger.info("mail to %s: %s", to, subject)',
        ),
        "models/__init__.py": "",
        "models/database/__init__.py": _doc("Legacy SQLAlchemy models; each file re-exports a module's model."),
        "models/schema/__init__.py": _doc("Legacy pydantic schemas; each file re-exports a module's schema."),
    }


# -- deliberate violations --------------------------------------------------------------------------
#
# Each violation edits one module's files (module-relative) and may add project files (legacy code).
# It returns the exact findings it causes, per rule. Preconditions it needs (self-contained, UI,
# tasks, migrations) are set on the spec before the module's files are built.


@dataclass
class Edit:
    """The files of one module plus the project files a violation adds."""

    spec: ModuleSpec
    files: Files
    project: Files

    def drop(self, prefix: str) -> None:
        """Remove a file, or a folder (``x/``) and everything below it."""
        for rel in [r for r in self.files if r == prefix or r.startswith(prefix)]:
            del self.files[rel]


Violation = Callable[[Edit, int], dict[str, int]]


def _v000(e: Edit, k: int) -> dict[str, int]:
    entity = e.spec.entities[0]
    if k % 3 == 0:  # a syntax error in a service (its MOD-002 check is skipped, nothing else reads it)
        rel = f"services/{entity}_service.py"
        e.files[rel] = str(e.files[rel]).replace("    def count(self) -> int:", "    def count(self) -> int", 1)
    elif k % 3 == 1:  # a latin-1 model without a coding cookie
        e.files[f"models/{entity}.py"] = model_source(e.spec, entity, " (Gebühr, Größe)").encode("latin-1")
    else:  # a syntax error in definition.py: no facts, so MOD-001/008/012 stay silent
        e.files["definition.py"] = definition_source(e.spec, broken=True)
    return {"MOD-000": 1}


def _v001(e: Edit, k: int) -> dict[str, int]:
    folder = ("schemas/", "routes/", "services/")[k % 3]
    e.drop(folder)
    return {"MOD-001": 2 if folder == "routes/" else 1}  # routes/ takes routes/api/ with it


def _v002(e: Edit, k: int) -> dict[str, int]:
    e.project[f"app/services/{e.spec.name}_gateway.py"] = legacy_gateway_source(e.spec)
    e.files["services/gateway.py"] = lines(
        _doc("Gateway client (still implemented in the legacy app.services package).").rstrip(),
        "",
        f"from app.services.{e.spec.name}_gateway import {e.spec.cls}Gateway",
        "",
        f'__all__ = ["{e.spec.cls}Gateway"]',
    )
    return {"MOD-002": 1}


def _v003(e: Edit, k: int) -> dict[str, int]:
    entity, cls = e.spec.entities[0], camel(e.spec.entities[0])
    e.project[f"models/schema/{e.spec.name}_{entity}.py"] = schema_source(e.spec, entity)
    e.files[f"schemas/{entity}.py"] = lines(
        f"from models.schema.{e.spec.name}_{entity} import {cls}Create, {cls}Page, {cls}Read, {cls}Update",
        "",
        f'__all__ = ["{cls}Create", "{cls}Page", "{cls}Read", "{cls}Update"]',
    )
    return {"MOD-003": 1}


def _v004(e: Edit, k: int) -> dict[str, int]:
    entity = e.spec.entities[0]
    rel = f"routes/api/{plural(entity)}.py"
    if k % 2 == 0:  # a top-level import of the legacy mailer
        e.files[rel] = api_route_source(e.spec, entity, extra_import="from app.services.mailer import send_mail")
    else:  # an import inside a function counts too
        call = f"    return {entity}_service.create(data)"
        legacy = f"    from models.database.{e.spec.name}_{entity} import {camel(entity)}  # still the legacy model"
        e.files[rel] = str(e.files[rel]).replace(call, f"{legacy}\n\n{call}", 1)
    return {"MOD-004": 1}


def _v005(e: Edit, k: int) -> dict[str, int]:
    missing = (["static/"], ["templates/"], ["static/", "templates/"])[k % 3]
    for folder in missing:
        e.drop(folder)
    return {"MOD-005": len(missing)}


def _v006(e: Edit, k: int) -> dict[str, int]:
    entity, cls = e.spec.entities[-1], camel(e.spec.entities[-1])
    e.project[f"models/database/{e.spec.name}_{entity}.py"] = model_source(e.spec, entity)
    e.files[f"models/{entity}.py"] = lines(
        _doc("The model still lives in the legacy package.").rstrip(),
        "",
        f"from models.database.{e.spec.name}_{entity} import {cls}",
        "",
        f"{cls}Model = {cls}",
    )
    return {"MOD-006": 1}


def _v007(e: Edit, k: int) -> dict[str, int]:
    spec, entity = e.spec, e.spec.entities[0]
    tail = (
        ["", "", f"def legacy_{entity}_lookup(item_id: int) -> dict[str, object]:", '    return {"id": item_id}']
        if k % 2 == 0
        else ["", "logger = logging.getLogger(__name__)"]
    )
    e.project[f"app/services/{spec.name}_helpers.py"] = lines(
        _doc(f"Half-migrated helpers of {spec.name}.").rstrip(),
        "",
        "import logging",
        "",
        f"from {spec.package}.services.{entity}_service import {entity}_service",
        "",
        f'__all__ = ["{entity}_service"]',
        tail,
    )
    return {"MOD-007": 1}


def _v008(e: Edit, k: int) -> dict[str, int]:
    e.drop("exceptions.py")
    return {"MOD-008": 1}


def _v009(e: Edit, k: int) -> dict[str, int]:
    e.drop("definition.py")
    return {"MOD-009": 1}


def _v010(e: Edit, k: int) -> dict[str, int]:
    entity = e.spec.entities[-1]
    e.files[f"routes/api/{plural(entity)}.py"] = api_route_source(e.spec, entity, router=("api", "_router")[k % 2])
    return {"MOD-010": 1}


def _v011(e: Edit, k: int) -> dict[str, int]:
    e.drop("tasks/__init__.py")
    return {"MOD-011": 1}


def _v012(e: Edit, k: int) -> dict[str, int]:
    code = (e.spec.domain, e.spec.name[:-1], "")[k % 3]  # "" drops the code= keyword altogether
    e.files["definition.py"] = definition_source(e.spec, code=code)
    return {"MOD-012": 1}


def _v013(e: Edit, k: int) -> dict[str, int]:
    e.files["config.py"] = config_source(e.spec, style=10 + k % 3)
    return {"MOD-013": 1}


def _v014(e: Edit, k: int) -> dict[str, int]:
    spec, seq = e.spec, e.spec.migrations
    if k % 3 == 0:  # an Alembic autogenerate name
        name = f"{(spec.index * 2654435761) % 16**12:012x}_add_flags.py"
    elif k % 3 == 1:  # the last seq again, written 0-padded differently (2 == 002): sorts after it
        name = f"{spec.name}_{seq:02d}_fix_{plural(spec.entities[0])}.py"
    else:  # not snake case
        name = f"{spec.name}_{seq + 1:03d}_AddFlags.py"
    e.files[f"migrations/versions/{name}"] = migration_source(spec, seq + 1, "add_flags", revision=f"r{k}")
    return {"MOD-014": 2 if k % 3 == 1 else 1}  # a seq clash is reported at both files


def _v015(e: Edit, k: int) -> dict[str, int]:
    e.drop(("migrations/versions/__init__.py", "migrations/__init__.py", "migrations/versions/")[k % 3])
    return {"MOD-015": 1}


VIOLATIONS: dict[str, Violation] = {
    "MOD-000": _v000,
    "MOD-001": _v001,
    "MOD-002": _v002,
    "MOD-003": _v003,
    "MOD-004": _v004,
    "MOD-005": _v005,
    "MOD-006": _v006,
    "MOD-007": _v007,
    "MOD-008": _v008,
    "MOD-009": _v009,
    "MOD-010": _v010,
    "MOD-011": _v011,
    "MOD-012": _v012,
    "MOD-013": _v013,
    "MOD-014": _v014,
    "MOD-015": _v015,
}


def prepare(spec: ModuleSpec, rule: str, variant: int) -> None:
    """Give the module what its violation needs (and nothing that would add other findings)."""
    spec.violation, spec.variant = rule, variant
    if rule in ("MOD-001", "MOD-008", "MOD-003"):
        spec.self_contained = spec.has_schemas = spec.has_exceptions = True
    if rule == "MOD-001" and variant % 3 == 1:
        spec.ui = False
    spec.ui = spec.ui or rule == "MOD-005"
    spec.tasks = spec.tasks or rule == "MOD-011"
    if rule in ("MOD-014", "MOD-015"):
        spec.migrations = max(spec.migrations, len(spec.entities))
        spec.env_py = spec.env_py or variant % 3 == 2
    if rule == "MOD-006":
        spec.shims = [s for s in spec.shims if s != "model"]
    if rule == "MOD-003":
        spec.shims = [s for s in spec.shims if s != "schema"]


# -- the tree ---------------------------------------------------------------------------------------


def build(modules: int, seed: int, *, boundaries: bool = False) -> tuple[Files, Counter[str], dict[str, list[str]]]:
    """Every file of the tree (project-relative), the expected findings and the violating modules."""
    rules = RULES + BOUNDARY_RULES if boundaries else RULES
    files = project_files()
    expected: Counter[str] = Counter({rule: 0 for rule in rules})
    violators: dict[str, list[str]] = {rule: [] for rule in rules}
    plan = violation_plan(modules, seed)
    specs = [module_spec(i, seed) for i in range(modules)]
    for spec in specs:
        spec.requires = [s.name for s in specs[max(0, spec.index - 3) : spec.index][: spec.index % 3]]
    crossing = boundary_plan(specs, plan, seed) if boundaries else {}
    for spec in specs:
        edit = Edit(spec, {}, {})
        if spec.index in plan:
            prepare(spec, *plan[spec.index])
        edit.files = module_files(spec)
        if boundaries:
            rule = crossing.get(spec.index)
            edit.files["services/links.py"] = links_source(spec, specs, rule)
            if rule is not None:
                expected[rule] += 1
                violators[rule].append(spec.name)
        files.update(legacy_shims(spec))
        if spec.violation is not None:
            expected.update(VIOLATIONS[spec.violation](edit, spec.variant))
            violators[spec.violation].append(spec.name)
        files.update({f"{spec.path}/{rel}": content for rel, content in edit.files.items()})
        files.update(edit.project)
    if boundaries:
        files.update(peer_configs(specs))
    return files, expected, violators


def peer_configs(specs: Sequence[ModuleSpec]) -> Files:
    """``tach.toml`` and ``.importlinter`` declaring the same graph as the definitions' ``requires``
    (tach: ``depends_on``; import-linter: no cycles between the modules), for the side-by-side rows."""
    tach = ['source_roots = ["."]', "ignore_type_checking_imports = true", 'exclude = ["**/tests", "**/__pycache__"]']
    for spec in specs:
        depends = ", ".join(f'"{MODULES_ROOT.replace("/", ".")}.{r}"' for r in spec.requires)
        tach += ["", "[[modules]]", f'path = "{spec.package}"', f"depends_on = [{depends}]"]
    importlinter = [
        "[importlinter]",
        "root_package = app",
        "exclude_type_checking_imports = True",
        "",
        "[importlinter:contract:module-cycles]",
        "name = Modules do not import each other in cycles",
        "type = acyclic_siblings",
        f"ancestors = {MODULES_ROOT.replace('/', '.')}",
        "depth = 0",
    ]
    return {"tach.toml": lines(tach), ".importlinter": lines(importlinter)}


# -- boundaries (``--boundaries``) ------------------------------------------------------------------
#
# Every module imports the first service of each module it requires (``services/links.py``), so
# every declared edge is used and all import edges go from a higher module index to a lower one.
# Some modules also import a lower module they do not require, but only under ``if TYPE_CHECKING:``
# (no finding). About 2% of the modules per rule, each without any other violation and at least
# BOUNDARY_SPACING apart, carry one boundaries violation:
# MOD-016: an import of module i-5, which i does not require;
# MOD-017: the first required module's model instead of its service;
# MOD-018: module i imports i+3, which requires i (and i requires i+3, so MOD-016 stays quiet):
#          the only edge upwards, so exactly one cycle.


def boundary_plan(specs: Sequence[ModuleSpec], plan: dict[int, tuple[str, int]], seed: int) -> dict[int, str]:
    """Module index -> the boundaries rule it violates; a cycle's upper module is also made to require
    nothing new (its requires already hold the lower one)."""
    per_rule = max(1, round(len(specs) * VIOLATION_RATE))
    candidates = [
        s.index for s in specs if s.index >= 5 and s.index % 3 in (1, 2) and s.index + 3 < len(specs) and s.requires
    ]
    rng = random.Random(seed + 16)
    rng.shuffle(candidates)
    chosen: dict[int, str] = {}
    wanted = [rule for _ in range(per_rule) for rule in BOUNDARY_RULES]
    for index in candidates:
        if not wanted:
            break
        near = range(index - BOUNDARY_SPACING, index + BOUNDARY_SPACING + 1)
        if any(i in plan for i in (index, index + 3)) or any(i in chosen for i in near):
            continue
        chosen[index] = wanted.pop(0)
    for index, rule in chosen.items():
        if rule == "MOD-018":
            specs[index].requires = [*specs[index].requires, specs[index + 3].name]
    return chosen


def _service_of(spec: ModuleSpec) -> tuple[str, str]:
    """The import path and class of a module's first service."""
    entity = spec.entities[0]
    return f"{spec.package}.services.{entity}_service", f"{camel(entity)}Service"


def links_source(spec: ModuleSpec, specs: Sequence[ModuleSpec], rule: str | None) -> str:
    """``services/links.py``: imports of what the module requires (and its violation, if any)."""
    by_name = {s.name: s for s in specs}
    imports: list[str] = []
    names: list[str] = []
    for k, required in enumerate(spec.requires):
        other = by_name[required]
        dotted, cls = _service_of(other)
        if rule == "MOD-017" and k == 0:
            dotted, cls = f"{other.package}.models.{other.entities[0]}", camel(other.entities[0])
        imports.append(f"from {dotted} import {cls} as Link{k}")
        names.append(f"Link{k}")
    if rule == "MOD-016":
        dotted, cls = _service_of(specs[spec.index - 5])
        imports.append(f"from {dotted} import {cls} as Undeclared")
        names.append("Undeclared")
    typing_only = spec.index % 7 == 0 and spec.index >= 4
    head = ["from typing import TYPE_CHECKING", ""] if typing_only else []
    guarded = []
    if typing_only:
        dotted, cls = _service_of(specs[spec.index - 4])
        guarded = ["", "if TYPE_CHECKING:", f"    from {dotted} import {cls}"]
    return lines(
        _doc(f"What {spec.name} uses of the modules it requires."),
        head,
        imports,
        guarded,
        "",
        "",
        "def linked() -> list[type]:",
        f'    """The services {spec.name} calls."""',
        f"    return [{', '.join(names)}]",
    )


def generate(root: Path, modules: int, seed: int = 0, *, boundaries: bool = False) -> GeneratedTree:
    """Write the tree for ``modules`` modules and ``seed`` into ``root`` (missing or empty); with
    ``boundaries``, modules import what they require and some break MOD-016/017/018."""
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    files, expected, violators = build(modules, seed, boundaries=boundaries)
    for rel in sorted(files):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        content = files[rel]
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return GeneratedTree(
        root=root,
        files=len(files),
        py_files=sum(1 for rel in files if rel.endswith(".py")),
        modules=modules,
        expected_violations=dict(sorted(expected.items())),
        violating_modules={rule: tuple(names) for rule, names in violators.items()},
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to create (must be missing or empty)")
    parser.add_argument("--modules", type=int, default=500, help="number of modules (default 500)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--boundaries", action="store_true", help="modules import what they require; add MOD-016/017/018 violations"
    )
    args = parser.parse_args(argv)
    if args.modules < 1:
        parser.error("--modules must be at least 1")
    try:
        tree = generate(args.out_dir, args.modules, args.seed, boundaries=args.boundaries)
    except FileExistsError as exc:
        parser.error(str(exc))
    print(f"{tree.root}: {tree.modules} modules, {tree.files} files ({tree.py_files} .py)")
    print("expected findings: " + ", ".join(f"{r}={n}" for r, n in tree.expected_violations.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
