"""The statute library: the articles judgments cite, with their text, law and version dates.

This module holds the pure part (which version is in force on a date, how an article is
numbered and cited); `cases.statute_library` loads the data, kept in `resources/statutes/*.json`,
one file per law, each with its versions and their validity dates, because article numbers
move between amendments (the late-performance article is 第二百六十条 of the 2021 Civil
Procedure Law and 第二百六十四条 of the 2023 one). Templates cite an article either by number
(substantive law, whose numbering has not changed) or by `topic` (procedural law), and the date the judgment is made picks the version in force.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

from ..errors import Text, UserError
from .numerals import chinese_number, parse_chinese_number

__all__ = ["Article", "CitationRef", "Law", "LawVersion", "Lookup", "StatuteError", "StatuteLibrary",
           "article_cn", "format_citations", "parse_citations", "parse_law"]

class StatuteError(UserError):
    """A citation the library cannot resolve, or a malformed statute file."""


def article_cn(n: int) -> str:
    return f"第{chinese_number(n)}条"


@dataclass(frozen=True)
class Article:
    law_key: str
    law_title: str
    version: str
    valid_from: date
    valid_to: date | None
    number: int
    text: str
    topic: str | None = None
    excerpt: str | None = None

    @property
    def cn(self) -> str:
        return article_cn(self.number)

    @property
    def citation(self) -> str:
        return f"《{self.law_title}》{self.cn}"


@dataclass(frozen=True)
class LawVersion:
    law_key: str
    title: str
    version: str
    valid_from: date
    valid_to: date | None
    article_count: int | None
    articles: Mapping[int, Article]

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class Law:
    key: str
    title: str
    short: str
    aliases: tuple[str, ...]
    kind: str
    versions: tuple[LawVersion, ...]

    def version_on(self, on: date) -> LawVersion | None:
        return next((v for v in self.versions if v.in_force(on)), None)


@dataclass(frozen=True)
class Lookup:
    """What the library knows of one cited article on one date.

    status: found | not_in_force (no version of the law in force then) | no_such_article (beyond
    the law's last article) | not_in_library (the law has it, but the library does not carry it).
    """
    status: str
    article: Article | None = None
    version: LawVersion | None = None


@dataclass(frozen=True)
class CitationRef:
    """One article cited in running text, with where it sits (character offsets)."""
    law_title: str
    number: int
    start: int
    end: int
    text: str


@dataclass
class StatuteLibrary:
    laws: dict[str, Law] = field(default_factory=dict)

    def law(self, name: str) -> Law:
        name = name.strip().strip("《》")
        for law in self.laws.values():
            if name in (law.key, law.title, law.short) or name in law.aliases:
                return law
        raise StatuteError(Text(f"法规库中没有《{name}》",
                                f"the statute library has no law named {name!r}"))

    def find_law(self, name: str) -> Law | None:
        try:
            return self.law(name)
        except StatuteError:
            return None

    def lookup(self, law: str, number: int, on: date) -> Lookup:
        lw = self.find_law(law)
        version = lw.version_on(on) if lw else None
        if version is None:
            return Lookup("not_in_force")
        if number in version.articles:
            return Lookup("found", version.articles[number], version)
        if version.article_count is not None and not 1 <= number <= version.article_count:
            return Lookup("no_such_article", None, version)
        return Lookup("not_in_library", None, version)

    def article(self, law: str, number: int, on: date) -> Article:
        found = self.lookup(law, number, on)
        if found.article is None:
            raise StatuteError(
                Text(f"《{law}》{article_cn(number)}在 {on} 无可用条文（{found.status}）",
                     f"no article {number} of {law} in force on {on} ({found.status})"))
        return found.article

    def by_topic(self, law: str, topic: str, on: date) -> Article:
        lw = self.law(law)
        version = lw.version_on(on)
        if version is None:
            raise StatuteError(Text(f"《{lw.title}》在 {on} 没有有效版本",
                                    f"no version of {lw.key} in force on {on}"))
        for a in version.articles.values():
            if a.topic == topic:
                return a
        raise StatuteError(Text(f"《{lw.title}》（{version.version}）中没有主题为 {topic} 的条文",
                                f"no article on {topic!r} in {lw.key} {version.version}"))

    def resolve(self, ref: Mapping[str, Any], on: date) -> Article:
        """A template's citation, {"law": …, "article": 667} or {"law": …, "topic": "appeal"}."""
        if "topic" in ref:
            return self.by_topic(str(ref["law"]), str(ref["topic"]), on)
        return self.article(str(ref["law"]), int(ref["article"]), on)


def _date(v: Any, where: str) -> date | None:
    if v is None:
        return None
    try:
        return date.fromisoformat(str(v))
    except ValueError:
        raise StatuteError(Text(f"法规文件 {where} 日期有误：{v!r}", "bad date in statute file")) from None


def parse_law(raw: Mapping[str, Any], where: str) -> Law:
    try:
        key, title = str(raw["key"]), str(raw["title"])
        versions = []
        for v in raw["versions"]:
            vf, vt = _date(v["valid_from"], where), _date(v.get("valid_to"), where)
            arts = {}
            for a in v["articles"]:
                n = int(a["number"])
                arts[n] = Article(key, title, str(v["version"]), vf, vt, n,  # type: ignore[arg-type]
                                  str(a["text"]), a.get("topic"), a.get("excerpt"))
            versions.append(LawVersion(key, title, str(v["version"]), vf, vt,  # type: ignore[arg-type]
                                       v.get("article_count"), arts))
    except (KeyError, TypeError, ValueError) as e:
        raise StatuteError(Text(f"法规文件 {where} 格式有误：{e}", f"malformed statute file {where}")) from None
    versions.sort(key=lambda x: x.valid_from, reverse=True)
    return Law(key, title, str(raw.get("short", title)), tuple(raw.get("aliases", ())),
               str(raw.get("kind", "law")), tuple(versions))


def format_citations(articles: list[Article]) -> str:
    """《A》第一条、第二条，《B》第三条: grouped by law in first-cited order, numbers ascending."""
    groups: dict[str, list[int]] = {}
    for a in articles:
        nums = groups.setdefault(a.law_title, [])
        if a.number not in nums:
            nums.append(a.number)
    return "，".join(f"《{title}》" + "、".join(article_cn(n) for n in sorted(nums))
                    for title, nums in groups.items())


_NUM = "[零〇一二三四五六七八九十百千0-9]+"
_ART = f"第{_NUM}条(?:第{_NUM}款)?(?:第（?{_NUM}）?项)?"
_CITE = re.compile(f"《([^《》]{{2,60}})》((?:{_ART}[、和及与，]?)+)")
_ONE = re.compile(f"第({_NUM})条(?:第{_NUM}款)?(?:第（?{_NUM}）?项)?")


def parse_citations(text: str) -> list[CitationRef]:
    """Every article cited as 《law》第X条、第Y条 in `text`, with offsets of each 第X条."""
    out = []
    for m in _CITE.finditer(text):
        law = m.group(1)
        base = m.start(2)
        for a in _ONE.finditer(m.group(2)):
            try:
                n = parse_chinese_number(a.group(1))
            except ValueError:
                continue
            out.append(CitationRef(law, n, base + a.start(), base + a.end(), a.group(0)))
    return out
