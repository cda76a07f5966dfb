"""Which offline entries still apply on the court's head (pure rules, no database)."""

from __future__ import annotations

from workbench.court.replay import state_of
from workbench.store.chain_entry import ChainEntry
from workbench.store.court.chain import blobs_named, first_break
from workbench.store.eventlog import GENESIS, canonical_json, entry_hash

N = "（2026）苏0583民初1号"


def chain(*items):
    out, prev = [], GENESIS
    for i, (action, payload) in enumerate(items, 1):
        p = canonical_json(payload)
        h = entry_hash(N, i, f"2026-03-0{min(i, 9)}T00:00:00+00:00", action, p, prev)
        out.append(ChainEntry(i, f"2026-03-0{min(i, 9)}T00:00:00+00:00", action, p, prev, h))
        prev = h
    return out


def ev(event_id, kind, on="2026-03-03", **data):
    return ("event.recorded", {"event_id": event_id, "kind": kind, "on": on, "party": None,
                               "data": data})


def doc(document_id, event_id=None, blob="a" * 64):
    return ("document.filed", {"document_id": document_id, "event_id": event_id, "blob": blob})


CREATED = ("case.created", {"case_number": N, "procedure": "simple"})


def test_once_events_duplicates_and_dependents_are_refused():
    server = state_of(chain(CREATED, ev(1, "concluded")))
    desk = chain(CREATED, ev(2, "concluded", "2026-05-02"), doc(20, 2), ev(3, "hearing"), doc(30, 3))
    assert "already recorded" in server.refuses(desk[1])
    assert "was refused" in server.refuses(desk[2])       # its event did not apply
    assert server.refuses(desk[3]) is None
    server.add(desk[3])
    assert server.refuses(desk[4]) is None
    assert "already created" in server.refuses(desk[0])
    # The same event recorded by two desks (same kind, day, party, data) is not recorded twice.
    assert "same" in server.refuses(chain(CREATED, ev(9, "hearing"))[1])


def test_nothing_is_added_to_an_archived_case():
    s = state_of(chain(CREATED, ev(1, "concluded", "2026-05-01"), ev(2, "archived", "2026-06-01")))
    assert s.status == "archived"
    assert "archived" in s.refuses(chain(CREATED, ev(5, "fee_notice"))[1])


def test_pages_of_a_refused_document_are_refused():
    s = state_of(chain(CREATED))
    pages = chain(CREATED, ("intake.pages", {"document_id": 7, "pages": []}))[1]
    assert "refused" in s.refuses(pages)


def test_blobs_named_by_entries():
    b, t, a = "b" * 64, "c" * 64, "d" * 64
    assert blobs_named("document.filed", {"blob": b}) == {b}
    assert blobs_named("intake.pages", {"pages": [{"blob": b, "text_sha256": t}, {"blob": None}]}) == {b, t}
    assert blobs_named("hearing.transcript_saved", {"transcript_blob": t, "audio_blob": a}) == {t, a}


def test_first_break_names_the_altered_entry():
    c = chain(CREATED, ev(1, "accepted"), ev(2, "hearing"))
    assert first_break(N, c, GENESIS) is None
    bad = ChainEntry(2, c[1].at, c[1].action, c[1].payload.replace("accepted", "filed"),
                     c[1].prev_hash, c[1].hash)
    msg = first_break(N, [c[0], bad, c[2]], GENESIS)
    assert "日志第 2 条" in msg and "entry altered" in msg
    assert "link broken" in first_break(N, [c[0], c[2]], GENESIS)
