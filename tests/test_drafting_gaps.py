"""A draft never shows a template's internal key, names each gap in plain Chinese, and the
checker flags every gap left (issue 17's traffic-accident bug)."""

from __future__ import annotations

import json
import re
import string
from datetime import date
from pathlib import Path

from workbench.cases.casejson import case_from_json
from workbench.drafting.checker import check_document
from workbench.drafting.document import Paragraph
from workbench.drafting.elements import schema_for
from workbench.drafting.judgment import build_judgment
from workbench.drafting.templates import common_template, judgment_template_dir

DATA = Path(__file__).parent / "data" / "drafting"
ON = date(2026, 4, 28)
ASCII_KEY = re.compile(r"[A-Za-z_]{3,}")


def _traffic_without_items():
    doc = json.loads((DATA / "traffic_accident.json").read_text(encoding="utf-8"))
    doc["elements"] = {}
    doc["claims"] = [{"kind": "damages", "amount": "58460.00", "text": "判令被告赔偿原告各项损失58460元"},
                     {"kind": "costs", "text": "本案诉讼费用由被告负担"}]
    return case_from_json(doc)[0]


def test_a_traffic_draft_without_loss_items_names_its_gaps_in_chinese():
    draft = build_judgment(_traffic_without_items(), judgment_date=ON)
    body = "\n".join(p.text for p in draft.paragraphs if p.section not in ("parties",))
    assert "principal_awarded" not in draft.text
    gaps = re.findall(r"【待补充：([^】]*)】", draft.text)
    assert gaps and all(not ASCII_KEY.search(g) for g in gaps), gaps
    assert "事故日期" in gaps and "各项损失的名称和金额" in gaps
    # The reasoning's total is the amount the operative part awards, not a gap.
    reasoning = "".join(p.text for p in draft.section("reasoning"))
    assert "58460元" in reasoning
    assert "58460元" in "".join(p.text for p in draft.section("operative"))
    # Nothing about injuries or the kind of insurance that no element supports.
    assert "受伤" not in body and "强制保险及商业第三者责任保险" not in "".join(
        p.text for p in draft.section("findings"))


def test_the_checker_flags_every_gap_and_any_internal_key():
    case = _traffic_without_items()
    draft = build_judgment(case, judgment_date=ON)
    findings = check_document(draft.paragraphs, case, today=ON)
    gaps = [f for f in findings if f.code == "gap"]
    assert len(gaps) == len(re.findall(r"【待补充", draft.text))
    assert all(f.location is not None for f in gaps)
    planted = [*draft.paragraphs]
    i = next(k for k, p in enumerate(planted) if p.section == "reasoning")
    planted[i] = Paragraph("reasoning", planted[i].text + "原告主张的损失共计principal_awarded元，{amount}。")
    found = [f for f in check_document(planted, case, today=ON) if f.code == "internal_key"]
    assert [planted[i].text[f.location.start:f.location.end] for f in found] == \
        ["principal_awarded", "{amount}"]
    assert all(f.severity == "error" for f in found)


def test_every_placeholder_of_every_judgment_template_has_a_chinese_label():
    common_labels = common_template()["labels"]
    for path in sorted(judgment_template_dir().glob("*.json")):
        tpl = json.loads(path.read_text(encoding="utf-8"))
        labels = dict(common_labels, **tpl.get("labels", {}))
        cause = tpl.get("cause")
        if cause:
            for f in schema_for(cause).fields:
                labels[f.key] = f.label
                if f.claim:
                    labels[f"{f.key}_awarded"] = "经核定的" + f.label
        names = {name for text in _strings(tpl) for _, name, _, _ in string.Formatter().parse(text)
                 if name}
        unlabelled = sorted(n for n in names if not re.search(r"[\u4e00-\u9fff]", labels.get(n, "")))
        assert unlabelled == [], (path.name, unlabelled)


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k not in ("if", "if_any", "unless", "note", "labels", "cause", "law", "topic"):
                yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)
