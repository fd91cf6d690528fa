"""What an export holds: the facts that pass the filters, with the sources, registries and relations
they need, and what the base says of itself. The tables they are laid out in and the files they are
written to are the presentation's (`xining.present.export_tables`, `xining.present.export_writers`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from xining.answers.query import Filters
    from xining.base.model import FactBase
    from xining.cache.store import Store


class About(NamedTuple):
    """What the export is, for metadata: the base's header and how the facts were chosen."""

    name: str
    release: str
    schema_version: int
    description: str | None
    licence: str | None  # as the base states it; None when it states none
    chosen: str  # the filters, in words ("every fact", "topic ecology; year 2025")


class Dataset(NamedTuple):
    about: About
    base: FactBase  # the exported facts (and the sources, registries and relations they need)
    records: tuple[str, ...]  # each fact as its documented JSON record

    @property
    def title(self) -> str:
        return f"{self.about.name} {self.about.release}".strip()


def dataset(store: Store, filters: Filters, chosen: str = "every fact") -> Dataset:
    """The facts that pass the filters (the one query path), as flat tables."""
    import json

    from xining.answers.query import as_of, select

    selection = select(store, filters._replace(sort="id", limit=None, text=None))
    records = tuple(selection.records)
    ids = {json.loads(record)["id"] for record in records}
    full = as_of(store.base(), filters.as_of)
    facts = tuple(fact for fact in full.facts if fact.id in ids)
    links = tuple(link for link in full.links if all(i in ids for i in link.facts))
    base = full._replace(facts=facts, links=links)
    header = base_header(store.location)
    about = About(
        base.name, base.release, base.schema_version, header.get("description"), header.get("licence"), chosen
    )
    return Dataset(about, base, records)


def base_header(location: Path) -> dict[str, str | None]:
    """The description and licence the base's header states (the compiled base keeps neither)."""
    from xining.base.yamltext import parse_yaml

    try:
        data = parse_yaml((location / "base.yaml").read_text(encoding="utf-8"))
    except Exception:  # the loader has already accepted this file; a racing edit only loses the description
        return {}
    if not isinstance(data, dict):
        return {}

    def text(key: str) -> str | None:
        value = data.get(key)
        return " ".join(str(value).split()) if value is not None else None

    return {"description": text("description"), "licence": text("licence")}
