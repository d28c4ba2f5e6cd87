"""Letter templates: sandboxed Jinja2 text with named placeholders and block types.

A template renders to lines; a line ``::type`` starts a block. Block types:

- ``title``      centred heading (律师函)
- ``right``      right-aligned lines (letter number)
- ``plain``      paragraphs without first-line indent (the salutation)
- ``paragraph``  paragraphs with a two-character first-line indent; one per line
- ``amounts``    a table, one row per line: ``label | figures | capitals``
- ``signature``  right-aligned lines (firm, lawyer, date) with the seal over them

Placeholders are the names in :data:`PLACEHOLDERS`; any other name is an error when the
template is checked, and a placeholder without a value for a case is an error before
anything prints (StrictUndefined), never a blank.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment

from songda.errors import KnownError
from songda.letters.dates import cn_date, num_date
from songda.letters.money import money_capital, money_figures
from songda.paths import resource

BLOCK_TYPES = ("title", "right", "plain", "paragraph", "amounts", "signature")

# name → (Chinese label, example value)
PLACEHOLDERS: dict[str, tuple[str, str]] = {
    "letter_no": ("函件编号", "〔2026〕送达字第0001-00001号"),
    "case_no": ("案件编号", "CASE-0001"),
    "debtor_name": ("债务人姓名", "张三"),
    "honorific": ("称谓（先生/女士）", "先生"),
    "id_number_masked": ("身份证号（脱敏）", "110101********1234"),
    "creditor": ("委托方（债权人）", "某某消费金融有限公司"),
    "contract_no": ("借款合同编号", "HT-2024-000123"),
    "loan_date": ("借款日期", "2024-03-15"),
    "principal": ("借款本金（元）", "20000.00"),
    "interest": ("利息及费用（元）", "1680.32"),
    "amount_due": ("逾期欠款合计（元）", "21680.32"),
    "overdue_days": ("逾期天数", "128"),
    "recipient": ("收件人", "张三"),
    "address": ("收件地址", "北京市海淀区中关村大街1号"),
    "postcode": ("收件邮编", "100080"),
    "tracking_no": ("运单号", "EA123456785CN"),
    "firm_name": ("律师事务所", "示例律师事务所"),
    "firm_address": ("律所地址", "北京市朝阳区示例路1号"),
    "firm_postcode": ("律所邮编", "100020"),
    "firm_phone": ("律所电话", "010-00000000"),
    "lawyer": ("承办律师", "王律师"),
    "payment_account_name": ("收款户名", "某某消费金融有限公司"),
    "payment_bank": ("收款开户行", "示例银行北京分行"),
    "payment_account_no": ("收款账号", "0000 0000 0000 0000"),
    "deadline_days": ("付款期限（天）", "7"),
    "deadline_date": ("付款截止日期", "2026-12-05"),
    "letter_date": ("落款日期", "2026-11-28"),
}

FILTERS: dict[str, str] = {
    "money": "金额大写：人民币壹仟陆佰捌拾元零叁角贰分",
    "yuan": "金额小写：1,680.32",
    "cn_date": "日期：二〇二六年十一月二十八日",
    "num_date": "日期：2026年11月28日",
}


@dataclass(frozen=True)
class Block:
    kind: str
    lines: tuple[str, ...]


@dataclass
class LetterTemplate:
    name: str
    kind: str
    body: str
    letterhead: str | None = None  # resource name under resources/templates or a file path
    seal: str | None = None
    builtin: bool = True
    warnings: list[str] = field(default_factory=list)

    def image_path(self, which: str) -> Path | None:
        ref = self.letterhead if which == "letterhead" else self.seal
        if not ref:
            return None
        p = Path(ref)
        if not p.is_absolute():
            p = resource("templates", ref)
        if not p.is_file():
            raise KnownError(
                f"模板“{self.name}”的图片文件不存在：{p}",
                f"template {self.name!r}: image file not found: {p}",
                code="template_image",
            )
        return p


def _filter_error(name: str, value: object) -> KnownError:
    return KnownError(
        f"模板中的金额或日期无法格式化（{name}）：{value!r}",
        f"cannot format {value!r} with filter {name}",
        code="template_value",
    )


def _money(value: object) -> str:
    try:
        return money_capital(value)
    except ValueError as exc:
        raise _filter_error("money", value) from exc


def _yuan(value: object) -> str:
    try:
        return money_figures(value)
    except ValueError as exc:
        raise _filter_error("yuan", value) from exc


def _cn_date(value: object) -> str:
    try:
        return cn_date(str(value))
    except ValueError as exc:
        raise _filter_error("cn_date", value) from exc


def _num_date(value: object) -> str:
    try:
        return num_date(str(value))
    except ValueError as exc:
        raise _filter_error("num_date", value) from exc


def make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=_money, yuan=_yuan, cn_date=_cn_date, num_date=_num_date)
    return env


_ENV = make_environment()


class CompiledTemplate:
    """A checked template ready to render many letters."""

    def __init__(self, template: LetterTemplate) -> None:
        self.template = template
        self.used = check_template(template.body, template.name)
        self._jinja = _ENV.from_string(template.body)

    def render_text(self, context: dict[str, Any]) -> str:
        try:
            return self._jinja.render(context)
        except jinja2.UndefinedError as exc:
            missing = sorted(n for n in self.used if context.get(n) is None)
            names = "、".join(f"{n}（{PLACEHOLDERS[n][0]}）" for n in missing) or str(exc)
            raise KnownError(
                f"模板“{self.template.name}”需要的字段没有值：{names}",
                f"template {self.template.name!r}: no value for {', '.join(missing) or exc}",
                code="template_missing",
            ) from exc
        except jinja2.TemplateError as exc:
            raise KnownError(
                f"模板“{self.template.name}”无法渲染：{exc}",
                f"template {self.template.name!r} failed: {exc}",
                code="template_error",
            ) from exc

    def render_blocks(self, context: dict[str, Any]) -> list[Block]:
        return parse_blocks(self.render_text(context), self.template.name)


def check_template(body: str, name: str = "") -> set[str]:
    """Syntax and placeholder check; returns the placeholders the template uses."""
    try:
        ast = _ENV.parse(body)
    except jinja2.TemplateSyntaxError as exc:
        raise KnownError(
            f"模板“{name}”第 {exc.lineno} 行语法错误：{exc.message}",
            f"template {name!r} line {exc.lineno}: {exc.message}",
            code="template_syntax",
        ) from exc
    used = set(meta.find_undeclared_variables(ast))
    unknown = sorted(used - set(PLACEHOLDERS))
    if unknown:
        raise KnownError(
            f"模板“{name}”含有未知的占位符：{'、'.join(unknown)}。可用的占位符见模板编辑器右侧列表。",
            f"template {name!r} uses unknown placeholders: {', '.join(unknown)}",
            code="template_unknown",
        )
    for line in body.splitlines():
        s = line.strip()
        if s.startswith("::") and s[2:].strip() not in BLOCK_TYPES:
            raise KnownError(
                f"模板“{name}”含有未知的段落类型：{s}（可用：{'、'.join(BLOCK_TYPES)}）",
                f"template {name!r}: unknown block type {s!r}",
                code="template_block",
            )
    return used


def parse_blocks(text: str, name: str = "") -> list[Block]:
    blocks: list[Block] = []
    kind: str | None = None
    lines: list[str] = []
    for raw in text.splitlines():
        s = raw.strip()
        if s.startswith("::"):
            if kind is not None:
                blocks.append(Block(kind, tuple(lines)))
            kind = s[2:].strip()
            if kind not in BLOCK_TYPES:
                raise KnownError(
                    f"模板“{name}”含有未知的段落类型：{s}",
                    f"template {name!r}: unknown block type {s!r}",
                    code="template_block",
                )
            lines = []
        elif s:
            if kind is None:
                kind = "paragraph"
            lines.append(s)
    if kind is not None:
        blocks.append(Block(kind, tuple(lines)))
    return blocks


def builtin_templates() -> list[LetterTemplate]:
    """The templates shipped in resources/templates (templates.json lists them)."""
    folder = resource("templates")
    index = json.loads((folder / "templates.json").read_text(encoding="utf-8"))
    out: list[LetterTemplate] = []
    for item in index:
        body = (folder / item["file"]).read_text(encoding="utf-8")
        out.append(
            LetterTemplate(
                name=item["name"],
                kind=item["kind"],
                body=body,
                letterhead=item.get("letterhead"),
                seal=item.get("seal"),
                builtin=True,
            )
        )
    return out


def sample_context() -> dict[str, Any]:
    """Example values for every placeholder (template editor help, previews without cases)."""
    return {k: v for k, (_, v) in PLACEHOLDERS.items()}
