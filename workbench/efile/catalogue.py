"""Catalogue categories in the court's standard order, and the derived catalogue of a volume.

Sequence numbers and page numbers are computed from the documents, never typed: insert a document
and everything after it renumbers itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from ..errors import Text, UserError
from ..resources import resource

VOLUMES = ("正卷", "副卷")
VOLUME_EN = {"正卷": "main volume", "副卷": "internal volume"}


@dataclass(frozen=True)
class Category:
    key: str
    name: str
    en: str
    volume: str
    order: int
    furniture: bool  # cover, catalogue, 备考表, back cover: generated at assembly, unnumbered


@dataclass(frozen=True)
class CatalogueEntry:
    seq: int
    volume: str
    category: str
    category_name: str
    document_id: int
    title: str
    author: str
    date: str
    first_page: int
    last_page: int
    page_count: int
    source: str


@lru_cache(maxsize=8)
def load_profile(name: str = "civil_first_instance") -> dict[str, list[Category]]:
    path = resource("catalogue", f"{name}.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, list[Category]] = {}
    for volume, cats in raw["volumes"].items():
        out[volume] = [
            Category(c["key"], c["name"], c.get("en", c["key"]), volume, i, bool(c.get("furniture")))
            for i, c in enumerate(cats)
        ]
    return out


def check_volume(volume: str) -> str:
    aliases = {"main": "正卷", "zhengjuan": "正卷", "internal": "副卷", "fujuan": "副卷"}
    v = aliases.get(volume.lower(), volume) if volume else volume
    if v not in VOLUMES:
        raise UserError(Text(f"卷别应为 正卷 或 副卷，实为 {volume!r}", "volume must be 正卷 or 副卷"))
    return v


def category(key: str, volume: str | None = None) -> Category:
    """Look a category up by key or Chinese name, in one volume or in either."""
    for vol, cats in load_profile().items():
        if volume and vol != volume:
            continue
        for c in cats:
            if key in (c.key, c.name) and not c.furniture:
                return c
    names = "、".join(c.key for cats in load_profile().values() for c in cats if not c.furniture)
    raise UserError(Text(f"未知的目录类别 {key!r}；可用：{names}",
                         f"unknown catalogue category {key!r}; known: {names}"))


def filing_categories(volume: str) -> list[Category]:
    return [c for c in load_profile()[volume] if not c.furniture]


def build_catalogue(rows: list[dict], volume: str) -> list[CatalogueEntry]:
    """Order a volume's documents and number them. `rows` are document rows (dict-like) with
    id, category, rank, title, author, doc_date, page_count, source."""
    order = {c.key: c for c in load_profile()[volume]}
    ordered = sorted(
        (r for r in rows if r["category"] in order),
        key=lambda r: (order[r["category"]].order, r["rank"], r["doc_date"], r["id"]),
    )
    entries = []
    page = 1
    for seq, r in enumerate(ordered, start=1):
        count = int(r["page_count"])
        cat = order[r["category"]]
        entries.append(CatalogueEntry(
            seq=seq, volume=volume, category=cat.key, category_name=cat.name,
            document_id=r["id"], title=r["title"], author=r["author"], date=r["doc_date"],
            first_page=page, last_page=page + count - 1, page_count=count, source=r["source"],
        ))
        page += count
    return entries
