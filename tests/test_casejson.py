"""The case description JSON: every well-formed file is accepted, a malformed one is refused with
a message naming the field, and export gives back what was imported."""

from __future__ import annotations

import copy

import pytest

from workbench.cases.casejson import case_from_json, case_to_json
from workbench.errors import CaseJsonError


def test_the_reference_example_reads_into_a_case(example_doc):
    case, events = case_from_json(example_doc)
    assert case.number == "（2026）苏0583民初1234号"
    assert case.names("plaintiff") == "王建国"
    assert case.by_role("defendant")[0].representative.name == "赵强"
    assert str(case.claim_total) == "82400.00"
    assert [e["kind"] for e in events] == ["filed", "accepted", "complaint_served", "summons_served", "hearing"]
    assert case.hearing.present == ["plaintiff"]


def test_half_width_case_number_is_stored_canonical(example_doc):
    example_doc["case_number"] = "(2026) 苏0583 民初 1234"
    case, _ = case_from_json(example_doc)
    assert case.number == "（2026）苏0583民初1234号"


def _broken(doc, path, value):
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


@pytest.mark.parametrize("path,value,field", [
    (["case_number"], "（2026）苏0583民初", "case_number"),
    (["case_number"], KeyError, "case_number"),
    (["procedure"], "fast", "procedure"),
    (["filed_on"], "2026/03/05", "filed_on"),
    (["parties", 1, "role"], "judge", "parties[1].role"),
    (["parties", 0, "kind"], "robot", "parties[0].kind"),
    (["parties", 0, "born"], "June 1975", "parties[0].born"),
    (["claims", 0, "amount"], 80000.0, "claims[0].amount"),
    (["claims", 1, "amount"], "-5", "claims[1].amount"),
    (["claims", 0, "amount"], "12.345", "claims[0].amount"),
    (["claims", 0, "kind"], "wish", "claims[0].kind"),
    (["events", 1, "kind"], "teleported", "events[1].kind"),
    (["events", 0, "on"], "2026-02-30", "events[0].on"),
    (["events", 2, "on"], "2026-01-01", "events[2].on"),
    (["hearing", "present"], ["jury"], "hearing.present"),
    (["court"], "昆山法院", "court"),
    (["parties"], [], "parties"),
])
def test_malformed_case_json_names_the_field(example_doc, path, value, field):
    with pytest.raises(CaseJsonError) as err:
        case_from_json(_broken(example_doc, path, value))
    assert err.value.field == field
    assert field in str(err.value)


def test_unknown_keys_are_kept_and_exported(example_doc):
    example_doc["elements"]["witness"] = "李四"
    example_doc["parties"][0]["phone"] = "13800000000"
    example_doc["priority"] = "high"
    case, events = case_from_json(example_doc)
    out = case_to_json(case, events)
    assert out["elements"]["witness"] == "李四"
    assert out["parties"][0]["phone"] == "13800000000"
    assert out["priority"] == "high"


def test_round_trip_is_stable(example_doc):
    case, events = case_from_json(example_doc)
    once = case_to_json(case, events)
    case2, events2 = case_from_json(once)
    assert case_to_json(case2, events2) == once
    assert once["claims"][0]["amount"] == "80000.00"
