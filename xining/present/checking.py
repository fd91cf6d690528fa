"""A checked draft as people and programs read it: each claim's reason and expected figure worded in the
claim's language, the citation to paste, the draft with its claims marked in place, findings worst first.

`answers.check` returns reasons as codes and facts as records; the words are
chosen here. Every piece of the draft that reaches a terminal goes through
`literal`: a draft is untrusted text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xining.present.documents import Document, Listing
from xining.present.wording import Lang, figure_text, literal, marked, number_text, period_text

if TYPE_CHECKING:
    from xining.answers.check import Checked, Finding
    from xining.base.model import FactBase
    from xining.present.documents import Options

# The JSON contract of a claim (pinned by the contract test): add keys, never rename them.
CLAIM_KEYS = (
    "text", "start", "end", "number", "unit", "scale", "qualifier", "period", "subject",
    "verdict", "facts", "expected", "reason", "citation",
)  # fmt: skip
SYMBOLS = {"supported": "✓", "imprecise": "~", "contradicted": "✗", "not_found": "?"}
STYLES = {"supported": "green", "imprecise": "yellow", "contradicted": "bold red", "not_found": "dim"}
VERDICT_ZH = {"supported": "有据", "imprecise": "不精确", "contradicted": "有误", "not_found": "无据"}

# One line per reason, in each language. {expected}: the base's figure (or title); {period}: its period;
# {claimed}: the claim's words; {other}: the figure the claim used, with its period; {measure}: the metric.
REASONS = {
    "same": ("{expected}, {period}: as the base says", "与基础数据一致：{expected}（{period}）"),
    "rounded": ("{expected} ({period}), rounded and said to be", "{expected}（{period}）的约数，并已注明"),
    "same_title": ("{expected}: as the base records it", "与基础数据一致：{expected}"),
    "qualifier_dropped": (
        "the base says {expected} ({period}): the qualifier is missing",
        "基础数据为{expected}（{period}），漏了限定词",
    ),
    "qualifier_changed": (
        "the base says {expected} ({period}), not {claimed}",
        "基础数据为{expected}（{period}），不是{claimed}",
    ),
    "rounded_silently": (
        "{expected} ({period}) rounded without saying so: write 'about'",
        "{expected}（{period}）经四舍五入而未注明“约”",
    ),
    "derived": (
        "no article prints it: the base derives {expected} ({period}) from other figures",
        "文章未直接给出：{expected}（{period}）是由其他数字推算的",
    ),
    "plan_not_said": (
        "{expected} is a target, not a result: say it is planned",
        "{expected}是计划目标，不是已实现的结果",
    ),
    "not_a_plan": (
        "the base records {expected} ({period}) as a result, not a plan",
        "基础数据中{expected}（{period}）是已实现的结果，不是计划",
    ),
    "period_unknown": (
        "the base has {expected} but not its year ({period})",
        "基础数据有{expected}，但未注明年份（{period}）",
    ),
    "period_missing": (
        "{expected} is the figure of {period}: say so, or it is read as of another period",
        "{expected}是{period}的数字，应注明时期",
    ),
    "title_undated": ("the base has {expected} but not when it was given", "基础数据有{expected}，但未注明时间"),
    "other_value": ("the base says {expected} ({period})", "基础数据为{expected}（{period}）"),
    "other_period": ("{other}; the base says {expected} ({period})", "{other}；基础数据为{expected}（{period}）"),
    "other_period_only": ("{claimed} is the figure of another period: {other}", "{claimed}是其他时期的数字：{other}"),
    "scale": (
        "the base says {expected} ({period}), that is {normalized}: not {claimed}",
        "基础数据为{expected}（{period}），不是{claimed}：数量级不同",
    ),
    "unit": (
        "the base says {expected} ({period}): percentage points, not percent",
        "基础数据为{expected}（{period}）：是百分点，不是百分比",
    ),
    "direction": (
        "the base says {expected} ({period}): a change the other way",
        "基础数据为{expected}（{period}）：变化方向相反",
    ),
    "other_subject": (
        "{claimed} is another subject's figure: {other}; the base says {expected} ({period})",
        "{claimed}是另一主体的数字：{other}；基础数据为{expected}（{period}）",
    ),
    "beyond_figure": (
        "the base says {expected} ({period}): that very figure, not more or less than it",
        "基础数据为{expected}（{period}）：正是这个数字，不是超过或不到",
    ),
    "qualifier_opposite": (
        "the base says {expected} ({period}): the opposite bound",
        "基础数据为{expected}（{period}），方向相反",
    ),
    "plan_as_done": ("{expected} is a target, not a result reached", "{expected}是计划目标，尚未实现"),
    "other_ranked": (
        "the rank belongs to {expected}, not to the measure the claim ranks",
        "排名属于{expected}，而非文中所述指标",
    ),
    "title_date": ("the base records {expected}: another date", "基础数据记载为{expected}，时间不同"),
    "title_batch": ("the base records {expected}: another batch", "基础数据记载为{expected}，批次不同"),
    "title_scope": ("the base records {expected}: a first in another area", "基础数据记载为{expected}，范围不同"),
    "title_issuer": (
        "the base records {expected}, given by {issuer}: not by the bodies the claim names",
        "基础数据记载{expected}由{issuer}授予，与文中所述不同",
    ),
    "title_denied": (
        "the base records {expected}: not what the claim says",
        "基础数据记载{expected}，与文中的否定说法相反",
    ),
    "issuer_unknown": (
        "the base has {expected}, but not the bodies the claim names as giving it (the base names: {issuer})",
        "基础数据有{expected}，但没有文中所述的授予单位（基础数据所载：{issuer}）",
    ),
    "no_measure": ("the base has nothing on this measure", "基础数据中没有这一指标"),
    "no_period": ("the base has {measure}, but not for this period", "基础数据有{measure}，但没有这一时期的数字"),
    "city_figure": (
        "{claimed} is Xining's figure, not the province's: {expected} ({period})",
        "{claimed}是西宁市的数字，不是全省的：{expected}（{period}）",
    ),
    "no_subject": (
        "the base has {measure} for the city, not for {subject}",
        "基础数据有全市的{measure}，没有{subject}的",
    ),
    "no_title": ("the base has no such title", "基础数据中没有这一称号"),
}


SUBJECT_WORDS = {"province": ("the province", "全省")}  # a district or county is named as the draft names it


def view(result: Checked) -> Document:
    """The document `check` prints: the date used, the counts, and one record per claim."""
    records, citations = result.records, dict[str, str]()  # a source cited twice is worded once
    claims = [claim_record(result, finding, result.style, records, citations) for finding in result.findings]
    counts = {verdict: sum(1 for c in claims if c["verdict"] == verdict) for verdict in SYMBOLS}
    data = {"date": result.day.isoformat(), "counts": counts, "draft": result.text, "claims": claims}
    rows = Listing(claims, CLAIM_KEYS, keys=CLAIM_KEYS, computed=(), empty="no claims found")
    return Document(data, "check", rows)


def claim_record(
    result: Checked, finding: Finding, style: str, records: dict[str, dict[str, Any]], citations: dict[str, str]
) -> dict[str, Any]:
    claim, judgement = finding
    lang = Lang.ZH if claim.lang == "zh" else Lang.EN
    base = result.base
    facts = [records[fact_id] for fact_id in judgement.facts]
    others = [records[fact_id] for fact_id in judgement.others]
    source = facts[0]["source"]["id"] if facts else None
    if source is not None and source not in citations:
        citations[source] = citation(base, source, style)
    when = claim.when
    return {
        "text": result.text[claim.start : claim.end],
        "start": claim.start,
        "end": claim.end,
        "number": claim.number or None,
        "unit": claim.unit or None,
        "scale": claim.scale or None,
        "qualifier": claim.qualifier.value if claim.number else None,
        "period": {
            "start": when.first.isoformat() if when and when.first else None,
            "end": when.last.isoformat() if when and when.last else None,
            "label": when.words,
        }
        if when
        else None,
        "subject": claim.subject or None,
        "verdict": judgement.verdict.value,
        "facts": list(judgement.facts),
        "expected": expected(facts[0], lang) if facts else None,
        "reason": reason_text(judgement.reason.value, claim, facts, others, base, lang, judgement.metric),
        "citation": citations[source] if source is not None else None,
    }


def expected(record: dict[str, Any], lang: Lang) -> str:
    """The base's figure as a reader should quote it, in the claim's language; a title with its date."""
    if record["kind"] == "observation":
        return marked(figure_text(record, lang), record, lang)
    label = record["label"]["zh" if lang is Lang.ZH else "en"]
    date = period_text(record["period"], lang) if record["period"]["start"] else ""
    return f"{label}（{date}）" if date and lang is Lang.ZH else f"{label} ({date})" if date else label


def reason_text(
    reason: str,
    claim: Any,
    facts: list[dict[str, Any]],
    others: list[dict[str, Any]],
    base: FactBase,
    lang: Lang,
    metric: str | None,
) -> str:
    """One line a reader understands: what the base says, and how the claim differs."""
    if reason == "other_period" and not others:
        reason, others = "other_period_only", facts
    english, chinese = REASONS[reason]
    template = chinese if lang is Lang.ZH else english
    first = facts[0] if facts else None
    measure = base.metrics[metric].label if metric and metric in base.metrics else None
    return template.format(
        expected="; ".join(dict.fromkeys(expected(record, lang) for record in facts)) if facts else "",
        period=period_text(first["period"], lang) if first else "",
        claimed=claim.text,
        other="; ".join(_with_period(r, lang) for r in others),
        measure=(measure.zh if lang is Lang.ZH else measure.en) if measure else "",
        subject=SUBJECT_WORDS.get(claim.subject, (claim.subject, claim.subject))[lang is Lang.ZH],
        normalized=_normalized(first) if first else "",
        issuer=_issuer(facts, lang) if "{issuer}" in template else "",
    )


def _issuer(records: list[dict[str, Any]], lang: Lang) -> str:
    """Who gave a title, as the base records it (in Chinese; in English too where the bodies are known)."""
    from xining.answers.check.bodies import in_english

    issuers = list(dict.fromkeys(record["issuer"] for record in records if record.get("issuer")))
    if not issuers:
        return "无" if lang is Lang.ZH else "none"
    return "；".join(issuers) if lang is Lang.ZH else "; ".join(map(in_english, issuers))


def _normalized(record: dict[str, Any]) -> str:
    """A value after 万 and 亿 as a reader of English writes it: 530,000,000 元."""
    normalized = record.get("normalized")
    if not normalized:
        return ""
    return f"{number_text(normalized['value'], grouped=True)} {normalized['unit']}"


def _with_period(record: dict[str, Any], lang: Lang) -> str:
    period = period_text(record["period"], lang)
    return f"{expected(record, lang)}（{period}）" if lang is Lang.ZH else f"{expected(record, lang)} ({period})"


def citation(base: FactBase, source_id: str, style: str) -> str:
    """The source in the style asked for, ready to paste (GB/T 7714 by default, as `cite` writes it)."""
    from xining.answers.cite import style as citation_style
    from xining.base.citation import csl_record

    chosen = citation_style(style)
    record = csl_record(base.sources[source_id])
    return chosen.entry(record) if chosen.entry else chosen.write([record]).strip()


# --- the draft, marked ---------------------------------------------------------------------------


def summary(data: dict[str, Any]) -> str:
    counts = ", ".join(f"{number} {verdict}" for verdict, number in data["counts"].items() if number)
    total = len(data["claims"])
    return f"{total} claim{'s' * (total != 1)} ({counts or 'none'}); 今年/去年/this year read as of {data['date']}"


def pieces(data: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None, int]]:
    """The draft cut into plain text and claims: (text, claim or None, the claim's number in reading order)."""
    draft = data["draft"]
    cut: list[tuple[str, dict[str, Any] | None, int]] = []
    at = 0
    for number, claim in enumerate(data["claims"], 1):
        if claim["start"] < at:
            continue  # claims never overlap; if one did, the first keeps its place
        cut.append((draft[at : claim["start"]], None, 0))
        cut.append((draft[claim["start"] : claim["end"]], claim, number))
        at = claim["end"]
    cut.append((draft[at:], None, 0))
    return cut


def bracketed(data: dict[str, Any]) -> str:
    """The draft with each claim in brackets, its symbol and number after it: 41%[✗3]."""
    return "".join(
        literal(text) + (f"[{SYMBOLS[claim['verdict']]}{number}]" if claim else "")
        for text, claim, number in pieces(data)
    )


def findings(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Each claim worst first: a heading line, then its reason, the expected figure, facts and citation."""
    severity = ("contradicted", "imprecise", "not_found", "supported")
    numbered = sorted(enumerate(data["claims"], 1), key=lambda item: (severity.index(item[1]["verdict"]), item[0]))
    found = []
    for number, claim in numbered:
        heading = f"{SYMBOLS[claim['verdict']]} {number} {claim['verdict']}: {literal(claim['text'], one_line=True)}"
        if claim["period"]:
            heading += f" ({literal(claim['period']['label'], one_line=True)})"
        lines = [literal(claim["reason"], one_line=True)]
        if claim["facts"]:
            lines.append("facts: " + ", ".join(claim["facts"]))
        if claim["citation"]:
            lines.append("cite: " + literal(claim["citation"], one_line=True))
        found.append((heading, lines))
    return found


def plain_lines(data: dict[str, Any]) -> list[str]:
    """The whole check as plain lines: the summary, the draft marked with brackets, the findings."""
    lines = [summary(data), "", *bracketed(data).rstrip("\n").split("\n"), ""]
    for heading, rest in findings(data):
        lines.append(heading)
        lines.extend("  " + line for line in rest)
    return lines


# --- printed (Rich only for a terminal that takes colour) -----------------------------------------


def draw(document: Document, options: Options, terminal: bool) -> None:
    """The draft with each claim coloured and followed by its symbol, then the findings, worst first; piped or
    under NO_COLOR, the same with bracketed markers and no Rich at all."""
    import sys

    if not terminal or not options.color:
        out = options.stdout or sys.stdout
        out.write("".join(line + "\n" for line in plain_lines(document.data)))
        return
    from rich.text import Text

    from xining.present.terminal import console, wrap

    rich_out = console(options)

    def print_line(line: Text) -> None:
        rich_out.print(line, overflow="ignore", crop=False, no_wrap=True)

    data = document.data
    print_line(Text(summary(data), "bold"))
    draft = Text()
    for piece, claim, number in pieces(data):
        if claim is None:
            draft.append(literal(piece))
        else:
            draft.append(literal(piece), STYLES[claim["verdict"]] + " underline")
            draft.append(f"{SYMBOLS[claim['verdict']]}{number}", STYLES[claim["verdict"]])
    for row in wrap(rich_out, draft, rich_out.width):
        print_line(row)
    for heading, lines in findings(data):
        print_line(Text())
        print_line(Text(heading, STYLES[heading.split(" ", 2)[2].split(":")[0]]))
        for line in lines:
            for wrapped in wrap(rich_out, Text(line), rich_out.width - 2):
                print_line(Text.assemble("  ", wrapped))
