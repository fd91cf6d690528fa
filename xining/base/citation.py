"""A source as one CSL-JSON record, the truth every citation style renders, and its GB/T 7714-2015 line.

`csl_record` turns a source into a CSL-JSON item (the data model reference
managers exchange). What the record knows only by inference travels with it:
an estimated date is `circa`, and `custom` holds which parts were inferred and
why, so the human styles can mark them ("[推断] 西宁晚报", "[2025-07]") and the
exchange formats carry them as notes.

The record holds only what a CSL style may print as the source's own: the
official styles (GB/T 7714-2015, APA 7) rendered by citeproc-py and pandoc are
checked against it (tests/data/csl_official.yaml). Where the archived file is
kept, the medium of a data set and our translation of a title have no CSL 1.0.2
variable that a style would not print as something else (`archive` prints as the
publisher in GB/T 7714 and after every APA entry, `medium` as the carrier
"[DS/YAML]", `original-title` is the title of the original of a translation),
so they are in `custom` and `note`.

The GB/T 7714-2015 line is here, beside the record, because every fact's JSON
record carries it (the compiled cache writes it once per source); the other
styles are in `xining.answers.cite`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from xining import __version__

# The model is imported by the functions that use it: `xining --help` and `xining cite --help` import
# the styles registry, and through it this module, without building any record.
if TYPE_CHECKING:
    from xining.base.model import DatePart, FactBase, Source
    from xining.base.periods import Point

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DATASET_ID = "xining-dataset"

# --- the truth: one CSL-JSON record per source ----------------------------------------------


def csl_record(source: Source) -> dict[str, Any]:
    """The source as a CSL-JSON item: printed parts as CSL fields, how the rest was read in `custom` and `note`."""
    record: dict[str, Any] = {
        "id": source.id,
        # CSL 1.0.2: `article` is a preprint or working paper (GB/T 7714's style prints it as an archive, [A]);
        # a text whose medium is not known is a `document` ([Z], 其他未说明文献类型).
        "type": "article-newspaper" if source.medium == "newspaper" else "document",
        "language": "zh-CN",
    }
    if source.authors:
        record["author"] = [{"literal": name} for name in source.authors]
    if source.title:
        record["title"] = f"{source.title}: {source.subtitle}" if source.subtitle else source.title
    if source.publisher:
        record["container-title"] = source.publisher
    if source.edition:
        record["page"] = source.edition  # 版次, which the CSL styles of GB/T 7714 print as the page
    best = source.published.best
    if best is not None:
        issued: dict[str, Any] = {"date-parts": [_date_parts(best.point)]}
        if not stated(best):
            issued["circa"] = True
        record["issued"] = issued
    custom: dict[str, Any] = {
        "file": source.file,  # the archived article (not `archive_location`, which styles print)
        "publisher-inferred": source.publisher_inferred,
        "publisher-en": source.publisher_en,
        "date-earliest": _iso(source.published.first_day),
        "date-latest": _iso(source.published.last_day),
        "date-best": best.point.token if best else None,
        "date-confidence": source.published.confidence.value if source.published.confidence else None,
    }
    if source.title and source.title_en:
        custom["translated-title"] = source.title_en  # CSL 1.0.2 has no field for it; the 1.1 draft does
    if source.headlines:
        custom["headlines"] = list(source.headlines)
    record["custom"] = custom
    record["note"] = "\n".join(_notes(source))
    return record


def _date_parts(point: Point) -> list[int]:
    first = point.first
    if point.precision == "day":
        return [first.year, first.month, first.day]
    if point.precision == "month":
        return [first.year, first.month]
    return [first.year]  # a quarter or half has no CSL form: the year, with the estimate in the notes


def stated(part: DatePart | None) -> bool:
    """Whether a part of a publication date is printed in the article."""
    from xining.base.model import Confidence

    return part is not None and part.confidence is Confidence.STATED


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def _notes(source: Source) -> list[str]:
    """What a reference manager should keep about how each part was read."""
    notes: list[str] = []
    if source.publisher and source.publisher_inferred:
        notes.append(f"Publisher inferred, not printed: {source.publisher}. {source.publisher_basis or ''}".strip())
    elif not source.publisher:
        notes.append("Publisher not printed.")
    if source.title_basis:
        notes.append(f"Title: {source.title_basis}" if source.title else f"No title: {source.title_basis}")
    published = source.published
    if published.best and stated(published.best):
        notes.append(f"Date printed: {published.best.point.token}.")
    else:
        first, last = _iso(published.first_day) or "not known", _iso(published.last_day) or "not known"
        best = f"best estimate {published.best.point.token}" if published.best else "no best estimate"
        confidence = published.confidence.value if published.confidence else "no basis"
        notes.append(f"Date not printed ({confidence}): earliest {first}, latest {last}; {best}.")
    notes.append(f"Archived as {source.file}.")
    return [" ".join(note.split()) for note in notes]


def dataset_record(base: FactBase) -> dict[str, Any]:
    """The fact base itself as a CSL-JSON dataset: name, release, and the xining that read it."""
    record: dict[str, Any] = {"id": DATASET_ID, "type": "dataset", "title": base.name, "version": base.release}
    calendar = re.fullmatch(r"(\d{4})\.(\d{1,2})\.\d+", base.release)  # calendar versioning: YYYY.MM.N
    if calendar:
        record["issued"] = {"date-parts": [[int(calendar[1]), int(calendar[2])]]}
    record["note"] = f"Read with xining {__version__}. Release date taken from the release's calendar version."
    record["custom"] = {"tool-version": __version__}
    return record


# --- reading the record back ----------------------------------------------------------------


class Parts(NamedTuple):
    """A CSL-JSON record's parts as the text styles need them."""

    authors: tuple[str, ...]
    title: str | None
    translated: str | None  # our English translation of the title
    container: str | None
    container_en: str | None
    container_inferred: bool
    date: list[int] | None
    circa: bool
    type: str
    version: str | None
    page: str | None
    tool: str | None  # the xining that read a data set

    @classmethod
    def of(cls, record: dict[str, Any]) -> Parts:
        issued = record.get("issued") or {}
        custom = record.get("custom") or {}
        return cls(
            authors=tuple(_name(author) for author in record.get("author", [])),
            title=record.get("title"),
            translated=custom.get("translated-title"),
            container=record.get("container-title"),
            container_en=custom.get("publisher-en"),
            container_inferred=bool(custom.get("publisher-inferred")),
            date=(issued.get("date-parts") or [None])[0],
            circa=bool(issued.get("circa")),
            type=record["type"],
            version=record.get("version"),
            page=record.get("page"),
            tool=f"xining {custom['tool-version']}" if custom.get("tool-version") else None,
        )


def _name(author: dict[str, Any]) -> str:
    """A CSL name as written: a Chinese family and given name run together (丁文祥), others spaced."""
    if author.get("literal"):
        return str(author["literal"])
    family, given = author.get("family") or "", author.get("given") or ""
    joiner = "" if any(CJK_FIRST <= character <= CJK_LAST for character in family + given) else " "
    return joiner.join(part for part in (family, given) if part)


# The CJK ideographs (with Extension A): a name written in them has no space between family and given name.
# A range test, not a regex: compiling a class this wide costs more than the rest of the module.
CJK_FIRST, CJK_LAST = "\u3400", "\u9fff"


# GB/T 7714-2015, numeric: 主要责任者. 题名[文献类型标识]. 报纸名, 出版日期(版次).
GBT_TYPES = {"article-newspaper": "N", "dataset": "DS"}


def gbt7714_entry(record: dict[str, Any]) -> str:
    parts = Parts.of(record)
    names = list(parts.authors[:3]) + (["等"] if len(parts.authors) > 3 else [])  # 超过3个时，著录前3个，其后加“，等”
    head = f"{', '.join(names)}. " if names else ""
    title = parts.title or "[无题名]"
    code = GBT_TYPES.get(parts.type, "Z")  # Z: 其他未说明文献类型
    if parts.type == "dataset":
        year = str(parts.date[0]) if parts.date else "[出版年不详]"
        version = f"版本 {parts.version}, {parts.tool}. " if parts.version else ""
        return f"{head}{title}[{code}]. {version}[出版地不详]: [出版者不详], {year}."
    container = parts.container or "[出版者不详]"
    if parts.container and parts.container_inferred:
        container = f"[推断] {parts.container}"
    if parts.date is None:
        date = "[出版日期不详]"
    else:
        date = "-".join(f"{part:02d}" if index else str(part) for index, part in enumerate(parts.date))
        date = f"[{date}]" if parts.circa else date  # 估计的出版年应置于方括号内
    page = f"({parts.page})" if parts.page else ""
    return f"{head}{title}[{code}]. {container}, {date}{page}."


def citation_text(source: Source) -> str:
    """A source's citation as one line (GB/T 7714-2015, unnumbered): what listings, cards and exports carry."""
    return gbt7714_entry(csl_record(source))
