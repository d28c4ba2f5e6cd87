"""Phone normalisation and the compiled prefix / area-code table.

Expected cities were read from ../shared/data/phone/mobile_prefix_2023-12.csv.gz while
writing these tests (e.g. ``1381234,江苏,连云港,222000,0518,移动``) and hard-coded here.
"""

from __future__ import annotations

import pytest

from songda.address import phone_table
from songda.address.identity import (
    extract_phones,
    mask_phone,
    normalize_phone,
    phone_location,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (13812345678.0, "13812345678"),
        (13812345678, "13812345678"),
        ("13812345678.0", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        (" 13812345678 ", "13812345678"),
        ("0571-88888888", "0571-88888888"),
        ("057188888888", "0571-88888888"),
        ("(0571)88888888", "0571-88888888"),
        ("（0571）8888 8888", "0571-88888888"),
        ("010-88888888", "010-88888888"),
        ("010 8888 8888转123", "010-88888888"),
        ("0755-2888888", "0755-2888888"),
        ("０５７１－８８８８８８８８", "0571-88888888"),
        (57188888888.0, "0571-88888888"),  # Excel dropped the leading 0
        ("400-800-1234", "4008001234"),
        ("+86 571 8888 8888", "0571-88888888"),
        ("+86-10-88888888", "010-88888888"),
        ("0086 21 6888 8888", "021-68888888"),
        ("013812345678", "13812345678"),
    ],
)
def test_normalize_phone(value: object, expected: str) -> None:
    assert normalize_phone(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "无",
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "12812345678",  # no 12x mobiles
        "88888888",  # local number without area code
        "13812345678/13912345678",  # two numbers: use extract_phones
        "0571-01234567",  # local numbers do not start with 0
        13812345678.5,
        float("nan"),
        float("inf"),
        -13812345678,
        True,
        ["13812345678"],
        "57188888888",  # text without a 0 is not a landline (only numeric cells lose it)
    ],
)
def test_normalize_phone_rejects(value: object) -> None:
    assert normalize_phone(value) is None


@pytest.mark.parametrize(
    ("phone", "province", "city", "adcode", "area_code"),
    [
        ("13812345678", "江苏省", "连云港市", "3207", "0518"),
        ("13905710000", "浙江省", "杭州市", "3301", "0571"),
        ("13000000000", "山东省", "济南市", "3701", "0531"),
        ("13000010000", "江苏省", "常州市", "3204", "0519"),
        ("15311110000", "北京市", "北京市", "1101", "010"),
        ("18000000000", "广东省", "东莞市", "4419", "0769"),
        ("13999990000", "新疆维吾尔自治区", "乌鲁木齐市", "6501", "0991"),
        ("18400000000", "西藏自治区", "拉萨市", "5401", "0891"),
        ("17088880000", "广东省", "汕头市", "4405", "0754"),
        ("19912340000", "河北省", "唐山市", "1302", "0315"),
        # Names in the phone data that are not NBS city names:
        ("13035380000", "湖北省", "仙桃市", "429004", "0728"),  # county-level city
        ("15138810000", "河南省", "济源市", "419001", "0391"),
        ("13029610000", "新疆维吾尔自治区", "石河子市", "659001", "0993"),
        ("13452400000", "重庆市", "重庆市", "5001", "023"),  # 万州
        ("19213030000", "河北省", "保定市", "1306", "0312"),  # 雄安
        ("19223500000", "安徽省", "合肥市", "3401", "0551"),  # 巢湖
    ],
)
def test_mobile_prefix_location(
    phone: str, province: str, city: str, adcode: str, area_code: str
) -> None:
    loc = phone_location(phone)
    assert loc is not None
    assert loc.kind == "mobile"
    assert (loc.province, loc.city, loc.adcode, loc.area_code) == (
        province,
        city,
        adcode,
        area_code,
    )
    assert loc.adcodes == (adcode,)


def test_location_accepts_raw_cell_values() -> None:
    loc = phone_location(13812345678.0)
    assert loc is not None and loc.adcode == "3207" and loc.phone == "13812345678"


def test_unknown_prefix_gives_none() -> None:
    # 140x has no assignment in the data (1400, 1403 are missing).
    assert phone_location("14000000000") is None
    assert phone_location("not a phone") is None
    assert phone_location("4008001234") is None


@pytest.mark.parametrize(
    ("phone", "city", "adcode"),
    [
        ("010-88888888", "北京市", "1101"),
        ("021-88888888", "上海市", "3101"),
        ("0571-88888888", "杭州市", "3301"),
        ("0755-28888888", "深圳市", "4403"),
        ("023-68888888", "重庆市", "5001"),
        ("0479-8888888", "锡林郭勒盟", "1525"),  # stored as 00479 upstream
    ],
)
def test_landline_area_code(phone: str, city: str, adcode: str) -> None:
    loc = phone_location(phone)
    assert loc is not None
    assert loc.kind == "landline"
    assert (loc.city, loc.adcode, loc.area_code) == (city, adcode, phone.split("-")[0])


def test_shared_area_code_is_not_guessed() -> None:
    loc = phone_location("024-22223333")
    assert loc is not None
    assert loc.adcode is None
    assert loc.province == "辽宁省"
    assert loc.adcodes[0] == "2101"  # 沈阳 has most numbers
    assert set(loc.adcodes) == {"2101", "2104", "2105", "2112"}


def test_unknown_area_code_gives_none() -> None:
    assert normalize_phone("0300-8888888") == "0300-8888888"
    assert phone_location("0300-8888888") is None


def test_extract_phones_from_free_text() -> None:
    text = "张三 13812345678，家 0571-88888888 / 139 1234 5678；再写一次13812345678"
    assert extract_phones(text) == ("13812345678", "0571-88888888", "13912345678")
    assert extract_phones(13812345678.0) == ("13812345678",)
    assert extract_phones(None) == ()
    assert extract_phones("订单号 2023138123456789") == ()


def test_mask_phone() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0571-88888888") == "0571-****8888"


def test_table_reloads_from_resource() -> None:
    # Load time is measured by benchmarks/identity_speed.py, never asserted in tests.
    phone_table._cache.clear()
    phone_table.load_phone_table()
    assert phone_table._cache
