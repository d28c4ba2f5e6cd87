"""Accuracy of the address engine on CCKS 2021 (../shared/data/eval/ccks2021), jionlp beside it.

Scoring (PROVENANCE.md): for province / city / district / town, accuracy over the addresses
that carry that label: a prediction is right when its name agrees with the labelled text
(same name, or same name without the suffix: 余杭 = 余杭区, 暨阳 = 暨阳街道) or, for Songda,
when the span it read is exactly the labelled text (a retired 江干区 read and reported as
today's 上城区). Fine fields: exact-span F1 of road, road_no (roadno), poi, building (houseno),
unit (cellno), floor (floorno), room (roomno); the macro F1 is their mean.

Two division figures are printed for both parsers:
- strict: compared with the FIRST labelled span of the level only (``gold[level][0]``);
- adjusted: (1) right when it matches ANY labelled span of the level (an address written twice,
  浙江省金华市东阳市中国浙江省金华市义乌市…, labels both 东阳市 and 义乌市; 上海市-市辖区-浦东新区
  labels 市辖区 and 浦东新区); (2) a county labelled where the place has since been split off
  into a new county (苍南县龙港镇… labelled 苍南县; 龙港 is 龙港市 since 2019): right when
  the county reported is one that ../shared/data/history/result.csv lists as carved out of the
  labelled county (its 新代码 column while it stays in use) and, for Songda, the place was read
  by its old name (issue ``retired_name``).

    python benchmarks/address_eval.py [--split dev|train|all] [--no-jionlp] [--errors FIELD]

jionlp runs in a separate venv (/work/venv-peers, override with --peers-python) through a
subprocess; it is never a dependency of Songda.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "desktop"))
DATA = REPO.parent / "shared" / "data" / "eval" / "ccks2021"

DIVISIONS = {"prov": "province", "city": "city", "district": "district", "town": "town"}
FINE = {
    "road": "road",
    "roadno": "road_no",
    "poi": "poi",
    "houseno": "building",
    "cellno": "unit",
    "floorno": "floor",
    "roomno": "room",
}
_SUFFIX = re.compile(
    r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|特别行政区|街道办事处|街道|"
    r"省|市|区|县|镇|乡|旗|盟|地区)$"
)

Gold = dict[str, list[str]]


def read_conll(path: Path) -> list[tuple[str, Gold]]:
    out: list[tuple[str, Gold]] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if not chars:
            return
        text = "".join(chars)
        gold: Gold = {}
        cur: list[str] | None = None
        for ch, tag in zip(chars, tags, strict=True):
            if tag.startswith(("B-", "S-")):
                cur = [tag[2:], ch]
                if tag.startswith("S-"):
                    gold.setdefault(cur[0], []).append(cur[1])
                    cur = None
            elif tag.startswith(("I-", "E-")) and cur is not None:
                cur[1] += ch
                if tag.startswith("E-"):
                    gold.setdefault(cur[0], []).append(cur[1])
                    cur = None
            else:
                cur = None
        out.append((text, gold))
        chars.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            flush()
            continue
        if line.startswith(" "):
            ch, tag = " ", line.strip()
        else:
            ch, _, tag = line.partition(" ")
        chars.append(ch)
        tags.append(tag.strip())
    flush()
    return out


def core(name: str | None) -> str:
    if not name:
        return ""
    return _SUFFIX.sub("", name)


@cache
def _successors(label: str) -> set[str]:
    """Today's names a labelled name can stand for (江干区 → 上城区, 余杭 → 余杭区), so that a
    parser that reports the current name of a retired division gets the credit too."""
    from songda.address.gazetteer import get_gazetteer

    g = get_gazetteer()
    return {g.name(h.code) for h in g.hits(label)}


def _name_ok(label: str, name: object) -> bool:
    if not isinstance(name, str) or not name:
        return False
    if name == label or core(name) == core(label) or name.startswith(label):
        return True
    return name in _successors(label)


def div_correct(label: str, pred: dict[str, object], key: str, use_spans: bool) -> bool:
    """Right at this level, or the same labelled text recognised at a neighbouring level
    (CCKS labels county-level cities such as 慈溪市 as ``city`` in some addresses)."""
    if _name_ok(label, pred.get(key)):
        return True
    spans = pred.get("spans") if use_spans else None
    if isinstance(spans, dict) and label in (spans.get(k) for k in DIVISIONS.values()):
        return True
    return any(_name_ok(label, pred.get(k)) for k in DIVISIONS.values() if k != key) and (
        not use_spans
    )


@cache
def _carved_out() -> dict[str, set[str]]:
    """Labelled county name → names of the counties carved out of it since (result.csv rows
    still in use whose 新代码 lists a new code: 苍南县 → {龙港市})."""
    import csv

    rows = list(
        csv.DictReader(
            (DATA.parent.parent / "history" / "result.csv").open(encoding="utf-8-sig", newline="")
        )
    )
    name_of = {r["代码"]: r["名称"] for r in rows if r["状态"] == "在用"}
    out: dict[str, set[str]] = {}
    for r in rows:
        if r["状态"] != "在用" or not r["新代码"] or r["级别"] != "县级":
            continue
        for item in r["新代码"].split(";"):
            new = item.split("[")[0].strip()
            if new in name_of and new[:4] == r["代码"][:4]:
                out.setdefault(r["名称"], set()).add(name_of[new])
    return out


def carved_out_ok(label: str, pred: dict[str, object]) -> bool:
    """Rule (2): the labelled county held the place before it became the county reported."""
    name = pred.get("district")
    if not isinstance(name, str):
        return False
    issues = pred.get("issues")
    if isinstance(issues, list) and "retired_name" not in issues:
        return False  # Songda: only when it read the place's old name (龙港镇)
    for county, new in _carved_out().items():
        if (label == county or core(label) == core(county)) and name in new:
            return True
    return False


def load(split: str) -> list[tuple[str, Gold]]:
    if split == "dev":
        return read_conll(DATA / "dev.conll")
    if split == "train":
        return read_conll(DATA / "train.conll")
    seen: dict[str, Gold] = {}
    for t, gld in read_conll(DATA / "train.conll") + read_conll(DATA / "dev.conll"):
        seen.setdefault(t, gld)
    return list(seen.items())


def run_songda(texts: list[str]) -> tuple[list[dict[str, object]], float]:
    from songda.address import parse
    from songda.address.gazetteer import get_gazetteer

    get_gazetteer()
    parse("浙江省杭州市")  # warm
    t0 = time.perf_counter()
    res = [parse(t).to_dict() for t in texts]
    return res, time.perf_counter() - t0


JIONLP_SCRIPT = r"""
import json, sys, time
import jionlp as jio
texts = json.load(sys.stdin)
jio.parse_location(texts[0], town_village=True)
t0 = time.perf_counter()
out = []
for t in texts:
    try:
        r = jio.parse_location(t, town_village=True)
        out.append({"province": r.get("province"), "city": r.get("city"),
                    "district": r.get("county"), "town": r.get("town")})
    except Exception:
        out.append({})
sys.stdout.write("\n@@JSON@@")
json.dump({"seconds": time.perf_counter() - t0, "results": out}, sys.stdout, ensure_ascii=False)
"""


def run_jionlp(texts: list[str], python: str) -> tuple[list[dict[str, object]], float] | None:
    if not Path(python).exists():
        return None
    r = subprocess.run(
        [python, "-c", JIONLP_SCRIPT],
        input=json.dumps(texts, ensure_ascii=False).encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if r.returncode != 0:
        print("jionlp failed:", r.stderr.decode("utf-8", "replace")[-500:], file=sys.stderr)
        return None
    data = json.loads(r.stdout.decode("utf-8").split("@@JSON@@")[-1])
    return data["results"], data["seconds"]


def level_correct(labels: list[str], pred: dict[str, object], key: str, use_spans: bool) -> str:
    """ "strict" (right against the first labelled span), "any" (against another labelled span
    of the level), "carved" (rule 2) or "" (wrong)."""
    if div_correct(labels[0], pred, key, use_spans):
        return "strict"
    if any(div_correct(lab, pred, key, use_spans) for lab in labels[1:]):
        return "any"
    if key == "district" and any(carved_out_ok(lab, pred) for lab in labels):
        return "carved"
    return ""


def score_divisions(
    data: list[tuple[str, Gold]], preds: list[dict[str, object]], use_spans: bool
) -> dict[str, Counter[str]]:
    """Per level: counts of ``total`` and of each :func:`level_correct` outcome."""
    out: dict[str, Counter[str]] = {}
    for lab, key in DIVISIONS.items():
        c: Counter[str] = Counter()
        for (_t, gold), p in zip(data, preds, strict=True):
            if lab not in gold:
                continue
            c["total"] += 1
            c[level_correct(gold[lab], p, key, use_spans) or "wrong"] += 1
        out[key] = c
    return out


def _pct(c: Counter[str], adjusted: bool) -> str:
    right = c["strict"] + (c["any"] + c["carved"] if adjusted else 0)
    return f"{100 * right / c['total']:.2f}%" if c["total"] else "—"


def score_fine(
    data: list[tuple[str, Gold]], preds: list[dict[str, object]]
) -> dict[str, tuple[float, float, float] | None]:
    """Precision, recall, F1 per field; None for a field the data never labels."""
    out: dict[str, tuple[float, float, float] | None] = {}
    for lab, key in FINE.items():
        tp = npred = ngold = 0
        for (_t, gold), p in zip(data, preds, strict=True):
            g = Counter(gold.get(lab, []))
            spans = p.get("spans")
            s = spans.get(key) if isinstance(spans, dict) else None
            pr = Counter([s] if s else [])
            tp += sum((g & pr).values())
            npred += sum(pr.values())
            ngold += sum(g.values())
        if ngold == 0:
            out[key] = None
            continue
        prec = tp / npred if npred else 0.0
        rec = tp / ngold if ngold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[key] = (prec, rec, f1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", choices=["dev", "train", "all"], default="all")
    ap.add_argument("--no-jionlp", action="store_true")
    ap.add_argument("--peers-python", default="/work/venv-peers/bin/python")
    ap.add_argument("--errors", default=None, help="print mistakes for this field")
    ap.add_argument("--limit", type=int, default=40)
    args = ap.parse_args()
    splits = ["dev", "train", "all"] if args.split == "all" else [args.split]
    for split in splits:
        data = load(split)
        texts = [t for t, _ in data]
        ours, secs = run_songda(texts)
        print(f"\n## {split}: {len(data)} addresses")
        print(
            f"songda: {len(texts) / secs:,.0f} addresses/s ({1e6 * secs / len(texts):.0f} µs/call)"
        )
        div = score_divisions(data, ours, use_spans=True)
        jio = None if args.no_jionlp else run_jionlp(texts, args.peers_python)
        jdiv = score_divisions(data, jio[0], use_spans=False) if jio else None
        if jio:
            print(f"jionlp: {len(texts) / jio[1]:,.0f} addresses/s")
        print(
            "| level | labelled | songda strict | songda adjusted (any span / carved out) "
            "| jionlp strict | jionlp adjusted (any span / carved out) |"
        )
        print("|---|---|---|---|---|---|")
        for key, c in div.items():
            jc = jdiv[key] if jdiv else None
            j = (
                f"{_pct(jc, False)} | {_pct(jc, True)} ({jc['any']} / {jc['carved']})"
                if jc
                else "— | —"
            )
            print(
                f"| {key} | {c['total']} | {_pct(c, False)} | {_pct(c, True)}"
                f" ({c['any']} / {c['carved']}) | {j} |"
            )
        fine = score_fine(data, ours)
        print("| field | precision | recall | F1 |")
        print("|---|---|---|---|")
        scored = {k: v for k, v in fine.items() if v is not None}
        for key, v in fine.items():
            if v is None:
                print(f"| {key} | n/a | n/a | n/a (no roomno label in the data) |")
            else:
                print(f"| {key} | {v[0]:.3f} | {v[1]:.3f} | {v[2]:.3f} |")
        macro = sum(v[2] for v in scored.values()) / len(scored)
        print(
            f"fine-grained macro F1 over the {len(scored)} labelled fields: {macro:.4f}"
            " (jionlp parses none of these fields)"
        )
        if args.errors:
            shown = 0
            rev = {v: k for k, v in {**DIVISIONS, **FINE}.items()}
            lab = rev.get(args.errors, args.errors)
            key = {**DIVISIONS, **FINE}.get(lab, args.errors)
            for (t, gold), p in zip(data, ours, strict=True):
                spans = p["spans"]
                assert isinstance(spans, dict)
                want = gold.get(lab)
                got = spans.get(key)
                name = p.get(key)
                if lab in DIVISIONS:
                    if not want or level_correct(want, p, key, True):
                        continue
                elif (got in (want or [])) or (not want and not got):
                    continue
                print(f"{t}\n   gold={want} got={got} name={name} issues={p['issues']}")
                shown += 1
                if shown >= args.limit:
                    break


if __name__ == "__main__":
    main()
