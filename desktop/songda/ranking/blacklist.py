"""Blacklist matching: built-in keyword rules, the universities list and operator entries.

Everything is compared on :func:`songda.ranking.text.match_key` text. Keyword rules and keyword
entries are compiled into one regular expression each; division entries are looked up by code
prefix; full-address entries are compared with rapidfuzz only against candidates in the same
county, so thousands of entries stay cheap on 100,000 cases.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from rapidfuzz import fuzz

from songda.domain.blacklist import BlacklistEntry, BlacklistKind, MatchKind, Origin
from songda.native import reduce_frozen
from songda.paths import resource
from songda.ranking.text import match_key

RULES_FILE: Final = ("ranking", "blacklist_rules.json")
UNIVERSITIES_FILE: Final = ("ranking", "universities.json")
_UNIVERSITY_SUFFIXES: Final = ("大学", "学院", "学校", "分校")


@dataclass(frozen=True, slots=True)
class BlacklistHit:
    kind: BlacklistKind
    matched: str  # the text (or code) that matched
    note: str
    entry_id: int | None = None  # database entry, or
    rule_id: str | None = None  # built-in rule

    def __reduce__(self) -> tuple[object, ...]:
        return reduce_frozen(self)


@dataclass(frozen=True, slots=True)
class KeywordRule:
    id: str
    kind: BlacklistKind
    keywords: tuple[str, ...]
    sources: frozenset[str] | None
    unless_followed_by: tuple[str, ...]
    note: str
    universities: bool = False

    def __reduce__(self) -> tuple[object, ...]:
        return reduce_frozen(self)


@dataclass(frozen=True, slots=True)
class BuiltinRules:
    rules: tuple[KeywordRule, ...]
    universities: frozenset[str]

    def as_entries(self) -> list[BlacklistEntry]:
        """The built-in rules as read-only entries, for display next to the database ones."""
        out: list[BlacklistEntry] = []
        for r in self.rules:
            pattern = "、".join(r.keywords)
            if r.universities:
                pattern = (
                    pattern + "、" if pattern else ""
                ) + f"高校名单（{len(self.universities)}所）"
            note = r.note
            if r.sources is not None:
                note += f"（仅限：{'、'.join(sorted(r.sources))}）"
            out.append(
                BlacklistEntry(
                    kind=r.kind,
                    match=MatchKind.KEYWORD,
                    pattern=pattern,
                    note=note,
                    origin=Origin.BUILTIN,
                    active=True,
                )
            )
        return out

    def __reduce__(self) -> tuple[object, ...]:
        return reduce_frozen(self)


def parse_rules(data: Mapping[str, Any], universities: Iterable[str]) -> BuiltinRules:
    rules = []
    for r in data["rules"]:
        sources = r.get("sources")
        rules.append(
            KeywordRule(
                id=str(r["id"]),
                kind=BlacklistKind(r["kind"]),
                keywords=tuple(match_key(k) for k in r.get("keywords", ()) if match_key(k)),
                sources=None if sources is None else frozenset(sources),
                unless_followed_by=tuple(match_key(s) for s in r.get("unless_followed_by", ())),
                note=str(r.get("note", "")),
                universities=bool(r.get("universities", False)),
            )
        )
    return BuiltinRules(tuple(rules), frozenset(match_key(u) for u in universities))


_builtin: BuiltinRules | None = None


def load_builtin_rules(
    rules_path: Path | None = None, universities_path: Path | None = None
) -> BuiltinRules:
    """The shipped rules (cached) or rules from explicit files."""
    global _builtin
    if rules_path is None and universities_path is None and _builtin is not None:
        return _builtin
    rp = rules_path or resource(*RULES_FILE)
    up = universities_path or resource(*UNIVERSITIES_FILE)
    rules = parse_rules(
        json.loads(rp.read_text(encoding="utf-8")),
        json.loads(up.read_text(encoding="utf-8"))["names"],
    )
    if rules_path is None and universities_path is None:
        _builtin = rules
    return rules


def _alternation(words: Iterable[str]) -> re.Pattern[str] | None:
    uniq = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not uniq:
        return None
    return re.compile("|".join(re.escape(w) for w in uniq))


class BlacklistMatcher:
    """Finds blacklist hits for a candidate. Build once per ranking run."""

    def __init__(
        self,
        entries: Iterable[BlacklistEntry] = (),
        builtin: BuiltinRules | None = None,
        *,
        similarity: float = 92.0,
    ) -> None:
        self.similarity = similarity
        self.builtin = builtin
        self._rules_by_kw: dict[str, list[KeywordRule]] = defaultdict(list)
        self._uni_rules: list[KeywordRule] = []
        if builtin is not None:
            for rule in builtin.rules:
                for kw in rule.keywords:
                    self._rules_by_kw[kw].append(rule)
                if rule.universities:
                    self._uni_rules.append(rule)
        self._rule_re = _alternation(self._rules_by_kw)
        self._uni_lengths: dict[str, tuple[int, ...]] = {}
        if builtin is not None and self._uni_rules:
            lengths: dict[str, set[int]] = defaultdict(set)
            for name in builtin.universities:
                lengths[name[-2:]].add(len(name))
            self._uni_lengths = {s: tuple(sorted(v)) for s, v in lengths.items()}
        self._uni_names = builtin.universities if builtin is not None else frozenset()

        self._kw_entries: dict[str, list[BlacklistEntry]] = defaultdict(list)
        self._div_entries: dict[str, list[BlacklistEntry]] = defaultdict(list)
        self._addr_exact: dict[str, list[BlacklistEntry]] = defaultdict(list)
        self._addr_entries: dict[str, list[tuple[str, BlacklistEntry]]] = defaultdict(list)
        for e in entries:
            if not e.active:
                continue
            key = match_key(e.pattern)
            if e.match is MatchKind.DIVISION and e.division_code:
                self._div_entries[e.division_code.strip()].append(e)
            elif e.match is MatchKind.ADDRESS and key:
                # compared with every candidate of its county (all, when unknown)
                self._addr_exact[key].append(e)
                self._addr_entries[(e.division_code or "").strip()[:6]].append((key, e))
            elif key:
                # a keyword with a division code only applies inside that division
                self._kw_entries[key].append(e)
        self._entry_re = _alternation(self._kw_entries)
        # one search over everything a keyword hit could start from: most addresses hit
        # nothing and leave after this single scan
        words = [*self._rules_by_kw, *self._kw_entries]
        if self._uni_rules:
            words += [x for x in _UNIVERSITY_SUFFIXES if x in self._uni_lengths]
        self._any_re = _alternation(words)
        self._div_lengths = tuple(sorted({len(c) for c in self._div_entries}))

    @property
    def empty(self) -> bool:
        return (
            not (self._rule_re or self._uni_rules or self._entry_re or self._div_entries)
            and not self._addr_exact
        )

    def hits(self, source: str, raw: str, standard: str, adcode: str | None) -> list[BlacklistHit]:
        """Hits for one candidate: its raw text, standard address (one line) and adcode.

        Keywords are searched in the raw text as typed (without spaces; CJK keywords need
        no NFKC) and in the standard address; full-address entries compare match keys.
        """
        out: list[BlacklistHit] = []
        raw = raw.replace(" ", "") if " " in raw else raw
        text = raw if not standard or standard == raw else f"{raw}|{standard}"
        if self._any_re is not None and self._any_re.search(text) is not None:
            self._keyword_hits(source, text, adcode, out)
        if adcode and self._div_entries:
            for n in self._div_lengths:
                if len(adcode) >= n:
                    for e in self._div_entries.get(adcode[:n], ()):
                        out.append(_entry_hit(e, adcode[:n]))
        if standard and self._addr_exact:
            std_key = match_key(standard)
            for e in self._addr_exact.get(std_key, ()):
                out.append(_entry_hit(e, e.pattern or std_key))
            county = (adcode or "")[:6]
            pool = self._addr_entries.get(county, [])
            if county:
                pool = pool + self._addr_entries.get("", [])
            cutoff = self.similarity
            for pattern, e in pool:
                if pattern != std_key and fuzz.ratio(pattern, std_key, score_cutoff=cutoff):
                    out.append(_entry_hit(e, e.pattern or pattern))
        return _dedupe(out)

    def _keyword_hits(
        self, source: str, text: str, adcode: str | None, out: list[BlacklistHit]
    ) -> None:
        if self._rule_re is not None:
            seen: set[str] = set()
            for m in self._rule_re.finditer(text):
                kw = m.group()
                for rule in self._rules_by_kw[kw]:
                    if rule.id in seen or (rule.sources is not None and source not in rule.sources):
                        continue
                    if rule.unless_followed_by and text.startswith(
                        rule.unless_followed_by, m.end()
                    ):
                        continue
                    seen.add(rule.id)
                    out.append(BlacklistHit(rule.kind, kw, rule.note, rule_id=rule.id))
        for rule in self._uni_rules:
            if rule.sources is not None and source not in rule.sources:
                continue
            name = self._find_university(text, rule.unless_followed_by)
            if name:
                out.append(BlacklistHit(rule.kind, name, rule.note, rule_id=rule.id))
        if self._entry_re is not None:
            for m in self._entry_re.finditer(text):
                for e in self._kw_entries[m.group()]:
                    scope = (e.division_code or "").strip()
                    if not scope or (adcode or "").startswith(scope):
                        out.append(_entry_hit(e, e.pattern or m.group()))

    def _find_university(self, text: str, unless: Sequence[str]) -> str | None:
        for suffix in _UNIVERSITY_SUFFIXES:
            lengths = self._uni_lengths.get(suffix)
            if not lengths:
                continue
            start = 0
            while True:
                pos = text.find(suffix, start)
                if pos < 0:
                    break
                end = pos + len(suffix)
                start = pos + 1
                if unless and text.startswith(tuple(unless), end):
                    continue
                for n in reversed(lengths):
                    if n <= end and text[end - n : end] in self._uni_names:
                        return text[end - n : end]
        return None


def _entry_hit(e: BlacklistEntry, matched: str) -> BlacklistHit:
    return BlacklistHit(e.kind, matched, e.note or "", entry_id=e.id)


def _dedupe(hits: list[BlacklistHit]) -> list[BlacklistHit]:
    if len(hits) < 2:
        return hits
    seen: set[tuple[str, str | None, int | None]] = set()
    out = []
    for h in hits:
        k = (h.kind.value, h.rule_id, h.entry_id)
        if k not in seen:
            seen.add(k)
            out.append(h)
    return out
