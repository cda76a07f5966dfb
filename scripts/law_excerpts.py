"""Write the article texts the workbench relies on, quoted from the official texts, into
tests/data/law/*.json: one file per law version, each naming its source file and commit.

The source is a local mirror of github:LawRefBook/Laws (a bare git directory); nothing is
downloaded. Usage: python scripts/law_excerpts.py /path/to/LawRefBook+Laws/repo
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

HEAD = "2f4c5c23716267af9dbebbbbd6cbbf732b101981"
OLD = "3305c96becda40d0253cc6b9facb33573bddcc56"       # 2022-03-21: still has the 2015 interpretation
AUG2020 = "3a1021400993b9853b3897efdccf9a1bf3ea0448"   # 2022-04-01: the 2020-08 lending provisions

CPL = [67, 122, 126, 128, 139, 147, 148, 152, 157, 160, 162, 163, 164, 165, 166, 168, 169, 171]
SOURCES = [
    ("cpl_2023", "中华人民共和国民事诉讼法", "2023年修正", HEAD,
     ["诉讼与非诉讼程序法/民事诉讼法(2023-09-01).md"], CPL + [264, 285, 286]),
    ("cpl_2021", "中华人民共和国民事诉讼法", "2021年修正", HEAD,
     ["诉讼与非诉讼程序法/民事诉讼法(2021-12-24).md"], CPL + [260, 275, 276]),
    ("cpl_interp_2015", "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释", "法释〔2015〕5号", OLD,
     ["司法解释/最高人民法院关于适用《中华人民共和国民事诉讼法》的解释.md"], [99, 261, 266, 275, 277]),
    ("cpl_interp_2020", "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释", "2020年修正", HEAD,
     ["司法解释/最高人民法院关于适用《民事诉讼法》的解释(2020-12-29).md"], [99, 261, 266, 275, 277]),
    ("cpl_interp_2022", "最高人民法院关于适用《中华人民共和国民事诉讼法》的解释", "2022年修正", HEAD,
     ["司法解释/最高人民法院关于适用《民事诉讼法》的解释(2022-04-02).md"], [99, 261, 266, 275, 277]),
    ("private_lending_2020_12", "最高人民法院关于审理民间借贷案件适用法律若干问题的规定",
     "2020年第二次修正", HEAD,
     ["司法解释/最高人民法院关于审理民间借贷案件适用法律若干问题的规定(2020-12-29).md"], [25, 28, 29, 31]),
    ("private_lending_2020_08", "最高人民法院关于审理民间借贷案件适用法律若干问题的规定",
     "2020年第一次修正", AUG2020,
     ["司法解释/最高人民法院关于审理民间借贷案件适用法律若干问题的规定.md"], [26, 32]),
    ("litigation_fees", "诉讼费用交纳办法", "国务院令第481号", HEAD,
     ["行政法规/诉讼费用交纳办法(2006-12-19).md"], [13, 14, 15, 16, 29]),
    ("road_traffic_2021", "中华人民共和国道路交通安全法", "2021年修正", HEAD,
     ["行政法/道路交通安全法(2021-04-29).md"], [76]),
    ("traffic_interp_2020", "最高人民法院关于审理道路交通事故损害赔偿案件适用法律若干问题的解释",
     "2020年修正", HEAD,
     ["司法解释/最高人民法院关于审理道路交通事故损害赔偿案件适用法律若干问题的解释(2020-12-29).md"], [13]),
    ("civil_code", "中华人民共和国民法典", "2020年5月28日通过", HEAD,
     [f"民法典/{p}.md" for p in ("总则", "物权编", "合同编", "人格权编", "婚姻家庭编", "继承编",
                                  "侵权责任编", "附则")],
     [577, 579, 585, 595, 626, 667, 674, 675, 676, 679, 688, 700, 937, 939, 944, 1179, 1184, 1208,
      1213]),
]

_DIGITS = "零一二三四五六七八九"
_ART = re.compile(r"(?m)^第([零一二三四五六七八九十百千]+)条[ 　]")


def cn_to_int(text: str) -> int:
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS.index(ch)
        else:
            total += (1 if digit is None else digit) * {"十": 10, "百": 100, "千": 1000}[ch]
            digit = None
    return total + (digit or 0)


def articles(text: str) -> dict[int, str]:
    """Article number → its text (paragraphs joined by newlines), headings dropped."""
    marks = list(_ART.finditer(text))
    out: dict[int, str] = {}
    for m, nxt in zip(marks, marks[1:] + [None]):
        body = text[m.end():nxt.start() if nxt else len(text)]
        body = re.split(r"(?m)^#", body)[0]
        body = body.replace("\u200b", "")  # zero-width spaces of the source HTML
        paras = [p.strip() for p in body.strip().split("\n") if p.strip()]
        out.setdefault(cn_to_int(m[1]), "\n".join(paras))
    return out


def main(git_dir: str) -> None:
    out_dir = Path(__file__).resolve().parent.parent / "tests" / "data" / "law"
    out_dir.mkdir(parents=True, exist_ok=True)
    for key, title, version, commit, paths, wanted in SOURCES:
        arts: dict[int, str] = {}
        last = 0
        for p in paths:
            text = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"{commit}:{p}"],
                                  check=True, capture_output=True, text=True).stdout
            found = articles(text)
            arts.update(found)
            last = list(found)[-1] if found else last  # the last article in the text's own order
        doc = {"source": "github:LawRefBook/Laws", "commit": commit, "paths": paths,
               "title": title, "version": version, "article_count": last,
               "articles": {str(n): arts[n] for n in wanted}}
        (out_dir / f"{key}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
        print(key, len(wanted), "articles, last", last)


if __name__ == "__main__":
    main(sys.argv[1])
