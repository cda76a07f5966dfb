"""`workbench settings`: the same settings file the GUI uses, read and written from the CLI.

    workbench settings list            every key, its value, its default and what it is
    workbench settings get KEY
    workbench settings set KEY VALUE   VALUE as JSON when it parses (5, true, {...}), else text
    workbench settings reset KEY       back to the default
"""

from __future__ import annotations

import argparse
import json
from typing import Any, Callable

from ..errors import Text, UserError
from ..paths import data_dir
from ..settings import OPTIONS, Settings


def _settings(args: argparse.Namespace) -> Settings:
    root = data_dir(args.data_dir)
    root.mkdir(parents=True, exist_ok=True)
    return Settings.load(root)


def _key(key: str) -> str:
    if key not in OPTIONS:
        raise UserError(Text(f"没有这个设置项：{key}：{', '.join(sorted(OPTIONS))})",
                             f"no such setting: {key} (known: {', '.join(sorted(OPTIONS))})"))
    return key


def _print(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else text)


def cmd_list(args: argparse.Namespace) -> int:
    s = _settings(args)
    rows = [{"key": k, "value": s.get(k), "default": o.default, "doc": o.doc}
            for k, o in sorted(OPTIONS.items())]
    _print(args, rows, "\n".join(f"{r['key']} = {json.dumps(r['value'], ensure_ascii=False)}"
                                 f"    # {r['doc']}" for r in rows))
    return 0


def cmd_get(args: argparse.Namespace) -> int:
    value = _settings(args).get(_key(args.key))
    _print(args, value, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    key = _key(args.key)
    try:
        value: Any = json.loads(args.value)
    except ValueError:
        value = args.value
    if OPTIONS[key].type is str and not isinstance(value, str):
        value = args.value  # "5" for a text setting stays text
    s = _settings(args)
    try:
        s.set(key, value)
    except (TypeError, ValueError) as e:
        raise UserError(Text(f"设置值无效：{e}", f"invalid value: {e}")) from None
    _print(args, s.get(key), f"{key} = {json.dumps(s.get(key), ensure_ascii=False)}")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    s = _settings(args)
    s.reset(_key(args.key))
    _print(args, s.get(args.key), f"{args.key} = {json.dumps(s.get(args.key), ensure_ascii=False)}")
    return 0


def register(sub: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    p = sub.add_parser("settings", help="设置 / settings (settings.json in the data directory)",
                       description="设置 / settings (settings.json in the data directory)")
    ss = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    add(ss, "list", cmd_list, "列出全部设置 / list every setting")
    add(ss, "get", cmd_get, "读取一项设置 / read one setting").add_argument("key")
    sp = add(ss, "set", cmd_set, "修改一项设置 / change one setting")
    sp.add_argument("key")
    sp.add_argument("value")
    add(ss, "reset", cmd_reset, "恢复默认值 / back to the default").add_argument("key")
