"""Citations: one CSL-JSON record per source is the truth (`xining.base.citation`), and every style renders it.

The CSL-JSON style prints that record; BibTeX and RIS map its fields; GB/T
7714-2015, APA and Chicago render it as text. The styles are a registry
(`STYLES`, filled with `register`): the command's choices, its help and the
tests all read it.

The text styles are written here rather than run through citeproc-py with the
styles of the CSL project. Against the examples of GB/T 7714-2015 itself
("丁文祥. 数字革命与竞争国际化[N]. 中国青年报, 2000-11-20(15).") citeproc-py 0.11
drops the document type "[N]" (it suppresses a group that calls no variable),
splits a Chinese name given as family and given ("丁 文祥"; in APA "丁, . 文祥 ."),
repeats a title it has moved to the author's place, adds a stray "Edition." in
Chicago, leaves an estimated newspaper date unmarked, and has no rule for a
missing publisher ([出版者不详]). None of it can mark an inferred part.

This module knows nothing of Typer or Rich.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from xining.base.citation import DATASET_ID, MONTH_NAMES, Parts, csl_record, dataset_record, gbt7714_entry
from xining.base.patterns import compiled
from xining.errors import XiningError, unknown

# The model and json are imported by the functions that use them: `xining --help` and
# `xining cite --help` import this module only for its registry of styles (STYLES).
if TYPE_CHECKING:
    from xining.answers.query import AsOf
    from xining.base.model import Fact, FactBase
    from xining.cache.store import Store

__all__ = ["DATASET_ID", "STYLES", "Citations", "cite", "cite_from", "csl_record", "dataset_record", "gbt7714_entry"]


# --- the styles ------------------------------------------------------------------------------


class Style(NamedTuple):
    """A citation style: its name, what it is, and how it writes a list of CSL-JSON records."""

    name: str
    help: str
    write: Callable[[list[dict[str, Any]]], str]
    entry: Callable[[dict[str, Any]], str] | None = None  # one record as text, for the styles people read
    sort: Callable[[dict[str, Any]], str] | None = None  # an alphabetical list's key; None: the order given

    @property
    def machine(self) -> bool:
        """An exchange format (inferred parts as notes), not text for people (inferred parts marked)."""
        return self.entry is None


STYLES: dict[str, Style] = {}
DEFAULT_STYLE = "gbt7714"
# What people type for a style, matched without regard to case, as the style's own name is.
ALIASES = {
    "gb": "gbt7714", "gbt": "gbt7714", "gb7714": "gbt7714", "gb/t7714": "gbt7714", "gbt7714-2015": "gbt7714",
    "gb/t": "gbt7714", "apa7": "apa", "chicago17": "chicago", "cms": "chicago", "bib": "bibtex",
    "biblatex": "bibtex", "csl": "csl-json", "csljson": "csl-json", "json": "csl-json", "endnote": "ris",
}  # fmt: skip


def register(name: str, help: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
    """Add an exchange format to the registry that the command's choices, completion, help and tests read."""

    def add(write: Callable[..., str]) -> Callable[..., str]:
        STYLES[name] = Style(name, help, write)
        return write

    return add


def register_text(name: str, help: str, entry: Callable[[dict[str, Any]], str], alphabetical: bool = False) -> None:
    """Add a style people read: a numbered list in the order given, or an alphabetical one, unnumbered."""
    if alphabetical:
        STYLES[name] = Style(name, help, lambda records: "".join(f"{entry(r)}\n" for r in records), entry, sort_key)
    else:
        STYLES[name] = Style(name, help, numbered(entry), entry)


def style(name: str) -> Style:
    """A style by its name or an alias, in any case (APA, GB, bib)."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in STYLES:
        raise unknown("style", name, STYLES)
    return STYLES[key]


def numbered(entry: Callable[[dict[str, Any]], str]) -> Callable[[list[dict[str, Any]]], str]:
    """A text style's bibliography: one entry per line, numbered [1], [2]... in the order given."""
    return lambda records: "".join(f"[{n}] {entry(r)}\n" for n, r in enumerate(records, 1))


def sort_key(record: dict[str, Any]) -> str:
    """Where an entry files in an alphabetical list: by its authors, else its title; an entry with
    neither files first. Code-point order, as pandoc's and citeproc-py's CSL processors sort Chinese."""
    parts = Parts.of(record)
    return ", ".join(parts.authors) or parts.title or ""


# APA 7: Author, A., & Author, B. (Year, Month Day). Title. Newspaper.
def apa_entry(record: dict[str, Any]) -> str:
    parts = Parts.of(record)
    date = _apa_date(parts)
    title = parts.title or ("[Untitled article]" if parts.type != "dataset" else "[Untitled data set]")
    if parts.title and parts.translated:
        title += f" [{parts.translated}]"  # APA 7: a title in another language, then its translation in brackets
    if parts.type == "dataset":
        date = f"{parts.date[0]}" if parts.date else "n.d."  # APA 7 dates a data set by its year
        version = f" (Version {parts.version}; {parts.tool})" if parts.version else ""
        lead = (
            f"{_apa_names(parts.authors)} ({date}). {title}{version} [Data set]."
            if parts.authors
            else (f"{title}{version} [Data set]. ({date}).")
        )
        return lead
    container = _en_container(parts, inferred="(inferred)")
    if parts.page:
        container += f", {parts.page}"  # a print newspaper's page: The Washington Post, A1
    if parts.authors:
        return f"{_apa_names(parts.authors)} ({date}). {title}. {container}."
    return f"{title}. ({date}). {container}."  # no author: the title takes the author's place


def _apa_names(names: tuple[str, ...]) -> str:
    if len(names) == 1:
        return f"{names[0]}."
    return ", ".join(names[:-1]) + f", & {names[-1]}."


def _apa_date(parts: Parts) -> str:
    if parts.date is None:
        return "n.d."
    text = str(parts.date[0])
    if len(parts.date) > 1:
        text += f", {MONTH_NAMES[parts.date[1] - 1]}"
    if len(parts.date) > 2:
        text += f" {parts.date[2]}"
    return f"ca. {text}" if parts.circa else text


def _en_container(parts: Parts, inferred: str) -> str:
    """The newspaper as printed (西宁晚报), marked when inferred; a description when not named."""
    if not parts.container:
        return "[Newspaper not named]" if parts.type == "article-newspaper" else "[Publisher not named]"
    return f"{parts.container} {inferred}" if parts.container_inferred else parts.container


# Chicago 17, bibliography: Author. “Title.” Newspaper, Month Day, Year.
def chicago_entry(record: dict[str, Any]) -> str:
    parts = Parts.of(record)
    names = _chicago_names(parts.authors)
    if parts.type == "dataset":
        version = f" Version {parts.version} ({parts.tool})." if parts.version else ""
        year = str(parts.date[0]) if parts.date else "n.d."
        return f"{names}{parts.title or 'Untitled data set'}.{version} Data set, {year}."
    title = f"“{_single_quotes(parts.title)}.”" if parts.title else "Untitled article."
    if parts.title and parts.translated:
        title = f"“{_single_quotes(parts.title)}” [{parts.translated}]."  # Chicago: the translation in brackets
    container = _en_container(parts, inferred="(inferred)")
    return f"{names}{title} {container}, {_chicago_date(parts).removesuffix('.')}."


def _chicago_names(names: tuple[str, ...]) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return f"{names[0]}. "
    return ", ".join(names[:-1]) + f", and {names[-1]}. "


def _single_quotes(text: str) -> str:
    return text.replace("“", "‘").replace("”", "’")  # quotation marks inside a quoted title turn single


def _chicago_date(parts: Parts) -> str:
    if parts.date is None:
        return "n.d."
    year = str(parts.date[0])
    text = year
    if len(parts.date) > 1:
        text = f"{MONTH_NAMES[parts.date[1] - 1]} {year}"
    if len(parts.date) > 2:
        text = f"{MONTH_NAMES[parts.date[1] - 1]} {parts.date[2]}, {year}"
    return f"[{text}?]" if parts.circa else text  # a conjectured date, in brackets with a query


register_text("gbt7714", "GB/T 7714-2015, the Chinese national standard, numeric", gbt7714_entry)
register_text("apa", "APA 7th edition, alphabetical", apa_entry, alphabetical=True)
register_text("chicago", "Chicago 17th edition, bibliography, alphabetical", chicago_entry, alphabetical=True)


@register("csl-json", "CSL-JSON, as Zotero and Pandoc read it")
def write_csl_json(records: list[dict[str, Any]]) -> str:
    import json

    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Each character BibTeX or LaTeX would read as syntax, as the LaTeX command that prints it. Braces become
# commands too: BibTeX counts every brace, escaped or not, to find where a value ends, so `\}` in a title
# would end the entry early and let the rest of the title start another.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
}  # fmt: skip
# Compiled where used (kept between runs by `compiled`): listing the commands imports this module.
BIBTEX_SPECIAL = "[" + re.escape("".join(BIBTEX_ESCAPES)) + "]"
LINE_BREAKS = r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]"
BIBTEX_KEY_UNSAFE = r"[^A-Za-z0-9_:.-]"


def _bibtex_text(text: str) -> str:
    """A value for a braced BibTeX field: balanced braces whatever the text holds, on one line."""
    return compiled(BIBTEX_SPECIAL).sub(lambda match: BIBTEX_ESCAPES[match[0]], compiled(LINE_BREAKS).sub(" ", text))


def _bibtex_key(identifier: str) -> str:
    """A citation key of safe characters only (BibTeX and biber end a key at a comma, brace, space or
    quote). An id with others keeps its safe part and gains a short digest, so that keys stay distinct."""
    if identifier and not compiled(BIBTEX_KEY_UNSAFE).search(identifier) and identifier[0].isalnum():
        return identifier
    import hashlib

    safe = compiled(BIBTEX_KEY_UNSAFE).sub("-", identifier).strip("-.:_") or "source"
    return f"{safe}-{hashlib.sha256(identifier.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def _ris_value(text: str) -> str:
    """A RIS value on one line: a line break in it would start a tag of its own (`ER  -` ends a record)."""
    return compiled(LINE_BREAKS).sub(" ", text)


@register("bibtex", "BibTeX for biblatex (biber) and BibTeX: short notes, how each part was read in annotation")
def write_bibtex(records: list[dict[str, Any]]) -> str:
    entries: list[str] = []
    for record in records:
        kind, fields = bibtex_fields(record)
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        entries.append(f"@{kind}{{{_bibtex_key(str(record['id']))},\n{body}\n}}\n")
    return "\n".join(entries)


def bibtex_fields(record: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and fields of one record, each value braced and escaped.

    The entry type is the one whose required fields (biblatex's data model, which `biber --tool
    --validate-datamodel` checks) the source has: a newspaper article with its paper named is an
    `article` (author, title, journaltitle, date), one without its paper or reporters is `misc`
    (title, date; the paper, where named, in `howpublished`), both with `entrysubtype = {newspaper}`.
    A part the article does not print is written as a bibliography writes missing data, never filled
    in: no title is "[无题名]", no date is EDTF's unknown year XXXX.
    The bibliography prints `note`, so it says only what was inferred; the whole account of how
    each part was read is in `annotation`, which the standard styles do not print.
    """
    parts = Parts.of(record)
    kind, subtype = _bibtex_type(parts)
    fields: list[tuple[str, str]] = []
    if parts.authors:
        names = " and ".join("{" + _bibtex_text(a) + "}" for a in parts.authors)  # braced: never split as names
        fields.append(("author", "{" + names + "}"))
    fields.append(("title", "{" + _bibtex_text(parts.title or "[无题名]") + "}"))  # every entry type needs one
    if parts.container:  # a misc has no journal: its newspaper is how it was published
        container = "journal" if kind == "article" else "howpublished"
        fields.append((container, "{" + _bibtex_text(parts.container) + "}"))
    if subtype:
        fields.append(("entrysubtype", "{" + subtype + "}"))
    fields.append(("date", "{" + _edtf(parts) + "}"))
    if parts.date:  # for BibTeX and the readers that know no `date`; biber takes `date`
        fields.append(("year", "{" + str(parts.date[0]) + "}"))
        if len(parts.date) > 1:
            fields.append(("month", BIBTEX_MONTHS[parts.date[1] - 1]))
    if parts.version:
        fields.append(("version", "{" + _bibtex_text(parts.version) + "}"))
    if parts.page:
        fields.append(("pages", "{" + _bibtex_text(parts.page) + "}"))
    fields.append(("language", "{chinese}" if record.get("language") == "zh-CN" else "{english}"))
    note = _bibtex_note(parts, record)
    if note:
        fields.append(("note", "{" + _bibtex_text(note) + "}"))
    if record.get("note"):
        fields.append(("annotation", "{" + _bibtex_text(record["note"].replace("\n", " ")) + "}"))
    return kind, fields


def _bibtex_type(parts: Parts) -> tuple[str, str | None]:
    """biblatex's entry type, and its subtype, for a record."""
    if parts.type == "dataset":
        return "dataset", None
    if parts.type == "article-newspaper":
        return ("article" if parts.container and parts.authors else "misc"), "newspaper"
    return "misc", None


def _edtf(parts: Parts) -> str:
    """The date as biblatex reads it (EDTF): 2025-07, 2025-07~ for an estimate, XXXX when not known."""
    if not parts.date:
        return "XXXX"
    text = "-".join(f"{part:02d}" if index else str(part) for index, part in enumerate(parts.date))
    return text + "~" if parts.circa else text


def _bibtex_note(parts: Parts, record: dict[str, Any]) -> str:
    """What a printed bibliography must say about the entry: only the parts that were inferred or are missing."""
    custom = record.get("custom") or {}
    said: list[str] = []
    if parts.type == "dataset":
        return f"Read with {parts.tool}." if parts.tool else ""
    if not parts.title:
        said.append("no title printed")
    if not parts.container:
        said.append("newspaper not named" if parts.type == "article-newspaper" else "publisher not named")
    elif parts.container_inferred:
        said.append("newspaper name inferred")
    if parts.date and parts.circa:
        said.append("date estimated")
    elif not parts.date:
        earliest = custom.get("date-earliest")
        said.append(f"date not printed, not before {earliest}" if earliest else "date not printed")
    joined = "; ".join(said)
    return f"{joined[:1].upper()}{joined[1:]}." if said else ""


RIS_TYPES = {"article-newspaper": "NEWS", "dataset": "DATA"}


@register("ris", "RIS for EndNote and others, inferred parts in N1")
def write_ris(records: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for record in records:
        parts = Parts.of(record)
        tags: list[tuple[str, str]] = [("TY", RIS_TYPES.get(parts.type, "GEN")), ("ID", str(record["id"]))]
        tags += [("AU", author) for author in parts.authors]
        if parts.title:
            tags.append(("TI", parts.title))
        if parts.translated:
            tags.append(("TT", parts.translated))
        if parts.container:
            tags.append(("T2", parts.container))
        if parts.date:
            padded = [*parts.date, None, None][:3]
            tags.append(("PY", str(parts.date[0])))
            tags.append(
                (
                    "DA",
                    "/".join(f"{p:02d}" if isinstance(p, int) and i else str(p or "") for i, p in enumerate(padded))
                    + "/",
                )
            )
        if parts.version:
            tags.append(("ET", parts.version))
        if parts.page:
            tags.append(("SP", parts.page))
        tags.append(("LA", "zh" if record.get("language") == "zh-CN" else "en"))
        tags += [("N1", note) for note in (record.get("note") or "").splitlines()]
        tags.append(("ER", ""))
        lines += [f"{tag}  - {_ris_value(value)}".rstrip() if tag == "ER" else f"{tag}  - {_ris_value(value)}"
                  for tag, value in tags]  # fmt: skip
        lines.append("")
    return "\n".join(lines)


# --- what `xining cite` returns --------------------------------------------------------------


class Quoted(NamedTuple):
    """The fact a citation was asked for, with the part of the base its ready-to-quote line is worded from."""

    base: FactBase
    fact: Fact


class Citations(NamedTuple):
    """The citation of a fact, a source, every source or the data set, in one style."""

    style: str
    records: tuple[dict[str, Any], ...]  # CSL-JSON, in bibliography order
    text: str  # the style's output
    entries: tuple[str, ...]  # each record alone in the style (unnumbered in the styles people read)
    quoted: Quoted | None = None  # the fact cited, when one was: its quote line is worded for the reader
    lang: str = "zh"  # the language (zh, en, both) the quote line was asked in
    machine: bool = False  # an exchange format: its text must stay parseable

    @property
    def fact(self) -> str | None:
        return self.quoted.fact.id if self.quoted else None


def cite(base: FactBase, target: str | None, style_name: str = DEFAULT_STYLE, lang: str = "zh",
         every: bool = False, dataset: bool = False) -> Citations:  # fmt: skip
    """Cite a fact or a source by id, every source (`every`), or the fact base itself (`dataset`)."""
    chosen = style(style_name)
    wanted = sum(bool(x) for x in (target, every, dataset))
    if wanted != 1:
        raise XiningError("cite: give one fact or source id, or --all, or --dataset")
    fact = None
    if dataset:
        records = [dataset_record(base)]
    elif every:
        records = [csl_record(s) for s in sorted(base.sources.values(), key=lambda s: (s.file, s.id))]
    elif target in base.sources:
        records = [csl_record(base.sources[target])]
    else:
        fact = base.fact(target or "")
        if fact is None:
            raise unknown("fact or source id", target or "", [*base.sources, *(f.id for f in base.facts)],
                          see="xining facts, xining sources")  # fmt: skip
        records = [csl_record(base.sources[fact.source])]
    if chosen.sort is not None:
        records.sort(key=chosen.sort)
    entries = tuple(chosen.entry(r) if chosen.entry else chosen.write([r]).strip() for r in records)
    text = chosen.write(records)
    quoted = Quoted(base, fact) if fact is not None else None
    return Citations(chosen.name, tuple(records), text, entries, quoted, lang, chosen.machine)


def cite_from(store: Store, target: str | None, style_name: str = DEFAULT_STYLE, lang: str = "zh",
              every: bool = False, dataset: bool = False, as_of_day: AsOf | None = None) -> Citations:  # fmt: skip
    """`cite` on a compiled base: reads only the registries and the one fact asked for.

    --as-of limits the bibliography of --all to the sources published by that day.
    """
    from xining.answers.query import as_of

    style(style_name)  # an unknown style is the first thing to report
    base = store.registries()
    if every:
        base = as_of(base, as_of_day)
    elif target and target not in base.sources:
        base = store.base("id = ?", (target,))
        if base.fact(target) is None:
            raise unknown("fact or source id", target, [*base.sources, *store.ids("facts")],
                          see="xining facts, xining sources")  # fmt: skip
    return cite(base, target, style_name, lang, every, dataset)
