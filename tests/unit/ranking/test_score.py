"""Scoring and ranking on standard addresses built by hand (no address engine)."""

from __future__ import annotations

from datetime import date

import pytest

from songda.domain.models import CaseStatus, StandardAddress
from songda.ranking.blacklist import BlacklistMatcher, load_builtin_rules
from songda.ranking.inputs import CandidateInput, CaseContext
from songda.ranking.learning import OutcomeBook, OutcomeCounts, outcome_keys
from songda.ranking.score import Scorer
from songda.ranking.weights import load_weights

TODAY = date(2026, 11, 28)
CTX = CaseContext(frozenset({"411625"}), frozenset({"1101"}), TODAY)


def cand(
    text: str,
    source: str,
    id: int,
    *,
    adcode: str | None = "110105",
    level: str = "room",
    valid: bool = True,
    issues: tuple[str, ...] = (),
    poi: str | None = None,
    confidence: float = 0.9,
    address_date: date | None = None,
    status: str = "active",
) -> CandidateInput:
    s = StandardAddress(
        raw=text,
        detail=text,
        poi=poi,
        adcode=adcode,
        level=level,
        valid=valid,
        issues=list(issues),
        confidence=confidence,
    )
    return CandidateInput.from_standard(s, source, id=id, address_date=address_date, status=status)


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(load_weights(), BlacklistMatcher([], load_builtin_rules()))


def codes(r: object) -> list[str]:
    return [c for c, _, _ in r.reasons]  # type: ignore[attr-defined]


def test_every_reason_has_points_label_and_a_why() -> None:
    w = load_weights()
    for code, rw in w.reasons.items():
        assert rw.label, code
        assert len(rw.why) > 20, f"{code} needs a real-world reason"


def test_precise_residence_beats_district_only_household(scorer: Scorer) -> None:
    r = scorer.rank(
        [
            cand("河南省周口市郸城县", "household", 1, adcode="411625", level="district"),
            cand("北京市朝阳区建国路88号3栋501", "residence", 2),
        ],
        CTX,
    )
    assert r.best_id == 2
    assert r.status is CaseStatus.CONFIRMED and not r.needs_review
    assert [s.rank for s in r.ranked] == [1, 2]
    hh = r.ranked[1]
    labels = [lbl for _, lbl, _ in hh.reasons]
    assert "仅到区县" in labels and "与身份证户籍地一致" in labels
    assert hh.total == sum(p for _, _, p in hh.reasons)
    assert r.confidence == 1.0


def test_reason_objects_carry_code_label_points(scorer: Scorer) -> None:
    r = scorer.rank([cand("北京市朝阳区建国路88号", "delivery", 1, level="road_no")], CTX)
    objs = r.ranked[0].reason_objects()
    assert ("level.road_no", "完整到门牌", 24.0) in [(o.code, o.label, o.points) for o in objs]
    assert "与手机归属地一致" in [o.label for o in objs]


def test_agreement_merges_near_duplicates_and_lists_sources(scorer: Scorer) -> None:
    r = scorer.rank(
        [
            cand("北京市朝阳区建国路88号3栋501", "household", 1),
            cand("北京市朝阳区建国路88号3栋501室", "residence", 2),
            cand("北京市海淀区中关村大街1号", "work", 3, adcode="110108"),
        ],
        CTX,
    )
    by_id = {s.input.id: s for s in r.ranked}
    assert by_id[1].group == by_id[2].group != by_id[3].group
    assert "多来源一致(居住+户籍)" in [lbl for _, lbl, _ in by_id[1].reasons]
    # the lower-ranked member of the place points at the best one
    assert by_id[1].dup_of == 2 and by_id[2].dup_of is None
    # near-duplicates never make a case "close": the rival is the work address
    assert not any(code == "review.close" for code, _, _ in r.review)


def test_prefix_agreement_needs_a_precise_shorter_address(scorer: Scorer) -> None:
    r = scorer.rank(
        [
            cand("北京市朝阳区建国路88号", "household", 1, level="road_no"),
            cand("北京市朝阳区建国路88号3栋501", "delivery", 2),
            cand("北京市朝阳区", "other", 3, level="district"),
        ],
        CTX,
    )
    by_id = {s.input.id: s for s in r.ranked}
    assert by_id[1].group == by_id[2].group
    assert by_id[3].group != by_id[1].group


def test_collective_household_is_not_eligible(scorer: Scorer) -> None:
    r = scorer.rank(
        [cand("河南省郸城县城关派出所", "household", 1, adcode="411625", level="poi")], CTX
    )
    assert r.best is None
    assert r.status is CaseStatus.NO_VALID_ADDRESS and r.needs_review
    assert r.review[0][1] == "无有效地址"
    assert r.ranked[0].flags == ["collective"]
    assert "疑似集体户（派出所）" in [lbl for _, lbl, _ in r.ranked[0].reasons]


def test_police_dormitory_is_a_home_not_a_collective_household(scorer: Scorer) -> None:
    r = scorer.rank([cand("郸城县公安局宿舍3号楼201", "household", 1, adcode="411625")], CTX)
    assert r.ranked[0].flags == [] and r.best_id == 1


def test_university_only_for_household_sources(scorer: Scorer) -> None:
    hh = scorer.rank([cand("北京市海淀区北京大学", "household", 1, level="poi")], CTX)
    work = scorer.rank([cand("北京市海淀区北京大学", "work", 1, level="poi")], CTX)
    town = scorer.rank([cand("江宁区南京大学城1号", "household", 1, level="road_no")], CTX)
    assert hh.ranked[0].flags == ["collective"]
    assert work.ranked[0].flags == []
    assert town.ranked[0].flags == []


def test_prison_is_an_institution_for_every_source(scorer: Scorer) -> None:
    r = scorer.rank(
        [
            cand("河北省深州监狱", "residence", 1, level="poi"),
            cand("河北省深州市某某路1号", "household", 2, level="road_no"),
        ],
        CTX,
    )
    assert r.best_id == 2
    assert "机关/监所地址（监狱）" in [lbl for _, lbl, _ in r.ranked[1].reasons]


def test_junk_and_invalid_sink(scorer: Scorer) -> None:
    r = scorer.rank(
        [
            cand("不详", "delivery", 1, level="none", valid=False, issues=("junk",), adcode=None),
            cand("北京市朝阳区建国路", "household", 2, level="road"),
        ],
        CTX,
    )
    assert r.best_id == 2
    junk = r.ranked[1]
    assert not junk.eligible and "地址不详" in [lbl for _, lbl, _ in junk.reasons]
    # the best is weak (road only, household): review
    assert r.needs_review and r.status is CaseStatus.NEEDS_REVIEW
    assert r.review[0][0] == "review.weak"


def test_close_top_two_go_to_review(scorer: Scorer) -> None:
    r = scorer.rank(
        [
            cand("北京市朝阳区建国路88号3栋501", "residence", 1),
            cand("北京市海淀区中关村大街1号2栋302", "delivery", 2, adcode="110108"),
        ],
        CaseContext(today=TODAY),
    )
    assert r.best_id == 2  # delivery 20 vs residence 16
    assert r.needs_review and [c for c, _, _ in r.review] == ["review.close"]
    assert 0 < r.confidence < 0.2


def test_recency_and_work_and_contact(scorer: Scorer) -> None:
    r = scorer.rank(
        [
            cand("A市B区C路1号", "contact", 1, level="road_no"),
            cand("A市B区D路2号", "work", 2, level="road_no", adcode="110106"),
            cand(
                "A市B区E路3号",
                "household",
                3,
                level="road_no",
                adcode="110107",
                address_date=date(2015, 1, 1),
            ),
            cand(
                "A市B区F路4号",
                "residence",
                4,
                level="road_no",
                adcode="110109",
                address_date=date(2026, 10, 1),
            ),
        ],
        CaseContext(today=TODAY),
    )
    order = [s.input.source for s in r.ranked]
    assert order == ["residence", "household", "work", "contact"]
    assert "近期更新（半年内）" in [lbl for _, lbl, _ in r.ranked[0].reasons]
    assert "地址陈旧（三年以上）" in [lbl for _, lbl, _ in r.ranked[1].reasons]


def test_inactive_candidates_never_win(scorer: Scorer) -> None:
    r = scorer.rank(
        [
            cand("北京市朝阳区建国路88号3栋501", "delivery", 1, status="returned"),
            cand("北京市朝阳区建国路1号", "household", 2, level="road_no", adcode="110105"),
        ],
        CTX,
    )
    assert r.best_id == 2
    assert "已退回" in [lbl for _, lbl, _ in r.ranked[1].reasons]


def test_id_area_city_level_code_and_mismatch(scorer: Scorer) -> None:
    ctx = CaseContext(frozenset({"411625"}), frozenset(), TODAY)
    far = scorer.rank([cand("广东省广州市某路1号", "household", 1, adcode="440106")], ctx)
    assert "与身份证户籍地不符" in [lbl for _, lbl, _ in far.ranked[0].reasons]


def test_weight_overrides_change_the_choice() -> None:
    w = load_weights(overrides={"source.work": 40})
    s = Scorer(w)
    r = s.rank(
        [
            cand("A路1号", "work", 1, level="road_no"),
            cand("B路2号", "household", 2, level="road_no", adcode="110106"),
        ],
        CaseContext(today=TODAY),
    )
    assert r.best_id == 1
    assert w.overridden == ("source.work",)


def test_unknown_override_is_a_known_error() -> None:
    from songda.errors import KnownError

    with pytest.raises(KnownError):
        load_weights(overrides={"nope": 1})


def test_delivery_history_hook() -> None:
    signed_addr = "北京市朝阳区建国路88号3栋501"
    bad_addr = "北京市朝阳区建国路99号"
    c_bad = cand(bad_addr, "residence", 1, level="road_no", poi="幸福小区")
    c_signed = cand(signed_addr, "household", 2)
    keys_signed = outcome_keys("household", c_signed.standard, "110105", None)
    keys_bad = outcome_keys("residence", c_bad.standard, "110105", "幸福小区")
    assert keys_bad["community"] == "110105|幸福小区"
    book = OutcomeBook(
        [
            ("address", keys_signed["address"], OutcomeCounts(sent=1, signed=1)),
            ("address", keys_bad["address"], OutcomeCounts(sent=1, not_there=1)),
            ("community", keys_bad["community"], OutcomeCounts(sent=4, bad_address=3, signed=1)),
            ("source", "household", OutcomeCounts(sent=100, signed=70)),
            ("source", "residence", OutcomeCounts(sent=100, signed=50)),
        ]
    )
    s = Scorer(load_weights(), outcomes=book)
    r = s.rank(
        [c_bad, c_signed],
        CaseContext(today=TODAY),
    )
    assert r.best_id == 2
    best = dict((c, (lbl, p)) for c, lbl, p in r.ranked[0].reasons)
    other = dict((c, (lbl, p)) for c, lbl, p in r.ranked[1].reasons)
    assert best["history.address_signed"] == ("历史妥投成功", 25.0)
    assert best["history.source_rate"] == ("同类来源妥投率70%", 2.0)
    assert other["history.address_not_there"][0] == "历史退回：查无此人/已迁走"
    assert other["history.community_bad"][1] < 0
    assert other["history.source_rate"][1] == -2.0


def test_outcome_keys_agree_with_the_delivery_module() -> None:
    from songda.delivery.keys import outcome_keys as delivery_keys

    row = {
        "standard": "北京市朝阳区建国路88号 3栋501",
        "poi": "幸福小区",
        "adcode": "110105001",
        "source": "residence",
    }
    theirs = {k: v for k, v in delivery_keys(row) if k in ("address", "community", "source")}
    assert outcome_keys("residence", row["standard"], row["adcode"], row["poi"]) == theirs
