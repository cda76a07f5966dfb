"""Hearing commands for `workbench`: transcribe, model install/list/default, voice-command."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable

from ..paths import data_dir as resolve_data_dir


def _fmt_time(s: float) -> str:
    return f"{int(s) // 60:02d}:{s % 60:04.1f}"


def _model(args: argparse.Namespace):
    from ..hearing.models import resolve
    return resolve(resolve_data_dir(args.data_dir), args.model)


def cmd_transcribe(args: argparse.Namespace) -> int:
    from .common import emit, progress_printer
    from ..hearing.engine import shared_pool
    from ..hearing.transcribe import transcribe_file
    from ..hearing.transcript import parse_roles, role_label

    model = _model(args)
    # The process-wide pool: closed at exit, and shared with anything else in this process.
    t = transcribe_file(args.audio, model, roles=parse_roles(args.roles),
                        pool=shared_pool(model.path, args.workers), progress=progress_printer(args),
                        sequential=args.sequential)
    if args.json:
        emit(t.to_json())
        return 0
    for w in t.warnings:
        print(w, file=sys.stderr)
    if not t.utterances:
        print("（未识别到语音 / no speech recognised）", file=sys.stderr)
    for u in t.utterances:
        who = role_label(u.role) or (f"声道{u.channel + 1}" if u.channel is not None else "")
        print(f"[{_fmt_time(u.start)}–{_fmt_time(u.end)}] {who + '：' if who else ''}{u.text}")
    return 0


def cmd_model_install(args: argparse.Namespace) -> int:
    from .common import emit
    from ..hearing.models import ModelManager

    m = ModelManager(resolve_data_dir(args.data_dir)).install(
        args.path, name=args.name, language=args.language, make_default=args.default or None)
    if args.json:
        emit(m.to_json())
    else:
        print(f"已安装语音模型 {m.name}（{m.language}，{m.sample_rate} Hz，{m.size_mb:.0f} MB）"
              f"{'，设为默认' if m.default else ''} / installed speech model {m.name}")
    return 0


def cmd_model_list(args: argparse.Namespace) -> int:
    from .common import emit
    from ..hearing.models import ModelManager

    models = ModelManager(resolve_data_dir(args.data_dir)).list()
    if args.json:
        emit([m.to_json() for m in models])
        return 0
    if not models:
        print("尚未安装语音模型 / no speech model installed")
    for m in models:
        print(f"{'*' if m.default else ' '} {m.name}\t{m.language}\t{m.sample_rate} Hz\t"
              f"{m.size_mb:.0f} MB\t{m.path}")
    return 0


def cmd_model_default(args: argparse.Namespace) -> int:
    from .common import emit
    from ..hearing.models import ModelManager

    m = ModelManager(resolve_data_dir(args.data_dir)).set_default(args.name)
    if args.json:
        emit(m.to_json())
    else:
        print(f"默认语音模型：{m.name} / default speech model: {m.name}")
    return 0


def cmd_voice_command(args: argparse.Namespace) -> int:
    from .common import emit
    from ..hearing.commands import recognise_command
    from ..hearing.engine import shared_pool

    model = _model(args)
    cmd = recognise_command(args.audio, model, pool=shared_pool(model.path))
    if args.json:
        emit(cmd.to_json())
    else:
        extra = f" {cmd.number}" if cmd.number is not None else ""
        print(f"{cmd.command}{extra}\t（听到 / heard: {cmd.heard}）")
    return 0


def register(subparsers: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    sp = add(subparsers, "transcribe", cmd_transcribe,
             "转写庭审录音 / transcribe a hearing recording (WAV, FLAC, MP3, OGG)")
    sp.add_argument("audio", help="录音文件 / audio file")
    sp.add_argument("--model", help="模型文件夹或已安装模型名 / model folder or installed name")
    sp.add_argument("--roles", help="各声道的角色，如 judge,plaintiff,defendant / role of each "
                                    "channel, in channel order")
    sp.add_argument("--workers", type=int, help="并行识别进程数 / parallel recogniser processes")
    sp.add_argument("--sequential", action="store_true",
                    help="整段顺序识别（对照用）/ decode in one piece (for comparison)")

    model = subparsers.add_parser("model", help="语音模型 / speech models",
                                  description="语音模型 / speech models")
    ms = model.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    sp = add(ms, "install", cmd_model_install,
             "从文件夹或 zip 安装 Vosk 模型 / install a Vosk model from a folder or zip")
    sp.add_argument("path")
    sp.add_argument("--name", help="安装后的名称 / name to install under")
    sp.add_argument("--language", help="语言，如 zh 或 ko（默认自动判断）/ language code")
    sp.add_argument("--default", action="store_true", help="设为默认 / make it the default")
    add(ms, "list", cmd_model_list, "已安装的语音模型 / installed speech models")
    sp = add(ms, "default", cmd_model_default, "选择默认模型 / choose the default model")
    sp.add_argument("name")

    sp = add(subparsers, "voice-command", cmd_voice_command,
             "识别一段语音指令 / recognise the voice command in a short clip")
    sp.add_argument("audio")
    sp.add_argument("--model", help="模型文件夹或已安装模型名 / model folder or installed name")
