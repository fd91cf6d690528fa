"""Reading a source's record: what its article prints (title, publisher, authors, edition) and when it
appeared, as an interval of possible days with a best estimate, each part with its basis and confidence.
"""

from enum import Enum
from typing import TypeVar

from xining.base.fields import Reader
from xining.base.model import (
    Confidence,
    DatePart,
    Publication,
    Source,
)
from xining.base.periods import PeriodError, parse_point
from xining.base.yamltext import Mapping
from xining.errors import Problem

E = TypeVar("E", bound=Enum)


SOURCE_FIELDS = (
    "id", "file", "sha256", "title", "title_basis", "subtitle", "headlines", "publisher", "publisher_inferred",
    "publisher_basis", "publisher_en", "medium", "edition", "authors", "published", "basis", "title_en",
)  # fmt: skip
MEDIA = ("newspaper", "unknown")
DATE_PART_FIELDS = ("date", "confidence", "basis", "soft")


def read_source(data: Mapping, problems: list[Problem]) -> Source | None:
    r = Reader("sources.yaml", data, f"source '{data.get('id')}'", problems, SOURCE_FIELDS)
    source_id = r.text("id")
    lists = {}
    for key in ("authors", "headlines"):
        names = data.get(key) or []
        if not isinstance(names, list) or not all(isinstance(a, str) for a in names):
            r.problem(f"{r.what}: '{key}' must be a list of text", r.line(key))
            names = []
        lists[key] = tuple(name.strip() for name in names)
    inferred = data.get("publisher_inferred", False)
    if not isinstance(inferred, bool):
        r.problem(f"{r.what}: 'publisher_inferred' must be true or false", r.line("publisher_inferred"))
        inferred = False
    publisher = r.text("publisher", required=False)
    publisher_basis = r.text("publisher_basis", required=False)
    if inferred and not publisher:
        r.problem(f"{r.what}: 'publisher_inferred' needs a 'publisher'", r.line("publisher_inferred"))
    if inferred and not publisher_basis:
        r.problem(f"{r.what}: an inferred publisher needs 'publisher_basis' saying why", r.line("publisher_inferred"))
    medium = r.text("medium", required=False) or "unknown"
    if medium not in MEDIA:
        r.problem(f"{r.what}: medium '{medium}' is not valid; valid: {', '.join(MEDIA)}", r.line("medium"))
    source = Source(
        id=source_id or "",
        file=r.text("file") or "",
        sha256=(r.text("sha256") or "").lower(),
        title=r.text("title", required=False),
        publisher=publisher,
        authors=lists["authors"],
        published=_publication(r),
        basis=r.text("basis") or "",
        origin=r.origin,
        title_basis=r.text("title_basis", required=False),
        subtitle=r.text("subtitle", required=False),
        headlines=lists["headlines"],
        publisher_inferred=inferred,
        publisher_basis=publisher_basis,
        edition=r.text("edition", required=False),
        publisher_en=r.text("publisher_en", required=False),
        title_en=r.text("title_en", required=False),
        medium=medium,
    )
    return source if r.ok and source_id else None


def _publication(r: Reader) -> Publication:
    """A source's `published`: a token the article prints (2025-07-11), or earliest, latest and best, each read."""
    raw = r.data.get("published")
    if raw is None:
        return Publication()
    if not isinstance(raw, Mapping):
        try:
            point = parse_point(str(raw))
        except PeriodError as error:
            r.problem(f"{r.what}: published: {error}", r.line("published"))
            return Publication()
        printed = DatePart(point, "printed in the article", Confidence.STATED)
        return Publication(printed, printed, printed)
    parts = Reader(r.file, raw, f"{r.what}: published", r.problems, ("earliest", "latest", "best"))
    read = {key: _date_part(parts, key) for key in ("earliest", "latest", "best")}
    publication = Publication(**read)
    first, last = publication.first_day, publication.last_day
    if first and last and first > last:
        r.problem(
            f"{r.what}: published: earliest {first.isoformat()} is after latest {last.isoformat()}",
            parts.line("earliest"),
        )
    best = publication.best
    if best and not ((first is None or best.point.last >= first) and (last is None or best.point.first <= last)):
        r.problem(f"{r.what}: published: best '{best.point.token}' lies outside earliest..latest", parts.line("best"))
    if not parts.ok:
        r.ok = False
    return publication


def _date_part(parts: Reader, key: str) -> DatePart | None:
    raw = parts.data.get(key)
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        parts.problem(f"{parts.what}: '{key}' must be a mapping with date, confidence and basis", parts.line(key))
        return None
    r = Reader(parts.file, raw, f"{parts.what}: {key}", parts.problems, DATE_PART_FIELDS)
    confidence = r.choice("confidence", Confidence)
    basis = r.text("basis")
    soft = raw.get("soft", False)
    if not isinstance(soft, bool):
        r.problem(f"{r.what}: 'soft' must be true or false", r.line("soft"))
    if raw.get("date") is None:
        r.problem(f"{r.what}: 'date' is missing")
        parts.ok = False
        return None
    try:
        point = parse_point(str(raw["date"]))
    except PeriodError as error:
        r.problem(f"{r.what}: date: {error}", r.line("date"))
        return None
    if not r.ok or confidence is None or basis is None:
        parts.ok = False
        return None
    return DatePart(point, basis, confidence, soft is True)
