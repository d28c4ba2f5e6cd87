"""Chinese line breaking (禁则) on hundreds of generated letters: zero violations."""

from __future__ import annotations

import random
from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from songda.letters.context import build_fields
from songda.letters.fonts import SONG, metrics, register_fonts
from songda.letters.letter_pdf import TEXT_W, LetterImages, LetterLayout
from songda.letters.linebreak import NO_END, NO_START, LineBreaker, violations
from songda.letters.templates import CompiledTemplate, builtin_templates

PUNCT_HEAVY = "“您好”，（本函）「重要」『提示』《民法典》：请于期限内还款；谢谢！是否？是。、"


def _random_case(rng: random.Random, k: int) -> dict[str, object]:
    principal = round(rng.uniform(100, 500000), 2)
    interest = round(rng.uniform(0, 50000), 2)
    name = "".join(rng.choice("王李张刘陈杨黄赵吴周欧阳司马诸葛") for _ in range(rng.randint(2, 4)))
    return {
        "case_no": f"C{k:05d}",
        "debtor_name": name,
        "id_number": f"1101011990{rng.randint(10, 12)}{rng.randint(10, 28)}{rng.randint(1000, 9999)}",
        "creditor": rng.choice(
            ["某某消费金融有限公司", "示例银行（中国）股份有限公司", "“样例”小额贷款公司", "甲"]
        ),
        "contract_no": rng.choice(
            [f"HT-{rng.randint(0, 10**8)}", f"（{rng.randint(1, 999)}）号", "合同《甲》"]
        ),
        "loan_date": f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "principal": principal,
        "interest": interest,
        "amount_due": round(principal + interest, 2),
        "overdue_days": rng.randint(1, 3000),
    }


def test_hundreds_of_generated_letters_have_no_violations() -> None:
    register_fonts()
    rng = random.Random(20261128)
    layouts = []
    for t in builtin_templates():
        images = LetterImages(t.image_path("letterhead"), t.image_path("seal"))
        layouts.append((CompiledTemplate(t), LetterLayout(images)))
    bad: list[tuple[int, str]] = []
    lines_checked = 0
    for k in range(300):
        compiled, layout = layouts[k % len(layouts)]
        mailing = {"batch_id": 1, "seq": k + 1, "recipient": "x", "address": "y"}
        fields = build_fields(
            _random_case(rng, k),
            mailing,
            {"name": rng.choice(["示例律师事务所", "“某某”（北京）律师事务所"])},
            {"deadline_days": rng.randint(3, 30)},
            date(2026, 11, 28),
        )
        laid = layout.layout(compiled.render_blocks(fields))
        lines_checked += len(laid.lines)
        bad.extend(violations(laid.lines))
    assert lines_checked > 300 * 20
    assert bad == []


def test_random_punctuation_heavy_text_at_many_widths() -> None:
    rng = random.Random(5)
    breaker = LineBreaker(metrics(SONG), 12)
    pool = PUNCT_HEAVY + "中文汉字测试段落内容" * 3 + "AB12"
    for _ in range(400):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(20, 200)))
        width = rng.uniform(80, 460)
        lines = breaker.lines(text, width, rng.choice([0.0, 24.0]))
        assert "".join(ln.text for ln in lines).replace(" ", "") == text.replace(" ", "")
        inner = [ln.text for ln in lines]
        # a paragraph may itself start with a closing mark; only breaks are checked
        assert all(ln[0] not in NO_START for ln in inner[1:] if ln), inner
        assert all(ln[-1] not in NO_END for ln in inner[:-1] if ln), inner


def test_lines_fit_the_width_unless_squeezed() -> None:
    breaker = LineBreaker(metrics(SONG), 12)
    text = (
        "根据《中华人民共和国民法典》第六百七十四条、第六百七十五条、第六百七十六条的规定，借款人应当按照约定的期限支付利息。"
        * 3
    )
    for ln in breaker.lines(text, 300, 24):
        assert ln.width + ln.indent <= 300 + 12.5  # at most one mark squeezed in
    assert max(ln.width for ln in breaker.lines(text, 300)) <= 300


def test_reportlab_wrapping_breaks_the_rule_that_ours_keeps() -> None:
    """The reason the breaker exists: reportlab's CJK wrapping puts marks at line starts."""
    register_fonts()
    style = ParagraphStyle("cjk", fontName=SONG, fontSize=12, leading=18, wordWrap="CJK")
    text = (
        "根据委托人提供的材料，您于2024年3月15日与委托人签订了借款合同，向委托人借款，合同约定了借款金额、期限、利率及还款方式。"
        * 4
    )
    theirs_bad = 0
    ours_bad = 0
    breaker = LineBreaker(metrics(SONG), 12)
    for width in range(150, 460, 7):
        para = Paragraph(text, style)
        para.wrap(width, 10_000)
        theirs = ["".join(line[1]) for line in para.blPara.lines]
        assert "".join(theirs) == text
        theirs_bad += len(violations(theirs))
        ours_bad += len(violations([ln.text for ln in breaker.lines(text, width)]))
    assert theirs_bad > 0
    assert ours_bad == 0


def test_layout_lines_cover_text() -> None:
    text = "甲（乙）丙“丁”戊。" * 10
    lines = LineBreaker(metrics(SONG), 12).lines(text, 100)
    assert "".join(ln.text for ln in lines) == text
    assert lines[-1].last and not any(ln.last for ln in lines[:-1])
    assert TEXT_W > 400
