"""Normalisation, fine-grained fields, validity and postcode rules."""

from __future__ import annotations

import pytest

from songda.address import ParseContext, normalize, parse
from songda.address.issues import ISSUE_LABELS, label
from songda.address.normalize import chinese_number, normalize_mapped


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("浙江省杭州市西湖区文三路１２３号", "浙江省杭州市西湖区文三路123号"),
        ("广 东 省 广 州 市", "广东省广州市"),
        ("廣東省廣州市天河區", "广东省广州市天河区"),
        ("文三路十九号三单元", "文三路19号3单元"),
        ("一百零五号", "105号"),
        ("五零二室", "502室"),
        ("浙江省杭州市\n西湖区", "浙江省杭州市西湖区"),
        ("西湖区（文三路1号）【3幢】", "西湖区文三路1号3幢"),
        ("a座", "A座"),
        ("浙江省杭州市 13812345678", "浙江省杭州市"),
        ("中国浙江省杭州市", "浙江省杭州市"),
    ],
)
def test_normalize(raw: str, norm: str) -> None:
    assert normalize(raw) == norm


def test_fillers_between_divisions() -> None:
    assert parse("上海市市辖区静安区南京西路1号").district == "静安区"
    assert parse("浙江省-杭州市-西湖区文三路1号").district == "西湖区"
    assert parse("浙江省温州市浙江省温州市乐清市柳市镇").town == "柳市镇"


def test_numerals_only_before_unit_words() -> None:
    assert normalize("五常大道八一新村") == "五常大道八一新村"
    assert chinese_number("十九") == 19 and chinese_number("二十") == 20
    assert chinese_number("甲") is None


def test_spans_map_back_to_the_input() -> None:
    raw = "杭州市西湖区文三路十九号三单元"
    n = normalize_mapped(raw)
    a = n.text.index("19号")
    assert n.span(raw, a, a + 3) == "十九号"
    r = parse(raw)
    assert r.road_no == "19号" and r.spans["road_no"] == "十九号"
    assert r.unit == "3单元" and r.spans["unit"] == "三单元"
    for key, span in r.spans.items():
        assert span is None or span in raw, key


def test_name_and_phone_removed() -> None:
    r = parse("张三 13812345678 浙江省杭州市西湖区文三路1号")
    assert r.district == "西湖区" and r.road_no == "1号"
    assert "phone_removed" in r.issues and "name_removed" in r.issues
    r = parse("浙江省杭州市西湖区文三路1号 李四")
    assert r.road_no == "1号" and "name_removed" in r.issues


@pytest.mark.parametrize(
    "text",
    [
        "浙江省杭州市西湖区文三路1号 收件人:李四",  # a labelled name
        "浙江省杭州市西湖区文三路1号 李四 13812345678",  # a name before a phone at the end
        "13812345678 李四 浙江省杭州市西湖区文三路1号",
    ],
)
def test_names_beside_a_phone_or_after_a_label_are_removed(text: str) -> None:
    r = parse(text)
    assert (r.road, r.road_no, r.poi) == ("文三路", "1号", None)
    assert "name_removed" in r.issues


@pytest.mark.parametrize(
    "label", ["户籍地址：", "家庭住址:", "单位地址：", "现居住地址：", "送达地址 ", "户籍所在地："]
)
def test_address_labels_are_dropped(label: str) -> None:
    r = parse(label + "河南省郑州市金水区花园路1号")
    assert (r.district, r.road, r.road_no, r.poi) == ("金水区", "花园路", "1号", None)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        (
            "浙江省杭州市西湖区文三路100号华星时代广场A座10层1001室",
            {
                "road": "文三路",
                "road_no": "100号",
                "poi": "华星时代广场",
                "building": "A座",
                "floor": "10层",
                "room": "1001室",
            },
        ),
        (
            "杭州市西湖区文三路100号5号楼2单元301",
            {"building": "5号楼", "unit": "2单元", "room": "301"},
        ),
        ("杭州市拱墅区湖墅南路1号3栋5楼", {"building": "3栋", "floor": "5楼"}),
        (
            "杭州市拱墅区大关小区6幢1单元502室",
            {"poi": "大关小区", "building": "6幢", "room": "502室"},
        ),
        ("宁波市鄞州区钱湖北路1号8户", {"road_no": "1号", "room": "8户"}),
        ("上海市徐汇区宛平南路100弄5号", {"road": "宛平南路", "road_no": "100弄5号"}),
        ("浙江省杭州市西湖区浙江大学紫金港校区", {"poi": "浙江大学紫金港校区"}),
        ("杭州市滨江区江南大道1号阿里巴巴滨江园区B座", {"road": "江南大道", "building": "B座"}),
    ],
)
def test_fine_fields(text: str, expect: dict[str, str]) -> None:
    r = parse(text)
    for key, value in expect.items():
        assert getattr(r, key) == value, key
        assert r.spans[key] is not None


def test_level_is_the_finest_field() -> None:
    assert parse("杭州市西湖区文三路1号3单元502室").level == "room"
    assert parse("杭州市西湖区文三路1号").level == "road_no"
    assert parse("杭州市西湖区文三路").level == "road"
    assert parse("杭州市西湖区").level == "district"
    assert parse("杭州市西湖区西溪街道").level == "town"


@pytest.mark.parametrize(
    "text",
    [
        "不详",
        "地址不详",
        "同上",
        "无",
        "null",
        "NULL",
        "123456",
        "13812345678",
        "详见身份证",
        "无固定住所",
        "-",
        "/",
        "  ",
        "同户籍地址",
        "N/A",
        "户籍地址：不详",
        "现住址:无",
    ],
)
def test_junk_is_invalid_with_a_code(text: str) -> None:
    r = parse(text)
    assert not r.valid
    assert r.issues[0] in ("junk", "empty")
    assert r.confidence == 0.0


def test_vague_is_valid_but_flagged() -> None:
    for text in ("浙江省杭州市西湖区", "杭州市余杭区仓前街道"):
        r = parse(text)
        assert r.valid and "vague" in r.issues
    assert "vague" not in parse("杭州市西湖区文三路1号").issues


def test_no_division_is_invalid() -> None:
    r = parse("文三路100号")
    assert not r.valid and "no_division" in r.issues


def test_confidence_orders_precision() -> None:
    room = parse("浙江省杭州市西湖区文三路1号3单元502室").confidence
    road = parse("浙江省杭州市西湖区文三路").confidence
    district = parse("浙江省杭州市西湖区").confidence
    ambiguous = parse("朝阳区建国路1号3单元502室").confidence
    assert 1.0 >= room > road > district > 0
    assert ambiguous < room


def test_postcode_from_data_and_from_case() -> None:
    r = parse("浙江省杭州市余杭区仓前街道文一西路1号")
    assert r.postcode == "311100"
    r = parse("浙江省杭州市西湖区文三路1号")
    assert r.postcode == "310000" and "postcode_city_level" in r.issues
    r = parse("浙江省杭州市西湖区文三路1号", ParseContext(postcode="310012"))
    assert r.postcode == "310012" and "postcode_from_case" in r.issues
    r = parse("浙江省杭州市西湖区文三路1号", ParseContext(postcode="100080"))
    assert r.postcode == "310000" and "postcode_mismatch" in r.issues
    r = parse("浙江省杭州市西湖区文三路1号", ParseContext(postcode="abc"))
    assert r.postcode == "310000"


def test_every_issue_has_a_chinese_label() -> None:
    samples = ["朝阳区", "杭洲市中山北路1号", "闸北区", "不详", "余杭区仓前街道", "文三路1号"]
    for text in samples:
        for code in parse(text).issues:
            assert code in ISSUE_LABELS
            assert any("\u4e00" <= c <= "\u9fff" for c in label(code))


def test_output_contract_keys() -> None:
    d = parse("浙江省杭州市西湖区文三路1号").to_dict()
    keys = "province city district town village road road_no poi building unit floor room detail"
    for k in keys.split():
        assert k in d and k in d["spans"]
    for k in ("adcode", "postcode", "level", "valid", "issues", "confidence"):
        assert k in d
    assert 0.0 <= d["confidence"] <= 1.0


def test_to_dict_follows_the_model_fields() -> None:
    from songda.domain.models import ADDRESS_FIELDS

    r = parse("浙江省杭州市西湖区文三路1号3幢2单元502室")
    d = r.to_dict()
    assert list(d)[: len(ADDRESS_FIELDS)] == list(ADDRESS_FIELDS)
    assert list(d["spans"]) == list(ADDRESS_FIELDS)
    for k in ADDRESS_FIELDS:
        assert d[k] == getattr(r, k)
        assert d["spans"][k] == r.spans.get(k)


def test_a_remembered_parse_comes_back_as_an_equal_copy_of_its_own() -> None:
    from dataclasses import fields

    text = "浙江省杭州市西湖区文三路1号3幢2单元502室"
    first = parse(text)
    first.spans["road"] = "changed"
    first.issues.append("changed")
    first.notes["x"] = "changed"
    again = parse(text)
    assert again.spans["road"] != "changed" and "changed" not in again.issues
    assert "x" not in again.notes
    copy = again.copy()
    assert copy == again and copy is not again
    for f in fields(again):  # every field, so that a new one cannot be left out
        assert getattr(copy, f.name) == getattr(again, f.name)
    assert copy.spans is not again.spans and copy.issues is not again.issues
    assert copy.notes is not again.notes


def test_villages_are_recognised_under_their_town() -> None:
    r = parse("北京市东城区东华门街道多福巷社区")
    assert r.village == "多福巷社区居委会"
    assert r.adcode is not None and len(r.adcode) == 12
    assert r.level == "village"


def test_a_village_the_gazetteer_does_not_list_is_kept() -> None:
    # the standard form must never lose a rural address's village (the letter would not
    # reach anyone without it)
    r = parse("浙江省杭州市余杭区张家村100号")
    assert r.village == "张家村" and r.spans["village"] == "张家村"
    assert "张家村" in r.text()
    r = parse("河南省郑州市中原区李庄村委会3组")
    assert r.village == "李庄村委会" and "李庄村委会" in r.text()
    assert "vague" not in r.issues


def test_a_repeated_address_gives_an_equal_but_independent_result() -> None:
    a = parse("浙江省杭州市西湖区文三路100号")
    a.issues.append("changed_by_caller")
    a.spans["road"] = "x"
    a.district = "x"
    b = parse("浙江省杭州市西湖区文三路100号")
    assert b is not a
    assert b.district == "西湖区" and b.spans["road"] == "文三路"
    assert "changed_by_caller" not in b.issues
    ctx = ParseContext(id_area="220104")
    assert parse("朝阳区人民大街1号", ctx).city == "长春市"
    assert parse("朝阳区人民大街1号").city is None  # the context is part of what is remembered


@pytest.mark.parametrize(
    ("text", "city", "district"),
    [
        ("湖北省仙桃市干河街道民主路5号", "仙桃市", "仙桃市"),
        ("河南省济源市沁园路8号", "济源市", "济源市"),
        ("海南省琼海市嘉积镇银海路1号", "琼海市", "琼海市"),
        ("新疆石河子市北四路1号", "石河子市", "石河子市"),
    ],
)
def test_a_county_under_the_province_directly_stands_in_the_city_place(
    text: str, city: str, district: str
) -> None:
    # 省直辖县级行政区划 is a statistical grouping: never on an envelope
    r = parse(text)
    assert (r.city, r.district) == (city, district)
    assert "直辖" not in r.text()
    assert "inferred_upper" not in r.issues


def test_a_corps_city_written_after_its_prefecture_is_no_contradiction() -> None:
    r = parse("新疆阿克苏地区阿拉尔市十六团河花池")
    assert r.district == "阿拉尔市" and r.city == "阿克苏地区"
    assert r.spans["city"] == "阿克苏地区"
    assert "contradiction" not in r.issues
    # elsewhere a prefecture before a county-level city under the province still contradicts
    assert "contradiction" in parse("湖北省荆州市仙桃市").issues


def test_a_numeral_district_name_before_a_road_word() -> None:
    # 二七区 is normalised to 27区; 大学路 after it must not hide the district
    r = parse("河南省郑州市二七区大学路10号")
    assert (r.district, r.road, r.road_no) == ("二七区", "大学路", "10号")
    assert r.text().startswith("河南省郑州市二七区大学路")


def test_address_values_follow_the_model_fields() -> None:
    from songda.domain.models import ADDRESS_FIELDS, StandardAddress

    r = StandardAddress(**{k: f"v{i}" for i, k in enumerate(ADDRESS_FIELDS)})
    assert r._address_values() == tuple(f"v{i}" for i in range(len(ADDRESS_FIELDS)))


def test_set_field_and_field_read_and_write_the_named_attribute() -> None:
    from songda.domain.models import ADDRESS_FIELDS, StandardAddress

    r = StandardAddress()
    for i, key in enumerate(ADDRESS_FIELDS):
        r.set_field(key, f"w{i}")
        assert getattr(r, key) == f"w{i}" == r.field(key)
        r.set_field(key, None)
        assert getattr(r, key) is None and r.field(key) is None
    r.set_field("raw", "原文")  # any other attribute by name
    assert r.raw == "原文" == r.field("raw")


@pytest.mark.parametrize(
    ("text", "building", "unit", "room", "spans"),
    [
        # building-unit-room written with dashes, with or without 室
        ("杭州市西湖区阳光小区3-2-301", "3栋", "2单元", "301室", ("3", "2", "301")),
        ("杭州市西湖区阳光小区3-2-301室", "3栋", "2单元", "301室", ("3", "2", "301室")),
        ("杭州市西湖区文三路100号12-1-1502", "12栋", "1单元", "1502室", ("12", "1", "1502")),
        # building-room right after a complex's name
        ("杭州市西湖区阳光小区3-301", "3栋", None, "301室", ("3", None, "301")),
    ],
)
def test_dashed_building_unit_room(
    text: str,
    building: str,
    unit: str | None,
    room: str,
    spans: tuple[str | None, str | None, str | None],
) -> None:
    r = parse(text)
    assert (r.building, r.unit, r.room, r.detail, r.level) == (building, unit, room, None, "room")
    assert (r.spans["building"], r.spans["unit"], r.spans["room"]) == spans
    assert r.text().endswith(building + (unit or "") + room)


@pytest.mark.parametrize("text", ["杭州市西湖区阳光小区3-2", "杭州市西湖区文三路100号3-301"])
def test_dashes_that_do_not_say_enough_stay_detail(text: str) -> None:
    r = parse(text)
    assert r.building is None and r.room is None and r.detail


@pytest.mark.parametrize(
    ("text", "floor", "room"),
    [
        ("上海市浦东新区世纪大道100号环球金融中心45F", "45F", None),  # offices write floors so
        ("杭州市西湖区文三路100号华星大厦12F1201", "12F", "1201"),
        ("深圳市福田区华强北路1号赛格广场3F-301", "3F", "301"),
    ],
)
def test_floors_written_with_f(text: str, floor: str, room: str | None) -> None:
    r = parse(text)
    assert (r.floor, r.room) == (floor, room)


@pytest.mark.parametrize(
    ("text", "room"),
    [
        # a phone after a space, right after the room's digits: not glued to them
        ("杭州市西湖区阳光小区3-2-301 13812345678", "301室"),
        ("杭州市西湖区阳光小区3幢2单元301室 13812345678 张三", "301室"),
        ("杭州市西湖区阳光小区3-2-301\u30000571-88888888", "301室"),
    ],
)
def test_a_phone_after_the_room_number_is_removed(text: str, room: str) -> None:
    r = parse(text)
    assert (r.room, r.detail) == (room, None)
    assert "phone_removed" in r.issues


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # text no field takes is kept in the detail, every piece of it
        ("浙江省杭州市江干区白杨街道下沙开发区世茂江滨花园峻景湾00幢", "峻景湾"),
        ("浙江省杭州市西湖区文三路100号天苑花园1幢10楼A座", "A座"),
    ],
)
def test_nothing_is_dropped_from_the_detail(text: str, kept: str) -> None:
    r = parse(text)
    assert kept in (r.detail or "") and kept in r.text()


@pytest.mark.parametrize(
    ("text", "unit", "room"),
    [
        # the north-east and Beijing call a stairwell 门: 3栋2门501
        ("辽宁省沈阳市和平区南京北街1号华府小区3栋2门501", "2门", "501"),
        ("吉林省长春市朝阳区红旗街1号3号楼2门301室", "2门", "301室"),
    ],
)
def test_a_stairwell_called_men_is_the_unit(text: str, unit: str, room: str) -> None:
    r = parse(text)
    assert (r.unit, r.room, r.detail) == (unit, room, None)
    assert "门" not in (r.poi or "")


@pytest.mark.parametrize("text", ["杭州市西湖区文三路1号东门", "浙江大学明州医院北1门"])
def test_a_gate_is_not_a_unit(text: str) -> None:
    assert parse(text).unit is None


def test_the_standard_text_keeps_the_detail_where_it_was_written() -> None:
    from songda.domain.standard_address import _FINE_KEYS, _FINE_START, ADDRESS_FIELDS

    assert ADDRESS_FIELDS[_FINE_START : _FINE_START + len(_FINE_KEYS)] == _FINE_KEYS
    # the part of a complex between its name and the building, not after the room
    r = parse("山东省淄博市张店区锦江路347号锦绣新村东区30栋5单元1803室")
    assert r.detail == "东区"
    assert r.text() == "山东省淄博市张店区锦江路347号锦绣新村东区30栋5单元1803室"
    # a detail after everything else stays last
    assert parse("杭州市西湖区文三路100号阳光小区A区").text().endswith("阳光小区A区")


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # 和 opening a name is part of it; between two roads it joins them
        ("杭州市西湖区和平小区3幢", "poi", "和平小区"),
        ("杭州市西湖区文三路100号和平大厦", "poi", "和平大厦"),
        ("杭州市萧山区和顺村", "village", "和顺村"),
        ("杭州市西湖区文三路与学院路交叉口", "road", "文三路"),
    ],
)
def test_he_opening_a_name(text: str, field: str, value: str) -> None:
    assert parse(text).field(field) == value


@pytest.mark.parametrize(
    ("text", "poi"),
    [
        ("浙江省杭州市江干区杭州市江干区新风丽都北苑00幢", "新风丽都北苑"),  # a repeat
        ("黑龙江省尚志市亚布力镇亚布力第一中学家属楼", "亚布力第一中学"),  # a name's start
    ],
)
def test_a_name_with_its_suffix_read_again_is_a_repeat(text: str, poi: str) -> None:
    assert parse(text).poi == poi
