"""The statute library: versions chosen by date, article numbers in Chinese, citations parsed."""

from __future__ import annotations

import json
from datetime import date

import pytest

from workbench.cases.statute_library import load_library
from workbench.law.numerals import chinese_number as int_to_cn
from workbench.law.numerals import parse_chinese_number as cn_to_int
from workbench.law.statutes import StatuteError, article_cn, format_citations, parse_citations
from workbench.drafting.templates import common_template, judgment_template_dir, template_causes

LAWS = {"civil_code", "civil_procedure_law", "private_lending_provisions",
        "road_traffic_safety_law", "litigation_fees_measures"}


@pytest.fixture(scope="module")
def lib():
    return load_library()


def test_every_law_is_there_with_dated_versions_and_real_text(lib):
    assert LAWS <= set(lib.laws)
    for law in lib.laws.values():
        assert law.title and law.versions
        for v in law.versions:
            assert v.valid_from and (v.valid_to is None or v.valid_to > v.valid_from)
            assert v.articles, law.key
            for a in v.articles.values():
                assert a.law_title == law.title and a.version == v.version
                assert len(a.text) > 15 and "。" in a.text
                assert v.article_count is None or a.number <= v.article_count


@pytest.mark.parametrize("on, late, default, appeal", [
    (date(2024, 1, 1), 264, 147, 171),    # 2023 amendment, in force 2024-01-01
    (date(2026, 4, 20), 264, 147, 171),
    (date(2023, 12, 31), 260, 147, 171),  # 2021 amendment
    (date(2022, 1, 1), 260, 147, 171),
    (date(2021, 6, 1), 253, 144, 164),    # 2017 amendment, for judgments made in 2021
])
def test_procedure_articles_follow_the_version_in_force(lib, on, late, default, appeal):
    assert lib.by_topic("civil_procedure_law", "late_performance", on).number == late
    assert lib.by_topic("civil_procedure_law", "default_judgment", on).number == default
    assert lib.by_topic("民事诉讼法", "appeal", on).number == appeal


def test_the_version_texts_differ_only_in_numbering_for_the_late_performance_article(lib):
    a23 = lib.article("民事诉讼法", 264, date(2025, 1, 1))
    a21 = lib.article("民事诉讼法", 260, date(2023, 1, 1))
    assert a23.text == a21.text and "加倍支付迟延履行期间的债务利息" in a23.text
    assert a23.version == "2023年修正" and a21.version == "2021年修正"
    assert a23.citation == "《中华人民共和国民事诉讼法》第二百六十四条"


def test_lookup_statuses(lib):
    on = date(2026, 1, 1)
    assert lib.lookup("民法典", 667, on).status == "found"
    assert lib.lookup("民法典", 1300, on).status == "no_such_article"  # the Code has 1260
    assert lib.lookup("民法典", 500, on).status == "not_in_library"
    assert lib.lookup("民法典", 667, date(2020, 12, 31)).status == "not_in_force"
    assert lib.lookup("中华人民共和国民事诉讼法", 300, on).status == "not_in_library"
    assert lib.lookup("中华人民共和国民事诉讼法", 307, on).status == "no_such_article"
    assert lib.lookup("中华人民共和国民事诉讼法", 295, date(2023, 1, 1)).status == "no_such_article"
    assert lib.lookup("合同法", 1, on).status == "not_in_force"
    with pytest.raises(StatuteError):
        lib.article("民法典", 500, on)
    with pytest.raises(StatuteError):
        lib.by_topic("民事诉讼法", "no_such_topic", on)


def test_law_found_by_title_short_name_alias_and_key(lib):
    for name in ("中华人民共和国民法典", "民法典", "civil_code", "《民法典》"):
        assert lib.law(name).key == "civil_code"
    assert lib.law("民诉法").key == "civil_procedure_law"
    assert lib.law("民间借贷司法解释").key == "private_lending_provisions"


@pytest.mark.parametrize("n, cn", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (76, "七十六"),
                                   (100, "一百"), (105, "一百零五"), (110, "一百一十"),
                                   (147, "一百四十七"), (264, "二百六十四"), (1000, "一千"),
                                   (1010, "一千零一十"), (1179, "一千一百七十九"),
                                   (1208, "一千二百零八"), (1213, "一千二百一十三"), (1260, "一千二百六十")])
def test_chinese_article_numbers(n, cn):
    assert int_to_cn(n) == cn
    assert cn_to_int(cn) == n
    assert article_cn(n) == f"第{cn}条"


def test_chinese_numbers_round_trip_over_every_article_number():
    for n in range(1, 1400):
        assert cn_to_int(int_to_cn(n)) == n


def test_parse_citations_gives_each_article_and_its_place():
    text = ("依照《中华人民共和国民法典》第六百六十七条、第六百七十四条，《中华人民共和国民事诉讼法》"
            "第一百四十七条、第二百六十四条第一款之规定")
    refs = parse_citations(text)
    assert [(r.law_title, r.number) for r in refs] == [
        ("中华人民共和国民法典", 667), ("中华人民共和国民法典", 674),
        ("中华人民共和国民事诉讼法", 147), ("中华人民共和国民事诉讼法", 264)]
    for r in refs:
        assert text[r.start:r.end] == r.text and r.text.startswith("第")


def test_format_citations_groups_by_law_in_first_cited_order(lib):
    on = date(2026, 1, 1)
    arts = [lib.article("民法典", 676, on), lib.article("民法典", 667, on),
            lib.by_topic("民事诉讼法", "default_judgment", on), lib.article("民法典", 667, on)]
    assert format_citations(arts) == ("《中华人民共和国民法典》第六百六十七条、第六百七十六条，"
                                      "《中华人民共和国民事诉讼法》第一百四十七条")


@pytest.mark.parametrize("on", [date(2022, 6, 1), date(2024, 6, 1), date(2026, 4, 1)])
def test_every_article_a_template_cites_is_in_the_library(lib, on):
    refs = []
    for path in template_causes().values():
        tpl = json.loads(path.read_text(encoding="utf-8"))
        for group in tpl["citations"].values():
            refs += group
    for group in common_template()["citations"].values():
        refs += group
    ruling = json.loads((judgment_template_dir() / "withdrawal_ruling.json").read_text(encoding="utf-8"))
    refs += ruling["citations"]
    assert len(refs) > 20
    for ref in refs:
        art = lib.resolve(ref, on)
        assert art.text


def test_template_directory_holds_the_six_causes():
    assert set(template_causes()) == {"民间借贷纠纷", "金融借款合同纠纷", "信用卡纠纷", "买卖合同纠纷",
                                      "物业服务合同纠纷", "机动车交通事故责任纠纷"}
    assert (judgment_template_dir() / "common.json").is_file()


def test_library_follows_a_court_edit(tmp_path, monkeypatch):
    # The library is data: a court that adds an article sees it without a restart.
    import shutil
    from workbench import resources
    root = tmp_path / "res"
    shutil.copytree(resources.resources_dir(), root)
    monkeypatch.setenv("WORKBENCH_RESOURCES", str(root))
    path = root / "statutes" / "civil_code.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["versions"][0]["articles"].append({"number": 509, "text": "当事人应当按照约定全面履行自己的义务。"})
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_library().lookup("民法典", 509, date(2026, 1, 1)).status == "found"
