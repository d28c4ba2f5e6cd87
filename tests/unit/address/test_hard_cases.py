"""The hard cases of issue 3: ambiguity, inference, typos, traps, retired and short names."""

from __future__ import annotations

import pytest

from songda.address import ParseContext, parse


@pytest.mark.parametrize(
    "text",
    [
        "朝阳区建国路88号",
        "西湖区文三路1号",
        "鼓楼区中山路1号",
        "普陀区",
        "铁西区",
        "新城区",
        "城关镇",
    ],
)
def test_ambiguous_names_are_reported_not_guessed(text: str) -> None:
    r = parse(text)
    assert "ambiguous" in r.issues
    assert r.province is None and r.city is None  # no guess
    assert r.adcode is None
    assert r.confidence < 0.5
    assert r.valid  # still an address; the ranking decides with the case's other data


def test_ambiguity_decided_by_the_text() -> None:
    assert parse("北京市朝阳区建国路88号").city == "北京市"
    assert parse("长春市朝阳区人民大街1号").city == "长春市"
    r = parse("杭州西湖区文三路1号")
    assert r.city == "杭州市" and "ambiguous" not in r.issues


@pytest.mark.parametrize(
    ("ctx", "city"),
    [
        (ParseContext(id_area="110105"), "北京市"),
        (ParseContext(id_area="220104"), "长春市"),
        (ParseContext(phone_cities=("2201",)), "长春市"),
        (ParseContext(phone_cities=("110100",)), "北京市"),
        (ParseContext(sibling_adcodes=("220104005",)), "长春市"),
    ],
)
def test_ambiguity_decided_by_context(ctx: ParseContext, city: str) -> None:
    r = parse("朝阳区建国路88号", ctx)
    assert r.city == city
    assert "context_resolved" in r.issues and "ambiguous" not in r.issues


def test_retired_id_area_code_resolves_through_history() -> None:
    # 330104 江干区 (retired 2021) → 上城区 / 钱塘区 in Hangzhou: decides 西湖区 for Hangzhou
    r = parse("西湖区文三路1号", ParseContext(id_area="330104"))
    assert r.city == "杭州市"


def test_context_never_overrides_the_text() -> None:
    r = parse("长春市朝阳区人民大街1号", ParseContext(id_area="110105"))
    assert r.city == "长春市"


def test_infers_upper_levels_from_lower_ones() -> None:
    r = parse("余杭区仓前街道")
    assert (r.province, r.city, r.district, r.town) == ("浙江省", "杭州市", "余杭区", "仓前街道")
    assert "inferred_upper" in r.issues
    assert r.spans["province"] is None and r.spans["city"] is None
    assert r.spans["town"] == "仓前街道"
    r = parse("瓯北镇黄田南路1号")
    assert (r.city, r.district) == ("温州市", "永嘉县")


@pytest.mark.parametrize(
    ("text", "key", "name"),
    [
        ("北京市海定区中关村大街1号", "district", "海淀区"),
        ("杭洲市中山北路100号", "city", "杭州市"),
        ("深证市福田区福华路1号", "city", "深圳市"),
        ("宁波市海署区中山西路1号", "district", "海曙区"),
        ("温卅市鹿城区人民路1号", "city", "温州市"),
    ],
)
def test_typos_corrected_within_scope(text: str, key: str, name: str) -> None:
    r = parse(text)
    assert getattr(r, key) == name
    assert "typo_corrected" in r.issues
    assert "→" in r.notes[key]


def test_typo_never_jumps_to_an_unrelated_place() -> None:
    r = parse("杭洲市中山北路100号")
    assert r.city == "杭州市"
    assert r.district is None  # not 市中区
    assert r.road == "中山北路"  # not 中山市
    assert parse("中山北路100号").city is None


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("上海路100号", "road", "上海路"),
        ("东洲花园3幢", "poi", "东洲花园"),
        ("五常大道100号", "road", "五常大道"),
        ("平安保险大厦", "poi", "平安保险大厦"),
    ],
)
def test_substring_traps(text: str, field: str, value: str) -> None:
    r = parse(text)
    assert getattr(r, field) == value
    assert r.province is None and r.city is None and r.district is None


def test_trap_words_inside_a_full_address() -> None:
    r = parse("杭州市余杭区五常大道1号")
    assert r.district == "余杭区" and r.road == "五常大道"
    r = parse("青岛市市南区上海路100号")
    assert r.city == "青岛市" and r.road == "上海路"
    r = parse("永嘉县瓯北镇")
    assert r.district == "永嘉县" and r.town == "瓯北街道"
    assert r.city == "温州市"  # not 北镇市 (锦州)


@pytest.mark.parametrize(
    ("text", "city", "district"),
    [
        ("闸北区共和新路1号", "上海市", "静安区"),
        ("崇文区", "北京市", "东城区"),
        ("宣武区广安门内大街1号", "北京市", "西城区"),
        ("江干区九堡街道", "杭州市", "上城区"),
        ("下城区", "杭州市", "拱墅区"),
        ("莱芜市", "济南市", "莱芜区"),
    ],
)
def test_retired_names_map_to_current(text: str, city: str, district: str) -> None:
    r = parse(text)
    assert (r.city, r.district) == (city, district)
    assert "retired_name" in r.issues


def test_retired_prefecture_name() -> None:
    r = parse("襄樊市樊城区")
    assert r.city == "襄阳市" and r.district == "樊城区"
    assert r.notes["city"] == "襄樊市→襄阳市"


@pytest.mark.parametrize(
    ("text", "province", "city", "district"),
    [
        ("浙江", "浙江省", None, None),
        ("杭州", "浙江省", "杭州市", None),
        ("余杭", "浙江省", "杭州市", "余杭区"),
        ("京", "北京市", "北京市", None),  # a municipality is its own city
        ("沪", "上海市", "上海市", None),
        ("内蒙", "内蒙古自治区", None, None),
        ("呼市", "内蒙古自治区", "呼和浩特市", None),
        ("乌市", "新疆维吾尔自治区", "乌鲁木齐市", None),
        ("京朝阳区建国路1号", "北京市", "北京市", "朝阳区"),
        ("内蒙呼市新城区", "内蒙古自治区", "呼和浩特市", "新城区"),
    ],
)
def test_short_forms(text: str, province: str, city: str | None, district: str | None) -> None:
    r = parse(text)
    assert (r.province, r.city, r.district) == (province, city, district)


@pytest.mark.parametrize(
    ("text", "district", "span", "road"),
    [
        # districts named after a people are written without it: 管城区 for 管城回族区
        ("河南省郑州市管城区紫荆山路1号", "管城回族区", "管城区", "紫荆山路"),
        ("开封市顺河区东大街1号", "顺河回族区", "顺河区", "东大街"),
        ("洛阳瀍河区中州东路1号", "瀍河回族区", "瀍河区", "中州东路"),
        ("齐齐哈尔市梅里斯区雅尔塞路1号", "梅里斯达斡尔族区", "梅里斯区", "雅尔塞路"),
        # autonomous counties whose people is written without 族 (巴里坤哈萨克自治县)
        ("新疆巴里坤县花园路1号", "巴里坤哈萨克自治县", "巴里坤县", "花园路"),
        ("新疆塔什库尔干县帕米尔路1号", "塔什库尔干塔吉克自治县", "塔什库尔干县", "帕米尔路"),
        ("内蒙古鄂伦春旗阿里河镇", "鄂伦春自治旗", "鄂伦春旗", None),
        ("河北省孟村县辛店镇", "孟村回族自治县", "孟村县", None),
    ],
)
def test_ethnic_names_written_short(text: str, district: str, span: str, road: str | None) -> None:
    r = parse(text)
    assert (r.district, r.spans["district"], r.road) == (district, span, road)
    assert "retired_name" not in r.issues and "no_district" not in r.issues


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("郑州市高新区科学大道1号", "郑州高新技术产业开发区"),
        ("长春市经济技术开发区", "长春经济技术开发区"),
        ("兰州新区", "兰州新区"),
        ("沧州市渤海新区", "沧州渤海新区"),
    ],
)
def test_development_zones(text: str, district: str) -> None:
    assert parse(text).district == district


def test_old_suffix_and_moved_towns() -> None:
    r = parse("杭州市余杭区临平镇迎宾路1号")
    assert r.town == "临平街道" and r.district == "临平区"
    assert "redistricted" in r.issues
    r = parse("苍南县龙港镇站前路1号")
    assert r.district == "龙港市"


def test_hong_kong_macau_taiwan_are_flagged() -> None:
    r = parse("台湾省台北市中正区重庆南路1号")
    assert r.province == "台湾省" and "overseas" in r.issues and not r.valid


@pytest.mark.parametrize(
    ("text", "town", "span", "road"),
    [
        # the 街道 of 东莞 and 中山 (cities without districts) were districts once: 南城区
        ("广东省东莞市南城区鸿福路1号", "南城街道", "南城区", "鸿福路"),
        ("东莞市东城区东城大道1号", "东城街道", "东城区", "东城大道"),
        ("中山市石岐区湖滨路1号", "石岐街道", "石岐区", "湖滨路"),
        ("甘肃省嘉峪关市雄关区新华路1号", "雄关街道", "雄关区", "新华路"),
        # a 街道 whose short form already ends in 区 takes nothing more
        ("广东省中山市东区中山四路1号", "东区街道", "东区", "中山四路"),
    ],
)
def test_old_districts_of_cities_without_districts(
    text: str, town: str, span: str, road: str
) -> None:
    r = parse(text)
    assert (r.town, r.spans["town"], r.road, r.poi) == (town, span, road, None)


def test_beijing_districts_keep_their_names() -> None:
    # 东城区 is also what 东莞 calls its 东城街道: only after 东莞 does it read so
    r = parse("北京市东城区东华门街道1号")
    assert (r.district, r.town) == ("东城区", "东华门街道")
    r = parse("东城区建国门内大街1号")
    assert (r.city, r.district) == ("北京市", "东城区")


@pytest.mark.parametrize(
    ("text", "city", "road"),
    [
        # a two-character place name before a numbered road is the road's name
        ("广州市中山五路1号", "广州市", "中山五路"),
        ("上海市黄浦区中山东一路1号", "上海市", "中山东一路"),
        ("四川省成都市高新区天府二街1号", "成都市", "天府二街"),
        ("浙江省平湖市新兴三路1号", "嘉兴市", "新兴三路"),
        # a longer one is a place the road lies in
        ("河北省白沟新城五一路1号", "保定市", "五一路"),
    ],
)
def test_numbered_roads_named_after_places(text: str, city: str, road: str) -> None:
    r = parse(text)
    assert (r.city, r.road) == (city, road)
    assert r.town is None


@pytest.mark.parametrize(
    ("text", "road"),
    [
        ("临江工业园区纬五路1号", "纬五路"),  # grid roads: one character before the numeral
        ("盐仓经济开发区新一路1号", "新一路"),  # not across the zone's 区
        ("西湖科技园西园三路1号", "西园三路"),  # 园 inside the name stays
        ("钱江鞋城北三路1号", "北三路"),
        ("梁辉开发区东区中山东三路", "中山东三路"),  # a direction after the name
        ("白沟新城五一路1号", "五一路"),  # numerals that are the name
        ("园区十二路1号", "十二路"),
    ],
)
def test_numbered_road_names(text: str, road: str) -> None:
    assert parse(text).road == road


def test_local_names_of_districts() -> None:
    r = parse("内蒙古包头市昆区钢铁大街1号")
    assert (r.district, r.spans["district"], r.road) == ("昆都仑区", "昆区", "钢铁大街")
    assert parse("昆区钢铁大街1号").district is None  # only after 包头


@pytest.mark.parametrize("text", ["西安市高新区科技路1号", "西安市老城区", "广州市开发区"])
def test_zone_words_are_not_misspelt_districts(text: str) -> None:
    # 高新区 is one character off 高陵区, a county of 西安: not a typo of it
    r = parse(text)
    assert r.district is None and "typo_corrected" not in r.issues


@pytest.mark.parametrize(
    ("text", "district", "road"),
    [
        # a town or district named after a city gate, before the gate's road: the road's name
        ("北京市朝阳区建国门外大街1号", "朝阳区", "建国门外大街"),  # not 东城区 建国门街道
        ("北京市朝阳区朝阳门外大街1号", "朝阳区", "朝阳门外大街"),
        ("北京市东城区朝阳门北大街1号", "东城区", "朝阳门北大街"),
        ("北京市西城区德胜门外大街1号", "西城区", "德胜门外大街"),
        ("北京市东城区建国门内大街1号", "东城区", "建国门内大街"),
    ],
)
def test_gate_roads(text: str, district: str, road: str) -> None:
    r = parse(text)
    assert (r.district, r.town, r.road) == (district, None, road)
    assert "redistricted" not in r.issues


@pytest.mark.parametrize(
    ("text", "road", "road_no"),
    [
        ("福建省厦门市思明区鹭江道1号", "鹭江道", "1号"),  # 道 before a house number
        ("天津市和平区成都道100号", "成都道", "100号"),
        ("天津市南开区鞍山西道1号", "鞍山西道", "1号"),
        ("四川省成都市武侯区人民南路四段1号", "人民南路四段", "1号"),  # a numbered section
    ],
)
def test_roads_called_dao_and_sections(text: str, road: str, road_no: str) -> None:
    r = parse(text)
    assert (r.road, r.road_no, r.poi) == (road, road_no, None)


def test_a_town_called_jiedao_is_not_a_road() -> None:
    r = parse("杭州市西湖区文新街道1号")
    assert (r.town, r.road) == ("文新街道", None)


@pytest.mark.parametrize(
    ("text", "town", "village", "poi"),
    [
        # a village or community named after its town, right after the town
        ("河北省保定市定兴县北河镇北河村", "北河镇", "北河村民委员会", None),
        ("湖北省咸宁市通山县洪港镇洪港村三组", "洪港镇", "洪港村委会", "3组"),
        ("浙江省杭州市余杭区良渚街道良渚社区", "良渚街道", "良渚社区", None),
        ("湖南省长沙市望城区乔口镇乔口居委会", "乔口镇", "乔口居委会", None),
    ],
)
def test_villages_named_after_their_town(
    text: str, town: str, village: str, poi: str | None
) -> None:
    r = parse(text)
    assert (r.town, r.village, r.poi) == (town, village, poi)


def test_a_village_named_after_a_town_still_tells_the_town() -> None:
    # no town written: 前仓村 lies in 前仓镇, which is what the name gives
    assert parse("浙江省金华市永康市前仓村花园路1号").town == "前仓镇"
    assert parse("西丽社区西园弄1号").town == "西丽街道"


@pytest.mark.parametrize(
    ("text", "city", "district"),
    [
        # retired names that a place of today elsewhere still bears: under their old city
        ("广州市东山区农林下路1号", "广州市", "越秀区"),  # 东山区 until 2005; 鹤岗 has one
        ("江苏省淮阴市清河区", "淮安市", "清江浦区"),  # 铁岭 has a 清河区
        ("梧州市白云区", "梧州市", "万秀区"),
        # renamed where another city of the province keeps the name (襄都区 since 2020)
        ("河北省邢台市桥东区", "邢台市", "襄都区"),
        ("伊春市东风区", "伊春市", "汤旺县"),
        # the successor that kept the name, not the one that took a part
        ("黑龙江省哈尔滨市呼兰县", "哈尔滨市", "呼兰区"),
        ("河南省淮阳县", "周口市", "淮阳区"),
        ("浙江省宁波市鄞县", "宁波市", "鄞州区"),  # a one-character name: 鄞县, not 海曙区
        ("重庆市巴县", "重庆市", "巴南区"),
        ("浙江省衢县", "衢州市", "衢江区"),
    ],
)
def test_retired_names_that_live_on_elsewhere(text: str, city: str, district: str) -> None:
    r = parse(text)
    assert (r.city, r.district) == (city, district)
    assert "retired_name" in r.issues


@pytest.mark.parametrize(
    ("text", "city", "district"),
    [
        ("辽宁省铁岭市清河区", "铁岭市", "清河区"),
        ("清河区", "铁岭市", "清河区"),  # nothing decides: the place of today
        ("黑龙江省鹤岗市东山区", "鹤岗市", "东山区"),
        ("天津市河西区", "天津市", "河西区"),
        ("河北省桥东区", "张家口市", "桥东区"),  # the province alone: the place of today
        ("河南省义马市", "三门峡市", "义马市"),
    ],
)
def test_current_names_win_over_retired_namesakes(text: str, city: str, district: str) -> None:
    r = parse(text)
    assert (r.city, r.district) == (city, district)
    assert "retired_name" not in r.issues


@pytest.mark.parametrize(
    ("text", "road", "village"),
    [
        # a committee named after its road: the road, when a house number follows
        ("上海市闵行区七宝镇漕宝路3366号", "漕宝路", None),
        ("上海市闵行区七宝镇漕宝路居委会", None, "漕宝路居委会"),
        # 沪 and 京 inside the text are part of a road's name, not Shanghai again
        ("上海市闵行区七宝镇沪松公路1号", "沪松公路", None),
        ("上海市闵行区沪闵路1号", "沪闵路", None),
    ],
)
def test_roads_that_look_like_committees_or_abbreviations(
    text: str, road: str | None, village: str | None
) -> None:
    r = parse(text)
    assert (r.road, r.village) == (road, village)


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("江苏省苏州市高新区", "虎丘区"),  # 苏州高新区, one with 虎丘区
        ("江苏省无锡市高新区", "新吴区"),
        ("浙江省杭州市高新区江南大道1号", "滨江区"),  # 杭州高新区 (滨江)
        ("浙江省高新区广贤路1号", None),  # a zone word after a province only: which city's?
        ("四川省成都市天府新区", None),  # not the town 天府街道 (温江区)
    ],
)
def test_zones_known_by_their_city(text: str, district: str | None) -> None:
    r = parse(text)
    assert r.district == district and r.town is None


@pytest.mark.parametrize(
    ("text", "city", "district", "span"),
    [
        # prefectures that became cities, written as they were (ID cards issued before)
        ("贵州省铜仁地区碧江区", "铜仁市", "碧江区", "铜仁地区"),
        ("西藏自治区那曲地区那曲县", "那曲市", "色尼区", "那曲地区"),
        # the Corps and its divisions name no division of their own
        ("新疆生产建设兵团第八师石河子市", "石河子市", "石河子市", None),
        ("新疆兵团第一师阿拉尔市", "阿拉尔市", "阿拉尔市", None),
    ],
)
def test_old_prefectures_and_the_corps(
    text: str, city: str, district: str, span: str | None
) -> None:
    r = parse(text)
    assert (r.city, r.district, r.poi) == (city, district, None)
    if span:
        assert r.spans["city"] == span


def test_a_county_short_form_of_today_beats_a_retired_name() -> None:
    # 梅县 is 梅县区 today; the 1983 split gave part of the old 梅县 to 梅江区
    for text in ("梅县", "广东省梅县", "广东省梅州市梅县"):
        assert parse(text).district == "梅县区", text


@pytest.mark.parametrize(
    ("text", "road", "road_no", "room"),
    [
        # a lane and the house in it are the number: nothing of it is lost
        ("上海市徐汇区宛平南路100弄5号301室", "宛平南路", "100弄5号", "301室"),
        ("上海市闵行区七宝镇沪松公路1000弄20号", "沪松公路", "1000弄20号", None),
    ],
)
def test_lanes_are_kept(text: str, road: str, road_no: str, room: str | None) -> None:
    r = parse(text)
    assert (r.road, r.road_no, r.room) == (road, road_no, room)
    assert road + road_no in r.text()


@pytest.mark.parametrize(
    ("text", "district", "road"),
    [
        # a place's name, one more character, then 路: a road named after the place
        ("杭州市余杭塘路1号", None, "余杭塘路"),
        ("浙江省温州市瑞安市南滨江路1号", "瑞安市", "南滨江路"),
        # the place's own 新街, 横街: the place, then its street
        ("浙江省台州市黄岩区横街路1号", "黄岩区", "横街路"),
    ],
)
def test_roads_named_after_a_place(text: str, district: str | None, road: str) -> None:
    r = parse(text)
    assert (r.district, r.road) == (district, road)


@pytest.mark.parametrize(
    ("text", "poi"),
    [
        # a short name read again, opening a company's or a building's name: kept in it
        ("浙江省杭州市拱墅区杭州南方机电", "杭州南方机电"),
        ("浙江省温州市鹿城区温州时代广场0楼", "温州时代广场"),
    ],
)
def test_a_name_that_opens_a_poi_stays_in_it(text: str, poi: str) -> None:
    r = parse(text)
    assert r.poi == poi and poi in r.text()


def test_a_repeated_division_before_a_road_is_still_a_repeat() -> None:
    r = parse("杭州市杭州市大学路100号")
    assert (r.city, r.road, r.poi) == ("杭州市", "大学路", None)
