"""The statute library: the articles judgments cite, with their text, law and version dates.

Kept as data in `resources/statutes/*.json`, one file per law, each with its versions and their
validity dates, because article numbers move between amendments (the late-performance article is
第二百六十条 of the 2021 Civil Procedure Law and 第二百六十四条 of the 2023 one). Templates cite
an article either by number (substantive law, whose numbering has not changed) or by `topic`
(procedural law), and the date the judgment is made picks the version in force.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from ..errors import Text, UserError
from ..resources import resources_dir

__all__ = ["Article", "CitationRef", "Law", "LawVersion", "Lookup", "StatuteError", "StatuteLibrary",
           "article_cn", "cn_to_int", "format_citations", "int_to_cn", "load_library",
           "parse_citations"]

_DIGITS = "零一二三四五六七八九"


class StatuteError(UserError):
    """A citation the library cannot resolve, or a malformed statute file."""


def int_to_cn(n: int) -> str:
    """147 → 一百四十七, 1208 → 一千二百零八, 110 → 一百一十, 10 → 十 (as articles are numbered)."""
    if n <= 0 or n >= 10000:
        raise ValueError(f"article number out of range: {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[d] + unit)
    return "".join(out)


def cn_to_int(text: str) -> int:
    """一百四十七 → 147; also reads 〇 and Arabic digits, as OCR and editors leave them."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    units = {"十": 10, "百": 100, "千": 1000}
    total, digit = 0, None
    for ch in text.replace("〇", "零"):
        if ch in _DIGITS:
            digit = _DIGITS.index(ch)
        elif ch in units:
            total += (1 if digit is None else digit) * units[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def article_cn(n: int) -> str:
    return f"第{int_to_cn(n)}条"


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


def _parse_law(raw: Mapping[str, Any], where: str) -> Law:
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


def load_library(root: Path | None = None) -> StatuteLibrary:
    """The library under `root` (default resources/statutes), re-read when a file changes."""
    root = Path(root) if root else resources_dir() / "statutes"
    files = sorted(root.glob("*.json"))
    return _load(tuple((str(p), p.stat().st_mtime_ns) for p in files))


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[str, int], ...]) -> StatuteLibrary:
    lib = StatuteLibrary()
    for path, _ in files:
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise StatuteError(Text(f"法规文件无法读取 {path}: {e}", "unreadable statute file")) from None
        law = _parse_law(raw, path)
        lib.laws[law.key] = law
    return lib


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
                n = cn_to_int(a.group(1))
            except ValueError:
                continue
            out.append(CitationRef(law, n, base + a.start(), base + a.end(), a.group(0)))
    return out
