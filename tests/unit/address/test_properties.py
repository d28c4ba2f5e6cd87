"""Property tests: parse never raises, is deterministic; normalize is idempotent."""

from __future__ import annotations

import json
import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from songda.address import parse
from songda.address.normalize import normalize

ADDRESS_CHARS = st.sampled_from(
    list("浙江省杭州市余杭区西湖朝阳北京上海路街道镇乡村号栋幢单元层楼室十九三五零一二")
    + list("０１２３４５６７８９0123456789 \n\t（）()【】-_,，。廣東區ＡａB")
)
TEXT = st.one_of(st.text(max_size=60), st.text(ADDRESS_CHARS, max_size=40))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_parse_never_raises_and_is_deterministic(text: str) -> None:
    a = parse(text)
    b = parse(text)
    assert a.to_dict() == b.to_dict()
    assert 0.0 <= a.confidence <= 1.0
    for span in a.spans.values():
        assert span is None or span in text


ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


FIELD = st.one_of(st.none(), st.text(max_size=6), st.sampled_from(['"', "\\", "\n", "杭州"]))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(FIELD, min_size=28, max_size=28),
    st.booleans(),
    st.lists(st.sampled_from(["vague", "typo_corrected", 'q"uote']), max_size=3),
    st.floats(0, 1),
)
def test_to_json_matches_the_encoder_for_every_pattern_of_missing_values(
    values: list[str | None], valid: bool, issues: list[str], confidence: float
) -> None:
    from songda.domain.models import ADDRESS_FIELDS, StandardAddress

    r = StandardAddress(raw="x", valid=valid, issues=issues, confidence=confidence)
    for key, v in zip(ADDRESS_FIELDS, values[:13], strict=True):
        setattr(r, key, v)
    r.spans = {k: v for k, v in zip(ADDRESS_FIELDS, values[13:26], strict=True) if v is not None}
    r.adcode, r.postcode = values[26], values[27]
    r.level = values[0] or "none"
    assert r.to_json() == ENCODE(r.to_dict())
    # every key, as the parser leaves them, and the same keys in another order
    every = dict(zip(ADDRESS_FIELDS, values[13:26], strict=True))
    for spans in (every, dict(reversed(every.items()))):
        r.spans = spans
        assert r.to_json() == ENCODE(r.to_dict())


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_to_json_is_the_json_encoder_output_of_to_dict(text: str) -> None:
    r = parse(text)
    assert r.to_json() == ENCODE(r.to_dict())
    assert json.loads(r.to_json()) == r.to_dict()


def test_to_json_escapes_like_the_json_encoder() -> None:
    from songda.domain.models import StandardAddress

    r = StandardAddress(
        raw="x",
        province='引号"与\\反斜杠',
        road="换行\n回车\r制表\t\x00\x1f\u2028末",
        spans={"province": '"', "road": "\b\f", "unknown": "ignored"},
        issues=["vague", 'a"b'],
        confidence=2 / 3,
        valid=True,
        level="road",
    )
    assert r.to_json() == ENCODE(r.to_dict())
    for confidence in (0.0, 1.0, 0.1 + 0.2, 1e-7):
        r.confidence = confidence
        assert r.to_json() == ENCODE(r.to_dict())


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


def test_parse_of_non_strings_does_not_raise() -> None:
    for value in (None, 123, 1.5e17, b"x"):
        r = parse(value)  # type: ignore[arg-type]
        assert r.valid is False


def test_parse_is_thread_safe() -> None:
    texts = ["浙江省杭州市西湖区文三路1号", "朝阳区建国路1号", "北京市东城区东华门街道多福巷社区"]
    expected = [parse(t).to_dict() for t in texts]
    errors: list[str] = []

    def work() -> None:
        for _ in range(50):
            for t, e in zip(texts, expected, strict=True):
                if parse(t).to_dict() != e:
                    errors.append(t)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors


# texts whose characters need escaping in JSON, raw or after NFKC (＂ → ", ＼ → \)
ESCAPY = st.text(
    st.sampled_from(list('杭州市西湖区文三路1号"\\\x01\x1f＂＼\u3000\u2028 ')), max_size=30
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, ESCAPY))
def test_the_cli_line_is_the_json_encoder_output_of_to_dict(text: str) -> None:
    # songda address parse skips the escape check for texts with nothing to escape
    from songda.address.parse import parse_json_lines

    parts: list[str] = []
    parse_json_lines([text], 0, 1, parts)
    assert "".join(parts) == ENCODE(parse(text).to_dict()) + "\n"


def test_the_cli_line_escapes_what_the_raw_text_brings() -> None:
    from songda.address.parse import parse_json_lines

    texts = ['浙江省杭州市"西湖区"文三路1号', "浙江省杭州市西湖区\\文三路1号", "杭州市\x01西湖区"]
    parts: list[str] = []
    parse_json_lines(texts, 0, len(texts), parts)
    lines = "".join(parts).splitlines()
    assert [json.loads(line) for line in lines] == [parse(t).to_dict() for t in texts]
    assert lines == [ENCODE(parse(t).to_dict()) for t in texts]
