"""Accuracy rules found on CCKS 2021: re-read chains, prefectures written as their seat,
typo'd counties, doubled suffixes, transpositions and contradicting city names."""

from __future__ import annotations

import pytest

from songda.address import issues as I
from songda.address import parse


def _divs(text: str) -> tuple[str | None, ...]:
    r = parse(text)
    return (r.province, r.city, r.district, r.town)


# ---- a division written again later in the text -------------------------------------------


@pytest.mark.parametrize(
    ("text", "divs", "spans"),
    [
        (
            "壶山街道浙江省武义县壶山街道创业巷1号",
            ("浙江省", "金华市", "武义县", "壶山街道"),
            {"province": "浙江省", "district": "武义县", "town": "壶山街道"},
        ),
        (
            "堂二里镇河北省霸州市堂二里镇尹华山村",
            ("河北省", "廊坊市", "霸州市", "堂二里镇"),
            {"province": "河北省", "district": "霸州市", "town": "堂二里镇"},
        ),
        (
            "溧城镇溧阳市溧城镇平陵广场",
            ("江苏省", "常州市", "溧阳市", "溧城街道"),
            {"district": "溧阳市", "town": "溧城镇"},
        ),
    ],
)
def test_upper_levels_written_after_a_town_get_their_span(
    text: str, divs: tuple[str, ...], spans: dict[str, str]
) -> None:
    r = parse(text)
    assert _divs(text) == divs
    for key, span in spans.items():
        assert r.spans[key] == span
        assert r.notes.get(key) != "inferred"
    if "province" in spans:
        assert "inferred_upper" not in r.issues or r.notes.get("city") == "inferred"


def test_leading_noise_is_dropped_when_the_full_chain_follows() -> None:
    # 城区 alone is ambiguous (阳泉, 晋城); the chain after it decides
    r = parse("城区山西省河津市天都大酒店")
    assert (r.province, r.city, r.district) == ("山西省", "运城市", "河津市")
    assert r.spans["district"] == "河津市" and "ambiguous" not in r.issues
    r = parse("城区街道云南省红河哈尼族彝族自治州个旧市七层楼金湖小学")
    assert (r.city, r.district) == ("红河哈尼族彝族自治州", "个旧市")
    assert "ambiguous" not in r.issues


def test_a_re_read_keeps_its_flags() -> None:
    # 八里镇 belongs to 扬州经济技术开发区 today: the text's 邗江区 is kept as the span
    r = parse("八里镇江苏扬州市邗江区八里镇扬州二电厂")
    assert r.district == "扬州经济技术开发区" and r.spans["district"] == "邗江区"
    assert "redistricted" in r.issues


def test_no_restart_without_an_upper_level() -> None:
    # the same level written twice, and a plain chain: unchanged
    assert _divs("杭州市杭州市西湖区文三路1号") == ("浙江省", "杭州市", "西湖区", None)
    r = parse("西湖区文三路1号")
    assert "ambiguous" in r.issues and r.city is None
    # a town followed by a road, not by divisions
    r = parse("壶山街道创业巷1号")
    assert r.district == "武义县" and r.spans["district"] is None


# ---- a county-level city written where its prefecture goes ---------------------------------


@pytest.mark.parametrize(
    ("text", "city", "span", "district"),
    [
        ("湖南省吉首市保靖县迁陵镇松月园", "湘西土家族苗族自治州", "吉首市", "保靖县"),
        ("贵州省都匀市瓮安县永和镇黑山村", "黔南布依族苗族自治州", "都匀市", "瓮安县"),
    ],
)
def test_seat_written_as_prefecture_keeps_its_span(
    text: str, city: str, span: str, district: str
) -> None:
    r = parse(text)
    assert (r.city, r.district) == (city, district)
    assert r.spans["city"] == span
    assert r.notes["city"] == f"{span}→{city}"
    assert "inferred_upper" not in r.issues


def test_seat_rule_not_used_when_the_prefecture_is_written() -> None:
    r = parse("浙江省金华市义乌市东阳市吴宁街道")
    assert (r.city, r.district) == ("金华市", "东阳市")
    assert r.spans["city"] == "金华市"
    # a town that has become a county-level city is not a prefecture
    r = parse("苍南县龙港镇龙翔路")
    assert r.district == "龙港市" and r.spans["city"] is None


# ---- a typo'd county between a city and the town that decides it ---------------------------


@pytest.mark.parametrize(
    ("text", "district", "span"),
    [
        ("宁波丰化市松岙镇湖头杜村", "奉化区", "丰化市"),  # same sound, old suffix
        ("台州台县白鹤镇九龙街1号", "天台县", "台县"),  # a character missing
        ("菏泽市鄂城县武安镇孙楼村", "郓城县", "鄂城县"),  # one character wrong
    ],
)
def test_typo_county_before_its_town(text: str, district: str, span: str) -> None:
    r = parse(text)
    assert r.district == district
    assert r.spans["district"] == span
    assert "typo_corrected" in r.issues
    assert r.notes["district"] == f"{span}→{district}"
    assert r.notes.get("district") != "inferred"


@pytest.mark.parametrize("text", ["宁波市某某区松岙镇湖头杜村", "宁波市北仑区松岙镇湖头杜村"])
def test_unrelated_text_before_a_town_is_not_corrected(text: str) -> None:
    r = parse(text)
    assert r.town == "松岙镇"
    assert "typo_corrected" not in r.issues
    assert r.spans["district"] in (None, "北仑区")


# ---- doubled suffixes, swapped characters -------------------------------------------------


def test_doubled_suffix_is_skipped() -> None:
    r = parse("宁波市市江东区王家车头")
    assert (r.city, r.district) == ("宁波市", "鄞州区")
    assert r.spans["district"] == "江东区"
    # 市中区 is a name, not a doubled 市
    r = parse("济南市市中区经二路1号")
    assert r.district == "市中区" and r.spans["district"] == "市中区"


def test_swapped_characters_in_scope() -> None:
    r = parse("北京淀海区昆明湖南路甲八号")
    assert r.district == "海淀区" and r.spans["district"] == "淀海区"
    assert "typo_corrected" in r.issues and r.notes["district"] == "淀海区→海淀区"


def test_swaps_need_a_scope_and_a_unique_answer() -> None:
    # no province or city before it: no swap correction
    r = parse("淀海区昆明湖南路1号")
    assert r.district != "海淀区"
    # a swap that names nothing under the scope: unchanged
    r = parse("浙江省州杭市西湖区")
    assert "typo_corrected" not in r.issues or r.city != "州杭市"


# ---- a full chain contradicting a city read before it -------------------------------------


def test_full_chain_outweighs_a_short_city_before_it() -> None:
    r = parse("温州广州市荔湾区站前路1号")
    assert (r.province, r.city, r.district) == ("广东省", "广州市", "荔湾区")
    assert "contradiction" in r.issues and r.notes["contradiction"] == "温州"


def test_district_and_town_outweigh_a_city_one_character_off() -> None:
    r = parse("兰州市路桥区峰江街道朝阳村")
    assert (r.city, r.district, r.town) == ("台州市", "路桥区", "峰江街道")
    assert r.spans["city"] == "兰州市" and r.notes["city"] == "兰州市→台州市"
    assert "typo_corrected" in r.issues


def test_one_name_alone_does_not_overturn_the_city() -> None:
    # 路桥区 with nothing under it: the city read first stays
    r = parse("兰州市路桥区")
    assert r.city == "兰州市" and r.district is None
    # a district of the city read: ordinary chain
    r = parse("兰州市城关区皋兰路1号")
    assert (r.city, r.district) == ("兰州市", "城关区") and "contradiction" not in r.issues


def test_contradicting_city_one_character_off_is_a_typo_in_either_rule() -> None:
    r = parse("衢州德清县武康镇诗营城")
    assert (r.city, r.district) == ("湖州市", "德清县")
    assert r.spans["city"] == "衢州" and "typo_corrected" in r.issues
    # not close: a contradiction, the county still decides
    r = parse("杭州市柯桥区万商路1号")
    assert (r.city, r.district) == ("绍兴市", "柯桥区")
    assert "contradiction" in r.issues and r.spans["city"] is None


# ---- autonomous prefectures and counties with a misspelt name -----------------------------


@pytest.mark.parametrize(
    ("text", "key", "span", "name"),
    [
        ("云南省红河尼族鳞族自治州锰自市", "city", "红河尼族鳞族自治州", "红河哈尼族彝族自治州"),
        ("云南省红河洲元阳县新街镇", "city", "红河洲", "红河哈尼族彝族自治州"),
        ("吉林省朝鲜族延边自治州和龙市人民大街", "city", "朝鲜族延边自治州", "延边朝鲜族自治州"),
        ("云南省澜沧拉沽族自治县富东乡邦崴村", "district", "澜沧拉沽族自治县", "澜沧拉祜族自治县"),
    ],
)
def test_misspelt_autonomous_names(text: str, key: str, span: str, name: str) -> None:
    r = parse(text)
    assert getattr(r, key) == name
    assert r.spans[key] == span
    assert r.notes[key] == f"{span}→{name}" and "typo_corrected" in r.issues


def test_autonomous_names_written_right_are_not_typos() -> None:
    r = parse("云南省红河州元阳县新街镇")
    assert r.spans["city"] == "红河州" and "typo_corrected" not in r.issues
    r = parse("云南省红河哈尼族彝族自治州蒙自市")
    assert r.district == "蒙自市" and "typo_corrected" not in r.issues
    # a short form followed by an unrelated 自治县 name is not absorbed
    r = parse("吉林省延边和龙市")
    assert r.spans["city"] == "延边" and "typo_corrected" not in r.issues


# ---- municipalities, later text ------------------------------------------------------------


def test_municipality_alone_has_its_city() -> None:
    for text, name in (("北京市", "北京市"), ("上海", "上海市"), ("重庆市某某路1号", "重庆市")):
        r = parse(text)
        assert (r.province, r.city) == (name, name)
    r = parse("浙江省")
    assert r.city is None


def test_ambiguous_town_narrowed_by_a_city_named_later() -> None:
    r = parse("新桥街道六虹桥路温州鹿城仓储基地1栋")
    assert (r.city, r.district, r.town) == ("温州市", "瓯海区", "新桥街道")
    assert "ambiguous" not in r.issues
    # nothing later that decides: still ambiguous
    r = parse("城关镇人民路1号")
    assert "ambiguous" in r.issues and r.city is None


def test_county_written_further_on_completes_a_chain_that_stops_at_the_city() -> None:
    r = parse("杭州市绍兴路100号杭州市下城区晨曦复印店")
    assert (r.city, r.district) == ("杭州市", "拱墅区")
    assert r.spans["district"] == "下城区" and "retired_name" in r.issues
    r = parse("浙江省杭州市水湘苑1幢2单元江干区")
    assert r.district == "上城区" and r.spans["district"] == "江干区"


def test_no_county_further_on_when_the_text_is_not_decisive() -> None:
    # two different counties further on: none taken
    r = parse("杭州市文三路1号西湖区上城区")
    assert r.city == "杭州市" and r.district is None
    # a county of another city further on: not taken
    r = parse("杭州市文三路1号鄞州区")
    assert r.city == "杭州市" and r.district is None
    # a short form further on is not enough
    r = parse("杭州市文三路1号西湖边")
    assert r.district is None


# ---- development zones missing from the official lists -------------------------------------


@pytest.mark.parametrize(
    ("text", "district", "span"),
    [
        ("绍兴市袍江群贤东路1号", "越城区", "袍江"),
        ("浙江省绍兴市镜湖新区凤林西路1号", "越城区", "镜湖新区"),
        ("杭州市大江东区前进街道长安福特", "钱塘区", "大江东区"),
        ("宁波杭州湾新区滨海四路1号", "慈溪市", "杭州湾新区"),
    ],
)
def test_extra_development_zones_under_their_city(text: str, district: str, span: str) -> None:
    r = parse(text)
    assert r.district == district and r.spans["district"] == span


def test_extra_development_zones_need_their_city() -> None:
    assert parse("袍江工业区中兴大道1号").district is None
    # 镜湖新区 under 芜湖 is still 芜湖's 镜湖区 (its former 新区 name)
    r = parse("芜湖市镜湖新区")
    assert (r.city, r.district) == ("芜湖市", "镜湖区")


def test_generic_zone_word_after_noise_is_not_a_town_of_another_county() -> None:
    # 平阳县 has a town called 开发区: not what 温州市…滨海经济技术开发区 means
    r = parse("浙江省温州市其它区滨海经济技术开发区金海大道1号")
    assert r.city == "温州市" and r.district is None and r.town is None
    # written under its county, it is that town
    r = parse("浙江省温州市平阳县开发区金海大道1号")
    assert (r.district, r.town) == ("平阳县", "开发区")


# ---- names with numerals the normaliser rewrites ------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "name"),
    [
        ("河南省郑州市二七区德化街街道人民路1号", "district", "二七区"),
        ("郑州二七区人民路1号", "district", "二七区"),
        ("天津市河东区二号桥街道", "town", "二号桥街道"),
        ("广西河池市大化县七百弄乡", "town", "七百弄乡"),
    ],
)
def test_division_names_with_numerals(text: str, key: str, name: str) -> None:
    r = parse(text)
    assert getattr(r, key) == name
    assert r.spans[key] == name  # the span maps back to the text as written


def test_numbered_zone_without_its_parent_is_detail() -> None:
    r = parse("27区5栋2单元")
    assert r.district is None and r.building == "5栋"


def test_a_swap_beats_a_one_character_neighbour() -> None:
    r = parse("北京市平昌区府学路1号")  # 昌平区 swapped, not 平谷区 (one character off)
    assert r.district == "昌平区" and r.notes["district"] == "平昌区→昌平区"
    r = parse("天津市开南区卫津路1号")  # 南开区, not 津南区
    assert r.district == "南开区"
    # one swapped name shared by several places: ambiguous, not another name
    r = parse("河北省西桥区人民路1号")
    assert r.district == "桥西区" and "ambiguous" in r.issues and r.city is None
    # a true one-character typo is still corrected by the fuzzy match
    r = parse("北京市海定区中关村大街1号")
    assert r.district == "海淀区"


def test_city_proper_is_part_of_the_city_span() -> None:
    r = parse("广东省惠州市区博罗县福田镇")
    assert (r.city, r.district) == ("惠州市", "博罗县") and r.spans["city"] == "惠州市区"
    r = parse("浙江温州市区")
    assert r.city == "温州市" and r.poi is None and r.detail is None
    # 新市区 is a district name, not 市区
    r = parse("乌鲁木齐市新市区新联路1号")
    assert r.district == "新市区" and r.spans["city"] == "乌鲁木齐市"


# ---- development zones known by a name of their own --------------------------------------


@pytest.mark.parametrize(
    ("text", "divs", "span"),
    [
        # a zone opening the text, named by a name of its own: not 临城县 (河北)
        ("临城新区海宇道1号", ("浙江省", "舟山市", "定海区"), "临城新区"),
        ("杭州湾新区滨海四路1号", ("浙江省", "宁波市", "慈溪市"), "杭州湾新区"),
        ("舟山临城新区千岛路1号", ("浙江省", "舟山市", "定海区"), "临城新区"),
        # 苏州新区 is 虎丘区, 无锡新区 is 新吴区: "新区" right after the city
        ("江苏省苏州市新区横山路1号", ("江苏省", "苏州市", "虎丘区"), "新区"),
        ("无锡市新区长江路1号", ("江苏省", "无锡市", "新吴区"), "新区"),
    ],
)
def test_zones_with_names_of_their_own(text: str, divs: tuple[str, str, str], span: str) -> None:
    r = parse(text)
    assert (r.province, r.city, r.district) == divs
    assert r.spans["district"] == span


def test_generic_zone_words_stay_vague() -> None:
    # 新区 means 虎丘区 only after 苏州 (and 新吴区 after 无锡); elsewhere it names nothing
    assert parse("新区大道1号").district is None
    assert parse("杭州市新区路1号").district is None
    assert parse("南京市新区1号").district is None
    assert parse("经济开发区1号").district is None


# ---- 城区 after a county, towns and retired names further on, sound-near typos -------------


@pytest.mark.parametrize(
    ("text", "district", "town"),
    [
        ("浙江台州市温岭市城区太平街道人民西路1号", "温岭市", "太平街道"),
        ("浙江温州市瓯海区城区中州路1号", "瓯海区", None),
        ("浙江台州市黄岩区城区澄江镇镇政府", "黄岩区", "澄江街道"),
    ],
)
def test_chengqu_after_a_county_is_part_of_its_name(
    text: str, district: str, town: str | None
) -> None:
    r = parse(text)
    assert (r.district, r.town) == (district, town)
    assert r.spans["district"] == district + "城区"
    assert r.poi != "城区" and "城区" not in (r.detail or "")


@pytest.mark.parametrize(
    ("text", "district", "town"),
    [
        # counties with a town called 城区 (街道): the town is read
        ("河北省廊坊市永清县城区永安路1号", "永清县", "城区街道"),
        ("山西省晋中市榆社县城区箕城路1号", "榆社县", "城区"),
    ],
)
def test_a_town_called_chengqu_stays_a_town(text: str, district: str, town: str) -> None:
    r = parse(text)
    assert (r.district, r.town) == (district, town)
    assert r.spans["district"] == district


def test_a_town_written_in_full_further_on_decides_the_county() -> None:
    r = parse("杭州电子科技大学信息工程学院临安青山湖街道胜联路1号")
    assert (r.city, r.district, r.town) == ("杭州市", "临安区", "青山湖街道")
    # two different towns further on decide nothing
    r = parse("杭州市万家花园小区东门旁边仓前街道或青山湖街道")
    assert (r.city, r.district, r.town) == ("杭州市", None, None)


@pytest.mark.parametrize(
    ("text", "district"),
    [("杭州市江士区万家花园", "上城区"), ("北京市宣午区某路1号", "西城区")],
)
def test_a_misspelt_retired_county_under_its_city(text: str, district: str) -> None:
    r = parse(text)
    assert r.district == district
    assert I.TYPO_CORRECTED in r.issues


def test_a_two_character_county_without_its_suffix_before_one_of_its_towns() -> None:
    r = parse("山东省单谢集乡袁新庄行政村大朱庄1号")
    assert (r.city, r.district, r.town) == ("菏泽市", "单县", "谢集镇")
    assert r.spans["district"] == "单"
    # no town of 和县 follows: nothing read
    assert parse("安徽省和平路1号").district is None


@pytest.mark.parametrize(
    ("text", "district", "town"),
    [
        # 嗄 (a) sounds nearer 嘎 (ga) than 迦 (jia): 萨嘎县, not 萨迦县
        ("西藏日喀则市萨嗄县兴隆饭店", "萨嘎县", None),
        # 临 (lin) and 灵 (ling): the seat of 苍南县
        ("苍南县临溪镇大门路1号", "苍南县", "灵溪镇"),
    ],
)
def test_the_nearest_sounding_name_breaks_a_tie_under_a_known_place(
    text: str, district: str, town: str | None
) -> None:
    r = parse(text)
    assert (r.district, r.town) == (district, town)
    assert I.TYPO_CORRECTED in r.issues


def test_no_sound_tie_break_without_a_place_read_before() -> None:
    # a market, not 莆田市; a military district, not a county of 台湾
    assert parse("福田市场1期A区").city is None
    assert parse("省军区农副业基地").district is None


@pytest.mark.parametrize(
    ("text", "district", "town"),
    [
        ("下沙区四号大街东海未名园", "钱塘区", None),
        ("杭州市下沙开发区松乔路1号", "钱塘区", None),
        ("浙江省杭州市老余杭欣龙华府", "余杭区", "余杭街道"),
    ],
)
def test_local_names_of_zones_and_towns(text: str, district: str, town: str | None) -> None:
    r = parse(text)
    assert (r.city, r.district, r.town) == ("杭州市", district, town)


def test_a_town_name_written_with_digits_does_not_open_an_address() -> None:
    assert parse("27区大学路1号").district is None


def test_a_county_name_that_sounds_exactly_the_same_after_its_city() -> None:
    # 带领 (dai ling) is 带岭 (retired 带岭区, 大箐山县 today); 阜阳 (fu yang) under 杭州 is 富阳
    r = parse("黑龙江伊春带领维纳斯影楼")
    assert (r.city, r.district) == ("伊春市", "大箐山县")
    assert I.TYPO_CORRECTED in r.issues and r.spans["district"] == "带领"
    r = parse("杭州阜阳灵桥镇董家桥村1号")
    assert (r.district, r.town) == ("富阳区", "灵桥镇") and r.spans["district"] == "阜阳"
    # a word a place name is often part of, or a road after it: nothing read
    assert parse("杭州商城1楼").district is None
    assert parse("杭州市商城路1号").district is None
