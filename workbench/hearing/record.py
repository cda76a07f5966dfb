"""The hearing record (庭审笔录): header from the case, the dialogue by role with times, filed into
the e-file under `hearing_record` and linked to its audio.

The record and the recording must stay linked and unaltered (a recording may stand in for the
signed record), so: the audio goes into the blob store (named by its SHA-256), every saved version
of the transcript goes in beside it as JSON, the PDF prints the audio's SHA-256, and each step is
an entry in the case's hash-chained log, written in the same transaction as the change it records.
Edits never overwrite: a corrected transcript is a new version pointing at the one before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Sequence

from ..efile.layout import BODY, Writer
from ..law.numerals import chinese_date
from ..errors import NotFound, Text, UserError
from ..store import eventlog
from ..service.records import RECORD_FILED, TRANSCRIPT_SAVED
from .transcript import ROLE_CN, Transcript, role_label

CATEGORY = "hearing_record"
SAVED = TRANSCRIPT_SAVED
FILED = RECORD_FILED


@dataclass
class HearingHeader:
    case_number: str
    court_name: str
    cause: str
    started: str = ""  # ISO date-time, local time of the court
    ended: str = ""
    place: str = ""
    judge: str = ""
    clerk: str = ""
    attendees: list[str] = field(default_factory=list)  # 原告张三、被告李四及其委托诉讼代理人王五
    public: bool = True
    parties: list[str] = field(default_factory=list)  # who signs: 原告张三 …

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def header_from_case(case: Any, *, started: datetime | str | None = None,
                     ended: datetime | str | None = None, place: str = "",
                     present: Sequence[str] | None = None, public: bool | None = None) -> HearingHeader:
    """The header as the case file knows it; `present` names roles or people who attended."""
    hearing = getattr(case, "hearing", None)
    roles_present = set(present if present is not None
                        else (hearing.present if hearing and hearing.present else
                              ["plaintiff", "defendant"]))
    attendees, signers = [], []
    for p in case.parties:
        label = ROLE_CN.get(p.role, p.role) + p.name
        signers.append(label)
        if p.role in roles_present or p.name in roles_present:
            agents = [a.name for a in p.agents]
            attendees.append(label + (f"及其委托诉讼代理人{'、'.join(agents)}" if agents else ""))
    if public is None:
        public = hearing.public if hearing is not None else True
    return HearingHeader(case.number, case.court_name, case.cause, _iso(started), _iso(ended),
                         place, case.judge, case.clerk, attendees, bool(public), signers)


def _iso(value: datetime | str | None) -> str:
    if value is None:
        return ""
    return value.isoformat(timespec="minutes") if isinstance(value, datetime) else str(value)


def _when(header: HearingHeader) -> str:
    """二〇二六年三月五日 9:30 至 11:05"""
    try:
        start = datetime.fromisoformat(header.started)
    except ValueError:
        return header.started
    text = f"{chinese_date(start.date())}{start.hour}时{start.minute:02d}分"
    try:
        end = datetime.fromisoformat(header.ended)
        text += f"至{end.hour}时{end.minute:02d}分"
    except ValueError:
        pass
    return text


def clock(header: HearingHeader, seconds: float) -> str:
    """The time of day an utterance was said, or its offset in the recording if no start time."""
    try:
        start = datetime.fromisoformat(header.started)
        return (start + timedelta(seconds=seconds)).strftime("%H:%M:%S")
    except ValueError:
        s = int(seconds)
        return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def speaker(u: Any) -> str:
    return role_label(u.role) or (f"声道{u.channel + 1}" if u.channel is not None else "发言人")


def record_lines(header: HearingHeader, transcript: Transcript) -> list[str]:
    """The dialogue as printed: 〔10:02:15〕审判员：……"""
    return [f"〔{clock(header, u.start)}〕{speaker(u)}：{u.text}" for u in transcript.utterances]


def render_record(header: HearingHeader, transcript: Transcript) -> bytes:
    """The 庭审笔录 as PDF bytes, through the core's own CJK layout (text reads back by pypdf)."""
    from ..efile.render import RENDER_LOCK  # the font state is shared: one document at a time

    with RENDER_LOCK:
        w = Writer("庭审笔录", header.court_name)
        w.centered(header.court_name, 22, bold=True)
        w.centered("庭审笔录", 26, bold=True, spacing=1.0, after=0.3)
        for text in (f"时间：{_when(header)}", f"地点：{header.place}",
                     f"案号：{header.case_number}", f"案由：{header.cause}",
                     f"审判人员：{header.judge}", f"书记员：{header.clerk}",
                     f"到庭人员：{'，'.join(header.attendees) or '无'}",
                     f"是否公开审理：{'公开' if header.public else '不公开'}"):
            w.paragraph(text, BODY, indent=0)
        w.space(0.5)
        if not transcript.utterances:
            w.paragraph("（录音中未识别到发言。）", BODY, indent=0)
        for line in record_lines(header, transcript):
            w.paragraph(line, BODY, indent=0, left=0)
        w.space(0.5)
        if transcript.audio_sha256:
            w.paragraph(f"同步录音：{transcript.audio_name or '庭审录音'}，时长"
                        f"{_duration(transcript.duration)}，SHA-256：{transcript.audio_sha256}",
                        12, indent=0)
        w.space(1)
        w.block([f"审判员：{header.judge}", f"书记员：{header.clerk}"]
                + [f"{p}（签名）：" for p in header.parties], BODY, "left", 4)
        return w.finish()


def _duration(seconds: float) -> str:
    s = int(round(seconds))
    return (f"{s // 3600}小时" if s >= 3600 else "") + f"{s % 3600 // 60}分{s % 60}秒"


# ---- the e-file ---------------------------------------------------------------------------------
@dataclass
class TranscriptVersion:
    seq: int
    at: str
    action: str
    transcript_blob: str
    audio_blob: str
    document_id: int | None = None
    previous: str | None = None


def versions(wb: Any, case_ref: str | int) -> list[TranscriptVersion]:
    """Every saved version of the case's hearing transcripts, oldest first, from the log."""
    case_id = wb.case_id(case_ref)
    out = []
    for e in eventlog.entries(wb.db.conn, case_id):
        if e.action in (SAVED, FILED):
            p = e.payload
            out.append(TranscriptVersion(e.seq, e.at, e.action, p["transcript_blob"],
                                         p.get("audio_blob", ""), p.get("document_id"),
                                         p.get("previous")))
    return out


def load_transcript(wb: Any, blob: str) -> Transcript:
    return Transcript.from_json(json.loads(wb.blobs.get_verified(blob).decode("utf-8")))


def _put_transcript(wb: Any, transcript: Transcript, audio_path: Path | str | None) -> tuple[str, str]:
    audio_blob = ""
    if audio_path is not None:
        audio_blob = wb.blobs.put_file(Path(audio_path))
        transcript.audio_sha256 = audio_blob
        transcript.audio_name = transcript.audio_name or Path(audio_path).name
    elif transcript.audio_sha256:
        audio_blob = transcript.audio_sha256
        if not wb.blobs.exists(audio_blob):
            raise NotFound(Text(f"录音文件不在卷宗中：{audio_blob}",
                                f"the recording is not in the store: {audio_blob}"))
    data = json.dumps(transcript.to_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")
    return wb.blobs.put(data), audio_blob


def save_transcript(wb: Any, case_ref: str | int, transcript: Transcript,
                    audio_path: Path | str | None = None) -> TranscriptVersion:
    """Keep this version of the transcript (and its audio) in the case file; returns it."""
    case_id = wb.case_id(case_ref)
    wb.ensure_writable(case_id)
    blob, audio_blob = _put_transcript(wb, transcript, audio_path)
    entry, previous = wb.save_transcript_version(
        case_id, blob, audio_blob, utterances=len(transcript.utterances),
        edited=sum(u.edited for u in transcript.utterances))
    if entry is None:  # unchanged since the last version
        return versions(wb, case_id)[-1]
    return TranscriptVersion(entry.seq, entry.at, SAVED, blob, audio_blob, None, previous)


def file_record(wb: Any, case_ref: str | int, transcript: Transcript, header: HearingHeader, *,
                audio_path: Path | str | None = None, on: date | None = None) -> TranscriptVersion:
    """Render the 庭审笔录 and file it under `hearing_record`, linked to its audio and transcript."""
    case = wb.case(case_ref)
    wb.ensure_writable(case)
    blob, audio_blob = _put_transcript(wb, transcript, audio_path)
    pdf = render_record(header, transcript)
    try:
        held = datetime.fromisoformat(header.started).date()
    except ValueError:
        held = on or date.today()
    doc_id, entry = wb.file_hearing_record(
        case.id, pdf, category=CATEGORY, title=f"庭审笔录（{held.isoformat()}）", on=on or held,
        transcript_blob=blob, audio_blob=audio_blob, header=header.to_json())
    return TranscriptVersion(entry.seq, entry.at, FILED, blob, audio_blob, doc_id)
