"""The search index of the compiled base, and the one way a search text becomes a query of it.

Text is folded before it is indexed and before it is looked for: NFKC (full-width
forms), case folded, traditional characters mapped to simplified ones, and
whitespace removed from Chinese text (newspaper text breaks lines anywhere).
Two SQLite FTS5 indexes hold the folded text:

- `search_chars` (trigram tokenizer): Chinese and any other text, found as a
  substring of three or more characters. One- and two-character needles such
  as 盐湖 are too short for trigrams; they are found by scanning the same text.
- `search_words` (porter tokenizer): the Latin words and numbers, so that English
  is matched as words with their stems (tourists finds "tourist arrivals").

Facts are indexed with their own text (a designation's or milestone's name and
aliases, the id, subject, recipient and issuer, quote and note). Registries are
indexed once each, not once per fact: a metric's label and aliases, a topic's
name, a source's title and publisher. A query word that finds a metric finds
its observations.

Every word of a query must be found (in any order, in any field); the rank of
a fact is the weakest of its words' best fields: label, then id, then quote,
note, subject, recipient or issuer, then topic, then source. Within a rank,
bm25 orders. Each word is quoted for FTS5, so its syntax (`"`, `*`, `NEAR`,
`-`, `:`, `(`) is always searched literally.

Where the SQLite at hand has no FTS5 (or no trigram tokenizer), the same
folded text is kept in plain tables and every word is found by scanning.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from xining.base.model import FactBase

# (column, rank, the field reported as matched) of the per-fact index, best first.
FACT_COLUMNS = (("label", 0, "label"), ("id", 1, "id"), ("quote", 2, "quote"), ("other", 2, "designation"),
                ("note", 2, "note"))  # fmt: skip
# Registry entries: kind -> (rank, the field reported) and the fact column that points at them.
ENTRY_KINDS = {"metric": (0, "label", "metric"), "topic": (3, "topic", "topic"), "source": (4, "source", "source")}
SHORTEST_TRIGRAM = 3

SCHEMA_FTS = """
CREATE VIRTUAL TABLE search_chars USING fts5(label, id, quote, other, note, tokenize='trigram');
CREATE VIRTUAL TABLE search_words USING fts5(label, id, quote, other, note, tokenize='porter unicode61', content='');
CREATE VIRTUAL TABLE entry_chars USING fts5(kind UNINDEXED, key UNINDEXED, text, tokenize='trigram');
CREATE VIRTUAL TABLE entry_words USING fts5(kind UNINDEXED, key UNINDEXED, text, tokenize='porter unicode61');
CREATE TABLE folding (traditional TEXT PRIMARY KEY, simplified TEXT NOT NULL) WITHOUT ROWID;
"""
SCHEMA_SCAN = """
CREATE TABLE search_chars (rowid INTEGER PRIMARY KEY, label, id, quote, other, note);
CREATE TABLE search_words (rowid INTEGER PRIMARY KEY, label, id, quote, other, note);
CREATE TABLE entry_chars (kind, key, text);
CREATE TABLE entry_words (kind, key, text);
CREATE TABLE folding (traditional TEXT PRIMARY KEY, simplified TEXT NOT NULL) WITHOUT ROWID;
"""

# Latin words and numbers: what the word index holds and how an English query word is recognised.
_WORD = re.compile(r"[0-9a-z\u00c0-\u024f]+")
_WORDS_ONLY = re.compile(r"[0-9a-z\u00c0-\u024f]+(?:[-'’/][0-9a-z\u00c0-\u024f]+)*")


def has_fts5(connection: sqlite3.Connection) -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (SQLite 3.34+ built with FTS5)."""
    try:
        connection.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x, tokenize='trigram')")
        connection.execute("DROP TABLE temp.fts5_probe")
    except sqlite3.OperationalError:
        return False
    return True


# --- folding ------------------------------------------------------------------------


def traditional_to_simplified() -> list[tuple[str, str]]:
    """Every CJK character that OpenCC's t2s conversion maps to another single character.

    Why OpenCC: its dictionaries are the maintained reference for Chinese
    script conversion (the Unihan kSimplifiedVariant field alone misses many
    variants). Why per character: a search needle is often a fragment, and a
    character-wise map folds the needle and the text alike; the map is stored
    in the cache, so a query never loads OpenCC.
    """
    import opencc

    characters = [chr(code) for code in range(0x3400, 0xA000)] + [chr(code) for code in range(0xF900, 0xFB00)]
    converted = opencc.OpenCC("t2s.json").convert("\n".join(characters)).split("\n")
    return [(t, s) for t, s in zip(characters, converted, strict=True) if len(s) == 1 and s != t]


class Folder:
    """Text in the one form that is indexed and searched for."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.table = dict(pairs)
        # One pass of a character class over the text: faster than str.translate, as few characters change.
        self.traditional = re.compile("[" + "".join(sorted(self.table)) + "]") if self.table else None

    def fold(self, text: str | None) -> str:
        if not text:
            return ""
        if not text.isascii():
            import unicodedata

            if not unicodedata.is_normalized("NFKC", text):  # a quick check: most text needs nothing
                text = unicodedata.normalize("NFKC", text)
            if self.traditional is not None:
                text = self.traditional.sub(lambda found: self.table[found.group()], text)
        return text.casefold()

    def chars(self, *texts: str | None) -> str:
        """Folded, with all whitespace removed: the text of the trigram index."""
        return "".join(self.fold(" ".join(t for t in texts if t)).split())

    def words(self, *texts: str | None) -> str:
        """The Latin words and numbers of the folded text: the text of the word index."""
        return " ".join(_WORD.findall(self.fold(" ".join(t for t in texts if t))))

    def both(self, *texts: str | None) -> tuple[str, str]:
        """`chars` and `words` of the same text, folded once."""
        if not any(texts):  # most facts have no note, subject or issuer
            return "", ""
        folded = self.fold(" ".join(t for t in texts if t))
        return "".join(folded.split()), " ".join(_WORD.findall(folded))


def write_folding(connection: sqlite3.Connection) -> Folder:
    pairs = traditional_to_simplified()
    connection.execute("DELETE FROM folding")
    connection.executemany("INSERT INTO folding VALUES (?, ?)", pairs)
    return Folder(pairs)


def stored_folder(connection: sqlite3.Connection, text: str | None = None) -> Folder:
    """The folding the cache was built with: all of it, or only what `text` needs."""
    if text is None:
        return Folder(connection.execute("SELECT traditional, simplified FROM folding"))
    wide = sorted({c for c in text if ord(c) > 0x2FFF})
    if not wide:
        return Folder(())
    marks = ", ".join("?" * len(wide))
    return Folder(
        connection.execute(f"SELECT traditional, simplified FROM folding WHERE traditional IN ({marks})", wide)
    )


# --- building -----------------------------------------------------------------------


def index_facts(
    connection: sqlite3.Connection, folder: Folder, fts: bool, where: str = "1", params: Sequence[Any] = ()
) -> None:
    """Index the facts of `fact_rows` that match `where`, from the stored pieces of their records."""
    for chars, words in _index_rows(connection, folder, fts, where, params):
        insert_index_rows(connection, chars, words)


def unindex_facts(
    connection: sqlite3.Connection, folder: Folder, fts: bool, where: str, params: Sequence[Any] = ()
) -> None:
    """Drop the index rows of the facts that match `where` (before the facts themselves go).

    The word index keeps no copy of its text (only the trigram index's is scanned, for needles too
    short for trigrams): FTS5 forgets a row of it when told the very text it indexed, which is
    folded again from the facts' stored records, as it was when they were indexed.
    """
    connection.execute(f"DELETE FROM search_chars WHERE rowid IN (SELECT rowid FROM fact_rows WHERE {where})", params)
    if not fts:
        connection.execute(
            f"DELETE FROM search_words WHERE rowid IN (SELECT rowid FROM fact_rows WHERE {where})", params
        )
        return
    columns = ", ".join(column for column, _, _ in FACT_COLUMNS)
    marks = ", ".join("?" * (len(FACT_COLUMNS) + 2))
    for _, words in _index_rows(connection, folder, fts, where, params):
        connection.executemany(
            f"INSERT INTO search_words (search_words, rowid, {columns}) VALUES ({marks})",
            [("delete", *row) for row in words],
        )


def _index_rows(
    connection: sqlite3.Connection, folder: Folder, fts: bool, where: str, params: Sequence[Any]
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Batches of (trigram rows, word rows) of the facts that match `where`."""
    # A designation's issuer and aliases are in the record's tail, the keys after the citation.
    tail = "CASE WHEN f.tail IS NULL THEN '{}' ELSE '{' || substr(f.tail, 3) || '}' END"
    aliases = "(SELECT group_concat(value, ' ') FROM json_each(" + tail + ", '$.aliases.LANGUAGE'))"
    rows = connection.execute(
        "SELECT f.rowid, f.kind = 'observation', f.id, json_extract(f.label, '$.zh'), json_extract(f.label, '$.en'),"
        f" {aliases.replace('LANGUAGE', 'zh')}, {aliases.replace('LANGUAGE', 'en')}, json_extract(f.quote, '$'),"
        f" json_extract(f.subject, '$'), json_extract({tail}, '$.issuer'), json_extract(f.note, '$')"
        f" FROM fact_rows f WHERE {where}",
        params,
    )
    while batch := rows.fetchmany(2000):
        pairs = [fact_index_rows(folder, fts, row[0], row[1:]) for row in batch]
        yield [chars for chars, _ in pairs], [words for _, words in pairs]


class IndexTexts(NamedTuple):
    """What of one fact is indexed: from its stored pieces (a refresh) or its model object (a build)."""

    observation: bool
    id: str
    zh: str | None
    en: str | None
    aliases_zh: str | None  # the aliases joined by spaces
    aliases_en: str | None
    quote: str | None
    subject: str | None
    issuer: str | None
    note: str | None

    @classmethod
    def of(cls, fact: Any) -> IndexTexts:
        """As `_index_rows` reads them back from a fact's record."""
        from xining.base.model import Designation, Observation

        if isinstance(fact, Observation):
            return cls(True, fact.id, None, None, None, None, fact.quote, fact.subject, None, fact.note)
        if isinstance(fact, Designation):
            aliases = fact.aliases
            return cls(False, fact.id, fact.name.zh, fact.name.en, " ".join(aliases.zh) or None,
                       " ".join(aliases.en) or None, fact.quote, fact.recipient, fact.issuer, fact.note)  # fmt: skip
        return cls(False, fact.id, fact.label.zh, fact.label.en, None, None, fact.quote, None, None, fact.note)


def fact_index_rows(
    folder: Folder, fts: bool, rowid: int, texts: Sequence[Any]
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The rows of one fact in the trigram index and in the word index."""
    observation, fact_id, zh, en, aliases_zh, aliases_en, quote, subject, issuer, note = texts
    # An observation's label is its metric's, indexed once with the metric.
    label = (None, None) if observation else folder.both(zh, en, aliases_zh, aliases_en)
    other, text, notes = folder.both(subject, issuer), folder.both(quote), folder.both(note)
    # Ids are Latin words: the word index holds them (and the scan, where there is no FTS5).
    ids = (folder.chars(fact_id) if not fts else None, folder.words(fact_id))
    return (rowid, label[0], ids[0], text[0], other[0], notes[0]), (
        rowid,
        label[1],
        ids[1],
        text[1],
        other[1],
        notes[1],
    )


def insert_index_rows(
    connection: sqlite3.Connection, chars: list[tuple[Any, ...]], words: list[tuple[Any, ...]]
) -> None:
    columns = ", ".join(column for column, _, _ in FACT_COLUMNS)
    marks = ", ".join("?" * (len(FACT_COLUMNS) + 1))
    connection.executemany(f"INSERT INTO search_chars (rowid, {columns}) VALUES ({marks})", chars)
    connection.executemany(f"INSERT INTO search_words (rowid, {columns}) VALUES ({marks})", words)


def index_registries(connection: sqlite3.Connection, folder: Folder, base: FactBase) -> None:
    """Index what every fact refers to, once each: metrics, topics, sources."""
    entries: list[tuple[str, str, list[str | None]]] = []
    for metric in base.metrics.values():
        names: list[str | None] = [metric.label.zh, metric.label.en, *metric.aliases.zh, *metric.aliases.en, metric.id]
        entries.append(("metric", metric.id, names))
    for topic in base.topics.values():
        entries.append(("topic", topic.id, [topic.label.zh, topic.label.en, topic.id]))
    for source in base.sources.values():
        entries.append(("source", source.id, [source.title, source.publisher, source.id]))
    for table in ("entry_chars", "entry_words"):
        connection.execute(f"DELETE FROM {table}")
    connection.executemany(
        "INSERT INTO entry_chars (kind, key, text) VALUES (?, ?, ?)",
        # Names are separated by a character no needle folds to, so that a match never spans two of them.
        [(kind, key, "\x1f".join(folder.chars(name) for name in names if name)) for kind, key, names in entries],
    )
    connection.executemany(
        "INSERT INTO entry_words (kind, key, text) VALUES (?, ?, ?)",
        [(kind, key, " , ".join(folder.words(name) for name in names if name)) for kind, key, names in entries],
    )


# --- searching ----------------------------------------------------------------------


class Needle(NamedTuple):
    """One word of a search, folded, and how it is looked for."""

    text: str  # folded
    via: str  # "words", "chars" or "scan"


class Hit(NamedTuple):
    rank: int
    field: str
    score: float  # bm25: lower is better


def needles(text: str, folder: Folder) -> list[Needle]:
    """The words of a search text, each to be found somewhere in a fact."""
    found: list[Needle] = []
    for word in text.split():
        folded = folder.fold(word)
        if _WORDS_ONLY.fullmatch(folded):
            found.append(Needle(" ".join(_WORD.findall(folded)), "words"))
        else:
            squeezed = "".join(folded.split())
            found.append(Needle(squeezed, "chars" if len(squeezed) >= SHORTEST_TRIGRAM else "scan"))
    return found


def quoted(text: str) -> str:
    """A phrase for an FTS5 query: double-quoted, inner quotes doubled, so nothing in it is syntax."""
    return '"' + text.replace('"', '""') + '"'


def find(connection: sqlite3.Connection, text: str, fts: bool) -> dict[int, Hit]:
    """The rowids of the facts that contain every word of `text`, with their rank, field and score.

    The words found through an index come first, each kept only within the facts the ones before it
    found; then every word too short for trigrams in one scan of only those facts (all of them, when
    every word is short). Each word's hits are then joined in the order the words were given, so the
    field and score of a fact are as if each word had been looked up alone.
    """
    folder = stored_folder(connection, text)
    words = needles(text, folder)
    if not fts:  # no word index: scan the folded text; English loses its stems but for a plural's s
        words = [_scanned(needle) for needle in words]
    hits: dict[int, dict[int, Hit]] = {}  # the position of a word -> its hits
    within: set[int] | None = None
    for at, needle in enumerate(words):
        if needle.via != "scan":
            hits[at] = _find_one(connection, needle, within)
            within = set(hits[at])
            if not within:
                return {}
    scans = [(at, needle) for at, needle in enumerate(words) if needle.via == "scan"]
    if scans:
        for at, found in zip((at for at, _ in scans), _scan(connection, [n for _, n in scans], within), strict=True):
            hits[at] = found
    joined: dict[int, Hit] | None = None
    for at in range(len(words)):
        found = hits[at]
        if joined is None:
            joined = found
        else:
            joined = {
                rowid: max(hit, other, key=lambda h: h.rank)._replace(score=hit.score + other.score)
                for rowid, hit in joined.items()
                if (other := found.get(rowid)) is not None
            }
        if not joined:
            return {}
    return joined or {}


def _scanned(needle: Needle) -> Needle:
    squeezed = needle.text.replace(" ", "")
    return Needle(squeezed[:-1] if needle.via == "words" and squeezed.endswith("s") else squeezed, "scan")


def _find_one(connection: sqlite3.Connection, needle: Needle, within: set[int] | None) -> dict[int, Hit]:
    """The facts (of `within`, where given) that hold one word found through an index."""
    hits: dict[int, Hit] = {}

    def keep(rowid: int, hit: Hit) -> None:
        if within is not None and rowid not in within:
            return
        old = hits.get(rowid)
        if old is None or (hit.rank, hit.score) < (old.rank, old.score):
            hits[rowid] = hit

    facts_table = "search_words" if needle.via == "words" else "search_chars"
    entries_table = "entry_words" if needle.via == "words" else "entry_chars"
    phrase = quoted(needle.text)
    for column, rank, field in FACT_COLUMNS:
        if needle.via == "chars" and column == "id":
            continue
        rows = connection.execute(
            f"SELECT rowid, bm25({facts_table}) FROM {facts_table} WHERE {facts_table} MATCH ?",
            (f"{{{column}}} : {phrase}",),
        )
        for rowid, score in rows:
            keep(rowid, Hit(rank, field, score))
    entries = connection.execute(
        f"SELECT kind, key, bm25({entries_table}) FROM {entries_table} WHERE {entries_table} MATCH ?", (phrase,)
    ).fetchall()
    for rowid, hit in _through_entries(connection, entries, within).items():
        keep(rowid, hit)
    return hits


def _scan(connection: sqlite3.Connection, scans: list[Needle], within: set[int] | None) -> list[dict[int, Hit]]:
    """The hits of each word too short for trigrams, in one pass over the folded text of the facts
    (of `within`, where given) that hold every one of them, in their own text or through a metric,
    topic or source whose names hold it.

    One word: the facts of the metrics, topics and sources that hold it are read by their indexes, and
    the pass reads only the folded text. Several: the pass joins each fact's metric, topic and source
    instead, as the facts of a common character's entries can be most of the base, once per word.
    """
    import json

    columns = FACT_COLUMNS  # the id column of search_chars is empty where a word index holds the ids
    joined = len(scans) > 1
    kinds = list(ENTRY_KINDS.items())
    params: dict[str, str] = {}
    cases: list[str] = []
    conditions: list[str] = []
    keys: list[dict[str, set[str]]] = []  # per word: entry kind -> the keys whose names hold it
    through: list[dict[int, Hit]] = []  # per word, unless joined: the facts of those entries
    for at, needle in enumerate(scans):
        params[f"n{at}"] = needle.text
        entries = connection.execute("SELECT kind, key FROM entry_chars WHERE instr(text, ?) > 0", (needle.text,))
        keys.append({kind: set() for kind in ENTRY_KINDS})
        for kind, key in entries:
            keys[at][kind].add(key)
        case = " ".join(f"WHEN instr(s.{c}, :n{at}) > 0 THEN {i}" for i, (c, _, _) in enumerate(columns))
        cases.append(f"CASE {case} END")
        held = [f"({cases[-1]}) IS NOT NULL"]
        if joined:
            for kind, (_, _, column) in kinds:
                if keys[at][kind]:
                    params[f"{kind}{at}"] = json.dumps(sorted(keys[at][kind]))
                    held.append(f"f.{column} IN (SELECT value FROM json_each(:{kind}{at}))")
        else:
            found = [(kind, key, 0.0) for kind in ENTRY_KINDS for key in sorted(keys[at][kind])]
            through.append(_through_entries(connection, found, within))
            if through[at]:
                params[f"through{at}"] = json.dumps(sorted(through[at]))
                held.append(f"s.rowid IN (SELECT value FROM json_each(:through{at}))")
        conditions.append("(" + " OR ".join(held) + ")")
    if within is not None:
        params["within"] = json.dumps(sorted(within))
        conditions.append("s.rowid IN (SELECT value FROM json_each(:within))")
    entry_columns = ", ".join(f"f.{column}" for _, (_, _, column) in kinds) if joined else "NULL, NULL, NULL"
    join = " JOIN fact_rows f ON f.rowid = s.rowid" if joined else ""
    rows = connection.execute(
        f"SELECT s.rowid, {entry_columns}, {', '.join(cases)} FROM search_chars s{join}"
        f" WHERE {' AND '.join(conditions)}",
        params,
    )
    hits: list[dict[int, Hit]] = [{} for _ in scans]
    for row in rows:
        rowid, of_fact, found_at = row[0], row[1 : 1 + len(kinds)], row[1 + len(kinds) :]
        for at, index in enumerate(found_at):
            # As each word alone: its own text first, then a metric, topic or source that ranks better.
            best = None if index is None else Hit(columns[index][1], columns[index][2], 0.0)
            if joined:
                for (kind, (rank, field, _)), key in zip(kinds, of_fact, strict=True):
                    if key in keys[at][kind] and (best is None or rank < best.rank):
                        best = Hit(rank, field, 0.0)
            elif (entry := through[at].get(rowid)) is not None and (best is None or entry.rank < best.rank):
                best = entry
            if best is not None:
                hits[at][rowid] = best
    return hits


def _through_entries(
    connection: sqlite3.Connection, entries: list[tuple[str, str, float]], within: set[int] | None
) -> dict[int, Hit]:
    """The facts (of `within`, where given) whose metric, topic or source is one of `entries` (kind,
    key, score), each with its best: the kinds in the order of ENTRY_KINDS, a later one only if better."""
    hits: dict[int, Hit] = {}
    for kind in ENTRY_KINDS:
        scores = {key: score for entry_kind, key, score in entries if entry_kind == kind}
        if not scores:
            continue
        rank, field, column = ENTRY_KINDS[kind]
        marks = ", ".join("?" * len(scores))
        for rowid, key in connection.execute(
            f"SELECT rowid, {column} FROM fact_rows WHERE {column} IN ({marks})", list(scores)
        ):
            if within is not None and rowid not in within:
                continue
            hit, old = Hit(rank, field, scores[key]), hits.get(rowid)
            if old is None or (hit.rank, hit.score) < (old.rank, old.score):
                hits[rowid] = hit
    return hits


def closest_names(connection: sqlite3.Connection, text: str, count: int = 5) -> list[str]:
    """The metrics nearest to a search that found nothing (by id, label or alias), for the reader to try.

    A metric's closeness is the mean, over the words asked, of how close its nearest name or word of a
    name is (see `_closest`). Computed for every metric of a large base that is seconds of difflib, so
    each metric first gets a bound from the characters it shares with each word, cheap set operations;
    metrics are then scored exactly best bound first, until no bound left can reach the best `count`
    scores. The names returned are the same as scoring every metric exactly.
    """
    import bisect
    import json

    asked = [word for word in re.split(r"[\s\-,()]+", text.casefold()) if word]
    if not asked:
        return []
    metrics: list[tuple[str, set[str], tuple[int, ...]]] = []  # name, its candidates, and their numbers
    numbers: dict[str, int] = {}  # each distinct candidate of every metric, numbered
    for key, data in connection.execute("SELECT id, data FROM metrics"):
        metric = json.loads(data)
        aliases = metric.get("aliases") or {}
        names = [key, metric["label"]["zh"], metric["label"]["en"], *aliases.get("zh", ()), *aliases.get("en", ())]
        words = {w for name in names for w in re.split(r"[\s\-,()]+", name.casefold()) if w}
        words |= {name.casefold() for name in names}
        numbered = tuple(numbers.setdefault(candidate, len(numbers)) for candidate in words)
        metrics.append((f"{key} ({metric['label']['en']})", words, numbered))
    # The bound of each distinct candidate for each distinct word, once; a metric's is the sum over the
    # words of its candidates' best (`map` keeps that loop, metrics x words x candidates, in C).
    bounds = {word: [_bound(candidate, word, set(word)) for candidate in numbers] for word in set(asked)}
    bounded: list[tuple[float, str, set[str]]] = []
    for name, words, numbered in metrics:
        bound = sum(max(map(bounds[word].__getitem__, numbered)) for word in asked) / len(asked)
        if bound >= 0.6:
            bounded.append((bound, name, words))
    bounded.sort(key=lambda entry: -entry[0])
    known: dict[tuple[str, str], float] = {}  # a word of many metrics' names is compared once, not per metric
    best: list[tuple[float, str]] = []  # (-score, name) of the closest so far, at most `count`, in order
    for bound, name, words in bounded:
        if len(best) == count and bound < -best[-1][0]:
            break  # neither this metric nor any after it can be among the closest
        score = sum(_closest(words, word, known) for word in asked) / len(asked)
        if score >= 0.6:
            bisect.insort(best, (-score, name))
            del best[count:]
    return [name for _, name in best]


def _bound(candidate: str, word: str, letters: set[str]) -> float:
    """At least `_closest` of one candidate: the longest common run exactly (cheap), and for difflib's
    ratio, the characters of the word that the candidate holds (its matches are made of them)."""
    common = letters.intersection(candidate)
    if not common:
        return 0.0
    held = len(common) if len(letters) == len(word) else sum(word.count(letter) for letter in common)
    matched = min(held, len(candidate), len(word))
    whole = 2 * matched / (len(candidate) + len(word))
    if len(candidate) <= len(word):  # then the run, at most `matched`, is no more than `whole` allows
        return whole
    return max(_longest_common_run(candidate, word) / len(word), whole)


def _closest(candidates: Iterable[str], word: str, known: dict[tuple[str, str], float]) -> float:
    """How close the nearest of `candidates` is to `word`: close as a whole (difflib's ratio, a
    misspelling), or mostly contained (the longest common run over the word's length, a Chinese fragment).

    difflib's ratio is the costly part, and a label of 60 characters is never close as a whole to a word
    of 7: it is computed only where its upper bound (twice the shorter length over both) could beat the
    best closeness found so far. The result is the same as computing it for every candidate.
    """
    import difflib

    best = 0.0
    for candidate in candidates:
        close = known.get((candidate, word))
        if close is None:
            close = _longest_common_run(candidate, word) / len(word)
            bound = 2 * min(len(candidate), len(word)) / (len(candidate) + len(word))
            if bound > close and bound > best:
                close = max(close, difflib.SequenceMatcher(None, candidate, word).ratio())
                known[candidate, word] = close  # exact: kept for the other metrics that share the candidate
        best = max(best, close)
    return best


def _longest_common_run(text: str, word: str) -> int:
    """The length of the longest run of characters of `word` found in `text` (as difflib's
    find_longest_match finds it, without junk), by substring tests that are done in C."""
    longest = 0
    for start in range(len(word)):
        while start + longest < len(word) and word[start : start + longest + 1] in text:
            longest += 1
    return longest
