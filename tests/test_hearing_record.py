"""The 庭审笔录: rendered from the case and the transcript, filed, linked to its audio, versioned."""

from __future__ import annotations

import io

import numpy as np
from pypdf import PdfReader

from test_hearing_support import write_wav
from workbench.hearing.record import (FILED, SAVED, file_record, header_from_case, load_transcript,
                                      record_lines, save_transcript, versions)
from workbench.hearing.transcript import Transcript, Utterance


def transcript() -> Transcript:
    return Transcript([Utterance(1.5, 6.0, "现在开庭，核对当事人身份。", "judge", 0),
                       Utterance(6.5, 12.25, "原告请求判令被告归还借款五万元。", "plaintiff", 1),
                       Utterance(13.0, 15.0, "被告对借款事实无异议。", "defendant", 2),
                       Utterance(16.0, 17.0, "好的。", None, None)],
                      17.5, "zh", "vosk-model-small-cn-0.22", 3,
                      ["judge", "plaintiff", "defendant"])


def test_record_filed_linked_and_versioned(wb, example_doc, tmp_path):
    case = wb.import_case(example_doc)
    audio = write_wav(tmp_path / "hearing.wav", np.zeros((16000, 3), np.int16))
    header = header_from_case(case, started="2026-03-05T09:30", ended="2026-03-05T10:05",
                              place="第三法庭")
    assert header.case_number == case.number and header.judge == case.judge
    t = transcript()
    first = save_transcript(wb, case.number, t, audio)
    assert first.action == SAVED and first.previous is None and wb.blobs.exists(first.audio_blob)
    assert save_transcript(wb, case.number, t).seq == first.seq  # unchanged: no new version
    t.utterances[1].text = "原告请求判令被告归还借款伍万元。"
    t.utterances[1].edited = True
    filed = file_record(wb, case.number, t, header)
    assert filed.action == FILED and filed.audio_blob == first.audio_blob
    history = versions(wb, case.number)
    assert [v.action for v in history] == [SAVED, FILED]
    assert history[1].previous == first.transcript_blob  # the edit points at what it corrected
    assert load_transcript(wb, first.transcript_blob).utterances[1].text.endswith("五万元。")
    assert load_transcript(wb, filed.transcript_blob).utterances[1].edited

    entry = [e for e in wb.catalogue(case.number)
             if e.category == "hearing_record" and e.title.startswith("庭审笔录（")]
    assert len(entry) == 1 and entry[0].title == "庭审笔录（2026-03-05）"
    text = "".join(p.extract_text() for p in
                   PdfReader(io.BytesIO(wb.document_pdf(entry[0].document_id))).pages)
    flat = text.replace("\n", "").replace(" ", "")
    for needle in ("庭审笔录", case.number, case.cause, "第三法庭", "二〇二六年三月五日9时30分至10时05分",
                   "〔09:30:06〕原告：原告请求判令被告归还借款伍万元。", "〔09:30:16〕发言人：好的。",
                   first.audio_blob, "书记员", "公开"):
        assert needle in flat, needle
    assert wb.verify(case.number).ok


def test_record_lines_without_start_time(wb, example_doc):
    case = wb.import_case(example_doc)
    header = header_from_case(case, present=["plaintiff"], public=False)
    assert header.public is False and all(a.startswith("原告") for a in header.attendees)
    lines = record_lines(header, transcript())
    assert lines[0] == "〔00:00:01〕审判员：现在开庭，核对当事人身份。"
