"""The compiled gazetteer (resources/gazetteer, built by tools/build_gazetteer.py).

Loaded once per process (thread-safe, cached module-wide); villages load lazily per town.
Codes: province ``330000``, city ``330100``, county ``330110``, town ``330110005`` (9 digits),
village 12 digits. A code's descendants all start with its *prefix* (2, 4, 6 or 9 digits).
"""

from __future__ import annotations

import gzip
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from songda.native import reduce_frozen
from songda.paths import resource

PROVINCE: Final = 1
CITY: Final = 2
DISTRICT: Final = 3
TOWN: Final = 4
VILLAGE: Final = 5
LEVEL_KEYS: Final = {1: "province", 2: "city", 3: "district", 4: "town", 5: "village"}

# Alias kinds (see tools/build_gazetteer.py)
FULL: Final = "F"
SHORT: Final = "S"
RETIRED: Final = "R"
RETIRED_SHORT: Final = "Q"
ABBREV: Final = "A"
DEVZONE: Final = "D"
SUFFIXED: Final = (
    "T"  # a town core that reads as a road (新街, 延安路): only with 镇/乡/街道 after it
)


@dataclass(frozen=True, slots=True)
class Hit:
    """One division an alias can mean."""

    code: str
    kind: str
    level: int

    # spelled out so that compiled code runs it natively (see songda.native)
    def __init__(
        self,
        code: str,
        kind: str,
        level: int,
    ) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "level", level)

    def __reduce__(self) -> tuple[object, ...]:
        return reduce_frozen(self)


_DIVISIONS_MAGIC: Final = b"songda-gazetteer 2"
# divisions.txt's digits (levels) as their values, and its length characters (code 48 +
# length) as their lengths, with the LF between two aliases' lengths as 0xff
_DIGIT_VALUES: Final = bytes.maketrans(b"0123456789", bytes(range(10)))
_LENGTH_VALUES: Final = bytes.maketrans(bytes(range(48, 128)) + b"\n", bytes(range(80)) + b"\xff")

# the official name of the city-level grouping of counties under a province directly
PLACEHOLDER_CITY: Final = "直辖县级行政区划"


def prefix(code: str, level: int) -> str:
    """The part of ``code`` every descendant shares: 2, 4, 6, 9 or 12 digits by level
    (worked out, not looked up in a tuple, which compiled code would build at each call)."""
    return code[: 2 * level if level <= DISTRICT else 3 * level - 3]


# max() and min() over a generator run in the interpreter, even from compiled code (a
# generator object and a builtins call each time): the hot paths call these loops instead
def max_level(hits: list[Hit]) -> int:
    """The deepest level among ``hits`` (0 when empty)."""
    top = 0
    for h in hits:
        if h.level > top:
            top = h.level
    return top


def min_level(hits: list[Hit]) -> int:
    """The highest level (smallest number) among ``hits`` (0 when empty)."""
    low = 0
    for h in hits:
        if low == 0 or h.level < low:
            low = h.level
    return low


class Gazetteer:
    """Divisions with their names, parents, postcodes and the alias index."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        # columns split as bytes and decoded one by one: the ASCII ones (codes) then split
        # into ASCII strings directly, with no scan for their widest character
        raw = (directory / "divisions.txt").read_bytes()
        cols = raw.split(b"\x1e")
        if cols[0] != _DIVISIONS_MAGIC or len(cols) != 12:
            raise ValueError("not a songda gazetteer file (or another version)")
        codes = cols[1].decode("ascii").split("\n")
        self.codes = codes
        self.index: dict[str, int] = dict(zip(codes, range(len(codes)), strict=True))
        self.names = cols[2].decode("utf-8").split("\n")
        self.levels: list[int] = list(cols[3].translate(_DIGIT_VALUES))
        self.parents = cols[4].decode("ascii").split("\n")
        self.postcodes = cols[5].decode("ascii").split("\n")
        self._alias_raw: dict[str, str] = dict(
            zip(
                cols[6].decode("utf-8").split("\n"),
                cols[7].decode("ascii").split("\n"),
                strict=True,
            )
        )
        # retired county codes → today's: read by the ID number check only, built on first use
        self._retired_columns = (cols[8], cols[9])
        self._retired_codes: dict[str, str] | None = None
        self.alias_keys: dict[str, str] = self._alias_raw  # membership tests in hot loops
        self._alias_cache: dict[str, tuple[Hit, ...]] = {}
        self._by_province: dict[str, dict[str, tuple[Hit, ...]]] = {}
        # for each first two characters (or the single character of a one-character alias),
        # the alias lengths to try, longest first (written as the characters 48 + length)
        self.lengths: dict[str, tuple[int, ...]] = dict(
            zip(
                cols[10].decode("utf-8").split("\n"),
                map(tuple, cols[11].translate(_LENGTH_VALUES).split(b"\xff")),
                strict=True,
            )
        )
        # the one-character aliases (京, 沪), folded into the lengths of every pair of
        # characters they begin: a match looks a single character up only where no pair starts
        self.one_char_aliases = "".join(k for k in self.lengths if len(k) == 1)
        if self.one_char_aliases:
            ones = [ord(c) for c in self.one_char_aliases]
            lengths = self.lengths
            folded: list[tuple[str, tuple[int, ...]]] = []
            for k, v in lengths.items():
                if len(k) == 2:
                    first = ord(k[0])  # compiled: no one-character string per key
                    for o in ones:
                        if first == o:
                            folded.append((k, v))
                            break
            for k, v in folded:
                lengths[k] = (*v, 1)
        # the first characters of the pairs above, by code point: where none starts, no
        # alias can (a table look-up, no two-character string to make and hash)
        firsts = bytearray(0x10000)
        for k in self.lengths:
            c = ord(k[0])
            firsts[c if c < 0xFFFF else 0xFFFF] = 1  # U+FFFF: any character beyond
        self.alias_firsts = bytes(firsts)
        self._children: dict[str, list[str]] | None = None
        # villages.bin (layout: tools/build_gazetteer.py), read on the first village lookup
        self._village_blob: bytes | None = None
        self._village_table = b""  # the index: town codes, block offsets, dictionary
        self._village_codes = ""  # the index's town codes, each followed by "\n"
        self._village_count = 0
        self._village_base = 0  # where the blocks start in the file
        self._village_zdict = b""
        self._village_cores: dict[str, tuple[dict[str, int], tuple[int, ...], str, str]] = {}
        self._pinyin: dict[str, str] | None = None
        self._postcode_cache: dict[str, str | None] = {}
        self._chain_cache: dict[str, tuple[tuple[str, str, str | None], ...]] = {}
        self._upper_shapes: dict[tuple[int, str], dict[str, list[str]]] | None = None
        self._lock = threading.Lock()

    # ---- lookups -------------------------------------------------------------------------
    def hits(self, alias: str) -> tuple[Hit, ...]:
        """Divisions ``alias`` can name (empty when none)."""
        got = self._alias_cache.get(alias)
        if got is not None:
            return got
        raw = self._alias_raw.get(alias)
        if raw is None:
            return ()
        out: list[Hit] = []
        for item in raw.split(" "):
            code, kind = item[:-1], item[-1]
            i = self.index.get(code)
            if i is not None:
                out.append(Hit(code, kind, self.levels[i]))
        res = tuple(out)
        self._alias_cache[alias] = res
        return res

    def hits_by_province(self, alias: str) -> dict[str, tuple[Hit, ...]]:
        """The hits of ``alias`` grouped by province (first two code digits), in order."""
        got = self._by_province.get(alias)
        if got is None:
            grouped: dict[str, list[Hit]] = {}
            for h in self.hits(alias):
                grouped.setdefault(h.code[:2], []).append(h)
            got = {k: tuple(v) for k, v in grouped.items()}
            self._by_province[alias] = got
        return got

    def has_alias(self, alias: str) -> bool:
        return alias in self._alias_raw

    def retired_codes(self) -> dict[str, str]:
        """Retired 6-digit county codes → today's codes, space-separated."""
        table = self._retired_codes
        if table is None:
            old, cur = self._retired_columns
            table = dict(
                zip(old.decode("ascii").split("\n"), cur.decode("ascii").split("\n"), strict=True)
            )
            self._retired_codes = table
        return table

    def current_codes(self, code: str) -> list[str]:
        """Today's codes for a (possibly retired) 6-digit county code; [] when unknown."""
        if code in self.index:
            return [code]
        cur = self.retired_codes().get(code)
        if cur:
            return cur.split(" ")
        for c in (code[:4] + "00", code[:2] + "0000"):
            if c in self.index:
                return [c]
        return []

    def name(self, code: str) -> str:
        return self.names[self.index[code]]

    def level(self, code: str) -> int:
        if len(code) == 12:
            return VILLAGE
        return self.levels[self.index[code]]

    def parent(self, code: str) -> str:
        return self.parents[self.index[code]]

    def ancestors(self, code: str) -> list[str]:
        """``code`` and its ancestors, deepest first (a village code gives its town's chain)."""
        if len(code) == 12:
            return [code, *self.ancestors(code[:9])]
        out = [code]
        p = self.parents[self.index[code]]
        while p:
            out.append(p)
            p = self.parents[self.index[p]]
        return out

    def postcode(self, code: str) -> str | None:
        """The most precise postcode known for ``code`` (county level at best)."""
        key = code[:9]
        got = self._postcode_cache.get(key, "?")
        if got != "?":
            return got
        found: str | None = None
        for c in self.ancestors(key):
            pc = self.postcodes[self.index[c]]
            if pc and pc != "000000":
                found = pc
                break
        self._postcode_cache[key] = found
        return found

    def chain(self, code: str) -> tuple[tuple[str, str, str | None], ...]:
        """(level key, code, name) from the province down to ``code`` (cached)."""
        got = self._chain_cache.get(code)
        if got is None:
            codes = list(reversed(self.ancestors(code)))
            names = [self.name(c) for c in codes]
            for i, nm in enumerate(names):
                if nm.endswith(PLACEHOLDER_CITY):
                    # 省直辖县级行政区划 is a statistical grouping, not a name to write: the
                    # county-level city under it stands in the city's place (湖北省仙桃市), as
                    # a municipality does in its own (北京市)
                    names[i] = names[i + 1] if i + 1 < len(names) else ""
            got = tuple(
                (LEVEL_KEYS[self.level(c)], c, nm or None)
                for c, nm in zip(codes, names, strict=True)
            )
            self._chain_cache[code] = got
        return got

    def children(self, code: str) -> list[str]:
        ch = self._children
        if ch is None:
            with self._lock:
                if self._children is None:
                    built: dict[str, list[str]] = {}
                    for c, p in zip(self.codes, self.parents, strict=True):
                        built.setdefault(p, []).append(c)
                    self._children = built
                ch = self._children
        return ch.get(code, [])

    def _town_villages(self, town_code: str) -> str:
        """A town's villages as stored ("VVV|…<TAB>name|…<TAB>core|…"; "" when none),
        inflated from its block of villages.bin (not kept: _cores keeps what lookups need)."""
        blob = self._village_blob
        if blob is None:
            with self._lock:
                blob = self._village_blob
                if blob is None:
                    blob = self._read_villages()
        i = self._town_number(town_code)
        if i < 0:
            return ""
        start, end = struct.unpack_from(
            "<II", self._village_table, 10 * self._village_count + 4 * i
        )
        base = self._village_base
        d = zlib.decompressobj(-15, self._village_zdict)
        data = d.decompress(blob[base + start : base + end])
        if not d.eof:
            raise ValueError("villages.bin: a truncated block")
        return data.decode("utf-8")

    def _town_number(self, town_code: str) -> int:
        """The town's place in villages.bin's index (binary search), -1 when not there."""
        codes = self._village_codes
        lo, hi = 0, self._village_count
        while lo < hi:
            mid = (lo + hi) // 2
            if codes[10 * mid : 10 * mid + 9] < town_code:
                lo = mid + 1
            else:
                hi = mid
        if lo < self._village_count and codes[10 * lo : 10 * lo + 10] == town_code + "\n":
            return lo
        return -1

    def _read_villages(self) -> bytes:
        """Read villages.bin and inflate its index; called once, with the lock held."""
        path = self.directory / "villages.bin"
        blob = path.read_bytes() if path.is_file() else b""
        if blob:
            head_end = blob.index(b"\n") + 1
            head = blob[: head_end - 1].split(b" ")
            if len(head) != 4 or head[0] + b" " + head[1] != _VILLAGES_MAGIC:
                raise ValueError("not a songda villages file (or another version)")
            n, size = int(head[2]), int(head[3])
            table = zlib.decompress(blob[head_end : head_end + size])
            self._village_table = table
            self._village_codes = table[: 10 * n].decode("ascii")
            self._village_count = n
            self._village_base = head_end + size
            self._village_zdict = table[10 * n + 4 * (n + 1) :]
            (end,) = struct.unpack_from("<I", table, 10 * n + 4 * n)
            if self._village_base + end != len(blob):
                raise ValueError("villages.bin: its size does not match its index")
        self._village_blob = blob
        return blob

    def villages(self, town_code: str) -> dict[str, str]:
        """Villages of a town: name → 12-digit code (loaded lazily per town)."""
        text = self._town_villages(town_code)
        if not text:
            return {}
        suffixes, _, rest = text.partition("\t")
        names = rest.partition("\t")[0].split("|")
        return dict(zip(names, [town_code + v for v in suffixes.split("|")], strict=True))

    def pinyin(self, ch: str) -> str:
        """Toneless pinyin of a character ('' when unknown); table loaded on first use."""
        table = self._pinyin
        if table is None:
            built: dict[str, str] = {}
            path = self.directory / "pinyin.txt.gz"
            if path.is_file():
                for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
                    py, _, chars = line.partition("\t")
                    for c in chars:
                        built[c] = py
            self._pinyin = table = built
        return table.get(ch, "")

    def upper_by_shape(self, length: int, last: str) -> dict[str, list[str]]:
        """Province, city and county names of a given length and last character."""
        shapes = self._upper_shapes
        if shapes is None:
            built: dict[tuple[int, str], dict[str, list[str]]] = {}
            for c, nm, lv in zip(self.codes, self.names, self.levels, strict=True):
                if lv <= DISTRICT and nm:
                    built.setdefault((len(nm), nm[-1]), {}).setdefault(nm, []).append(c)
            self._upper_shapes = shapes = built
        return shapes.get((length, last), {})

    def _cores(self, town_code: str) -> tuple[dict[str, int], tuple[int, ...], str, str]:
        """A town's village cores → their place in its lists, the cores' lengths (longest
        first), and the town's village names and code suffixes as stored ("a|b|…"): split
        only when a village is found (a town is looked up far more often than it matches)."""
        got = self._village_cores.get(town_code)
        if got is not None:
            return got
        cores: dict[str, int] = {}
        names = suffixes = ""
        text = self._town_villages(town_code)
        if text:
            # the cores were computed by tools/build_gazetteer.py with village_cores(): one
            # per village, "" where it is shorter than 2 characters or an earlier village's
            suffixes, _, rest = text.partition("\t")
            names, _, core_text = rest.partition("\t")
            listed = core_text.split("|")
            cores = dict(zip(listed, range(len(listed)), strict=True))
            cores.pop("", None)
        res = (cores, tuple(sorted({len(k) for k in cores}, reverse=True)), names, suffixes)
        self._village_cores[town_code] = res
        return res

    def village_at(self, town_code: str, text: str, pos: int) -> tuple[str, str, int] | None:
        """The village of the town written at ``text[pos:]`` by its core, longest first:
        (official name, code, end), None when none is."""
        cores, lengths, names, suffixes = self._cores(town_code)
        n = len(text)
        for length in lengths:
            if pos + length <= n:
                i = cores.get(text[pos : pos + length], -1)
                if i >= 0:
                    return names.split("|")[i], town_code + suffixes.split("|")[i], pos + length
        return None

    def village_index(self, town_code: str) -> tuple[dict[str, tuple[str, str]], tuple[int, ...]]:
        """Village short forms under a town: core → (official name, code), and their lengths
        (longest first)."""
        cores, lengths, names, suffixes = self._cores(town_code)
        name_list = names.split("|")
        suffix_list = suffixes.split("|")
        table = {k: (name_list[i], town_code + suffix_list[i]) for k, i in cores.items()}
        return table, lengths


_VILLAGE_SUFFIXES: Final = (
    "社区居民委员会",
    "社区居委会",
    "居民委员会",
    "村民委员会",
    "居委会",
    "村委会",
)


def village_cores(name: str) -> tuple[str, ...]:
    """How a village is written in addresses: 多福巷社区居委会 → 多福巷社区; 新桥村委会 → 新桥村.

    tools/build_gazetteer.py stores each village's core in villages.bin (village_index reads
    them there): rebuild the resource after changing this."""
    for suf in _VILLAGE_SUFFIXES:
        if name.endswith(suf):
            core = name[: -len(suf)]
            if suf.startswith("社区"):
                return (core + "社区",)
            if suf.startswith("村"):
                return (core,) if core.endswith("村") else (core + "村",)
            return (core,)
    return (name,)


_VILLAGES_MAGIC: Final = b"songda-villages 2"


_GAZ: Gazetteer | None = None
_GAZ_LOCK: Final = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (first call loads it, ~100 ms)."""
    global _GAZ
    g = _GAZ
    if g is None:
        with _GAZ_LOCK:
            if _GAZ is None:
                _GAZ = Gazetteer(resource("gazetteer"))
            g = _GAZ
    return g
