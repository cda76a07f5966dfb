"""A strict phrase grammar for a Vosk model: a model folder whose graph accepts only whole phrases.

Vosk's own grammar mode (a JSON list of phrases) builds a loop in which the words of different
phrases mix freely ("증거 이 삼 번"). Small Vosk models decode with a lookahead pair: HCLr.fst (the
acoustics and the lexicon) composed at run time with Gr.fst (the language model). Gr.fst can be
replaced by any word acceptor over the same symbols, so we write one that accepts exactly one
phrase of the command table (a trie of words, uniform over phrases) and point a new model folder
at the original's files for everything else. Nothing is copied but the word list.

The file is an OpenFst `vector` FST over the standard (tropical) arc type: the header, the
model's own symbol tables copied byte for byte, then each state's final weight and arcs.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import shutil
import struct
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Iterable

from ..errors import Text, UserError
from ..files import atomic_write_bytes

FST_MAGIC = 2125659606
SYMBOLS_MAGIC = 2125658996
HAS_ISYMBOLS, HAS_OSYMBOLS = 1, 2
# OpenFst property bits that hold for the trie we write (properties.h).
PROPS = (0x1 | 0x2 | 0x10000 | 0x800000 | 0x2000000 | 0x8000000 | 0x10000000 | 0x40000000)
LINKED = ("am", "conf/mfcc.conf", "conf/ivector.conf", "ivector", "rescore", "rnnlm",
          "graph/HCLr.fst",
          "graph/disambig_tid.int", "graph/phones", "graph/phones.txt")


class GrammarError(UserError):
    """The model cannot take a phrase grammar (no lookahead graph, or no word list in it)."""


def supports_phrase_grammar(model_dir: Path | str) -> bool:
    g = Path(model_dir) / "graph"
    return (g / "HCLr.fst").is_file() and (g / "Gr.fst").is_file()


def _i32(f: BinaryIO) -> int:
    return struct.unpack("<i", f.read(4))[0]


def _i64(f: BinaryIO) -> int:
    return struct.unpack("<q", f.read(8))[0]


def _string(f: BinaryIO) -> bytes:
    return f.read(_i32(f))


@lru_cache(maxsize=4)
def read_symbols(gr_fst: str) -> tuple[bytes, dict[str, int]]:
    """(the raw symbol-table bytes of Gr.fst, word -> id)."""
    with open(gr_fst, "rb") as f:
        if _i32(f) != FST_MAGIC:
            raise GrammarError(Text(f"不是 OpenFst 文件：{gr_fst}", f"not an OpenFst file: {gr_fst}"))
        _string(f), _string(f)  # fst type, arc type
        _i32(f)  # version
        flags = _i32(f)
        f.read(8 + 8 + 8 + 8)  # properties, start, states, arcs
        if not flags & (HAS_ISYMBOLS | HAS_OSYMBOLS):
            raise GrammarError(Text("识别图中没有词表", f"no word list in {gr_fst}"))
        begin = f.tell()
        words: dict[str, int] = {}
        for present in (flags & HAS_ISYMBOLS, flags & HAS_OSYMBOLS):
            if not present:
                continue
            if _i32(f) != SYMBOLS_MAGIC:
                raise GrammarError(Text("词表损坏", f"damaged word list in {gr_fst}"))
            _string(f)
            _i64(f)
            size = _i64(f)
            table: dict[str, int] = {}
            for _ in range(size):
                word = _string(f).decode("utf-8", "replace")
                table[word] = _i64(f)
            words = words or table
        end = f.tell()
        f.seek(begin)
        raw = f.read(end - begin)
    flags_out = flags & (HAS_ISYMBOLS | HAS_OSYMBOLS)
    return struct.pack("<i", flags_out) + raw, words


def vocabulary(model_dir: Path | str) -> dict[str, int]:
    return read_symbols(str(Path(model_dir) / "graph" / "Gr.fst"))[1]


def phrase_fst(phrases: Iterable[str], words: dict[str, int], symbols: bytes,
               empty_cost: float = 8.0) -> bytes:
    """The acceptor of exactly one phrase (or, at a cost, of silence alone)."""
    phrases = sorted(set(phrases))
    cost = math.log(max(1, len(phrases)))
    arcs: list[list[tuple[int, float, int]]] = [[]]
    final: dict[int, float] = {0: empty_cost}
    trie: dict[tuple[int, int], int] = {}
    for p in phrases:
        state = 0
        for w in p.split():
            key = (state, words[w])
            if key not in trie:
                trie[key] = len(arcs)
                arcs.append([])
                arcs[state].append((words[w], cost if state == 0 else 0.0, trie[key]))
            state = trie[key]
        final[state] = 0.0
    body = io.BytesIO()
    n_arcs = 0
    for s, out in enumerate(arcs):
        body.write(struct.pack("<f", final.get(s, math.inf)))
        body.write(struct.pack("<q", len(out)))
        for label, weight, nxt in sorted(out):
            body.write(struct.pack("<iifi", label, label, weight, nxt))
            n_arcs += 1
    head = io.BytesIO()
    head.write(struct.pack("<i", FST_MAGIC))
    for s in (b"vector", b"standard"):
        head.write(struct.pack("<i", len(s)) + s)
    flags = struct.unpack("<i", symbols[:4])[0]
    head.write(struct.pack("<iiQqqq", 2, flags, PROPS, 0, len(arcs), n_arcs))
    return head.getvalue() + symbols[4:] + body.getvalue()


def missing_words(phrases: Iterable[str], words: dict[str, int]) -> list[str]:
    return sorted({w for p in phrases for w in p.split() if w not in words})


# Decoder settings of the phrase model. Its graph is tiny, so a wide search costs little; a wide
# lattice keeps the phrases that nearly won, which the n-best list and the decision rule need
# (the model's own lattice beam of 2 leaves one or two).
PHRASE_DECODER = {"beam": "14.0", "lattice-beam": "8.0", "max-active": "7000"}


def _decoder_conf(src: Path, overrides: dict[str, str]) -> bytes:
    lines, seen = [], set()
    conf = src / "conf" / "model.conf"
    for line in (conf.read_text(encoding="utf-8").splitlines() if conf.is_file() else []):
        key = line.strip().lstrip("-").split("=", 1)[0]
        if key in overrides:
            line, _ = f"--{key}={overrides[key]}", seen.add(key)
        lines.append(line)
    lines += [f"--{k}={v}" for k, v in overrides.items() if k not in seen]
    return ("\n".join(lines) + "\n").encode("utf-8")


def build_phrase_model(model_dir: Path | str, phrases: Iterable[str], cache_dir: Path) -> Path:
    """A model folder that hears only `phrases`; built once per model and phrase list."""
    src = Path(model_dir).resolve()
    if not supports_phrase_grammar(src):
        raise GrammarError(Text(f"此模型不支持限定语法：{src}", f"this model has no lookahead graph: {src}"))
    phrases = sorted(set(phrases))
    conf = _decoder_conf(src, PHRASE_DECODER)
    key = hashlib.sha256(("\n".join([str(src)] + phrases)).encode("utf-8") + conf).hexdigest()[:16]
    target = Path(cache_dir) / f"{src.name}-commands-{key}"
    if (target / "graph" / "Gr.fst").is_file():
        return target
    symbols, words = read_symbols(str(src / "graph" / "Gr.fst"))
    lost = missing_words(phrases, words)
    if lost:
        raise GrammarError(Text("语音指令中有模型词表之外的词：",
                                "words not in the model's vocabulary: ") + " ".join(lost))
    (target / "graph").mkdir(parents=True, exist_ok=True)
    (target / "conf").mkdir(exist_ok=True)
    atomic_write_bytes(target / "conf" / "model.conf", conf)
    for rel in LINKED:
        if (src / rel).exists() and not (target / rel).exists():
            _link(src / rel, target / rel)
    atomic_write_bytes(target / "graph" / "Gr.fst", phrase_fst(phrases, words, symbols))
    return target


def _link(src: Path, dst: Path) -> None:
    try:
        os.symlink(src, dst, target_is_directory=src.is_dir())
    except OSError:  # no symlinks (some Windows accounts): copy, the files are read-only data
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)
