"""One real address per province-level division: divisions, road and number come out right."""

from __future__ import annotations

import pytest

from songda.address import parse

CASES = [
    ("北京市东城区东华门街道王府井大街1号", "北京市", "北京市", "东城区", "王府井大街"),
    ("天津市和平区南京路100号", "天津市", "天津市", "和平区", "南京路"),
    ("河北省石家庄市长安区中山东路1号", "河北省", "石家庄市", "长安区", "中山东路"),
    ("山西省太原市小店区长治路100号", "山西省", "太原市", "小店区", "长治路"),
    ("内蒙古自治区呼和浩特市新城区新华大街1号", "内蒙古自治区", "呼和浩特市", "新城区", "新华大街"),
    ("辽宁省沈阳市和平区南京北街1号", "辽宁省", "沈阳市", "和平区", "南京北街"),
    ("吉林省长春市朝阳区人民大街100号", "吉林省", "长春市", "朝阳区", "人民大街"),
    ("黑龙江省哈尔滨市南岗区西大直街1号", "黑龙江省", "哈尔滨市", "南岗区", "西大直街"),
    ("上海市静安区南京西路100号", "上海市", "上海市", "静安区", "南京西路"),
    ("江苏省南京市鼓楼区中山北路1号", "江苏省", "南京市", "鼓楼区", "中山北路"),
    ("浙江省杭州市西湖区文三路100号", "浙江省", "杭州市", "西湖区", "文三路"),
    ("安徽省合肥市蜀山区长江西路1号", "安徽省", "合肥市", "蜀山区", "长江西路"),
    ("福建省福州市鼓楼区五四路1号", "福建省", "福州市", "鼓楼区", "五四路"),
    ("江西省南昌市东湖区八一大道1号", "江西省", "南昌市", "东湖区", "八一大道"),
    ("山东省济南市历下区泉城路1号", "山东省", "济南市", "历下区", "泉城路"),
    ("河南省郑州市金水区花园路1号", "河南省", "郑州市", "金水区", "花园路"),
    ("湖北省武汉市武昌区中南路1号", "湖北省", "武汉市", "武昌区", "中南路"),
    ("湖南省长沙市岳麓区麓山南路1号", "湖南省", "长沙市", "岳麓区", "麓山南路"),
    ("广东省广州市天河区天河路100号", "广东省", "广州市", "天河区", "天河路"),
    ("广西壮族自治区南宁市青秀区民族大道1号", "广西壮族自治区", "南宁市", "青秀区", "民族大道"),
    ("海南省海口市龙华区滨海大道1号", "海南省", "海口市", "龙华区", "滨海大道"),
    ("重庆市渝中区民族路1号", "重庆市", "重庆市", "渝中区", "民族路"),
    ("四川省成都市武侯区人民南路1号", "四川省", "成都市", "武侯区", "人民南路"),
    ("贵州省贵阳市云岩区中华北路1号", "贵州省", "贵阳市", "云岩区", "中华北路"),
    ("云南省昆明市五华区东风西路1号", "云南省", "昆明市", "五华区", "东风西路"),
    ("西藏自治区拉萨市城关区北京中路1号", "西藏自治区", "拉萨市", "城关区", "北京中路"),
    ("陕西省西安市雁塔区长安南路1号", "陕西省", "西安市", "雁塔区", "长安南路"),
    ("甘肃省兰州市城关区东岗西路1号", "甘肃省", "兰州市", "城关区", "东岗西路"),
    ("青海省西宁市城西区五四大街1号", "青海省", "西宁市", "城西区", "五四大街"),
    ("宁夏回族自治区银川市兴庆区解放西街1号", "宁夏回族自治区", "银川市", "兴庆区", "解放西街"),
    (
        "新疆维吾尔自治区乌鲁木齐市天山区人民路1号",
        "新疆维吾尔自治区",
        "乌鲁木齐市",
        "天山区",
        "人民路",
    ),
]


@pytest.mark.parametrize(
    ("text", "province", "city", "district", "road"), CASES, ids=[c[1] for c in CASES]
)
def test_every_province(text: str, province: str, city: str, district: str, road: str) -> None:
    r = parse(text)
    assert (r.province, r.city, r.district) == (province, city, district)
    assert r.road == road
    assert r.road_no is not None and r.road_no.endswith("号")
    assert r.valid and r.level == "road_no"
    assert r.adcode is not None and len(r.adcode) >= 6
    assert "ambiguous" not in r.issues
    assert r.spans["district"] == district


def test_all_31_provinces_covered() -> None:
    assert len({c[1] for c in CASES}) == 31


@pytest.mark.parametrize(
    ("text", "district", "city"),
    [
        ("浙江杭州余杭区良渚街道", "余杭区", "杭州市"),
        ("广东深圳南山区粤海街道", "南山区", "深圳市"),
        ("东莞市虎门镇连升路1号", None, "东莞市"),  # a city without counties
        ("海南省儋州市那大镇", None, "儋州市"),
    ],
)
def test_short_province_and_city_names(text: str, district: str | None, city: str) -> None:
    r = parse(text)
    assert r.city == city
    assert r.district == district
    assert r.town is not None
