"""Letter templates for the CLI and GUI: built-in ones, operator edits stored in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from songda.errors import KnownError
from songda.letters.context import build_fields
from songda.letters.letter_pdf import LaidOut, LetterImages, LetterLayout
from songda.letters.templates import (
    CompiledTemplate,
    LetterTemplate,
    builtin_templates,
    check_template,
    sample_context,
)
from songda.letters.wording import WordingWarning, check_wording
from songda.store import Store
from songda.store import letters as sql


def list_templates(store: Store) -> list[LetterTemplate]:
    """Built-in templates, replaced by the operator's edited version of the same name."""
    rows = {r["name"]: r for r in sql.template_rows(store)}
    out: list[LetterTemplate] = []
    for t in builtin_templates():
        row = rows.pop(t.name, None)
        out.append(_from_row(row, builtin=False) if row else t)
    out.extend(_from_row(r, builtin=False) for r in rows.values())
    return out


def _from_row(row: dict[str, Any], *, builtin: bool) -> LetterTemplate:
    return LetterTemplate(
        name=row["name"],
        kind=row["kind"],
        body=row["body"],
        letterhead=row["letterhead"],
        seal=row["seal"],
        builtin=builtin,
    )


def get_template(store: Store, name: str) -> LetterTemplate:
    for t in list_templates(store):
        if t.name == name:
            return t
    names = "、".join(t.name for t in list_templates(store))
    raise KnownError(
        f"没有名为“{name}”的模板。可用：{names}",
        f"no template named {name!r}",
        code="template_unknown_name",
    )


def save_template(store: Store, template: LetterTemplate) -> list[WordingWarning]:
    """Check then store an edited template; returns wording warnings (never blocks on them)."""
    if not template.name.strip():
        raise KnownError("模板名称不能为空。", "template name is empty", code="template_name")
    check_template(template.body, template.name)
    for which in ("letterhead", "seal"):
        template.image_path(which)  # raises KnownError when the file is missing
    sql.save_template_row(
        store,
        name=template.name.strip(),
        kind=template.kind,
        body=template.body,
        letterhead=template.letterhead,
        seal=template.seal,
    )
    return check_wording(template.body)


def reset_template(store: Store, name: str) -> bool:
    """Forget the operator's edits (a built-in template comes back)."""
    return sql.delete_template_row(store, name)


@dataclass
class Preview:
    laid: LaidOut
    text: str
    warnings: list[WordingWarning]
    images: LetterImages


def case_fields(
    store: Store, case_id: int | None, letter_date: date | None = None
) -> dict[str, Any]:
    """Placeholder values for a real case (or the sample values without one)."""
    if case_id is None:
        return sample_context()
    rows = sql.case_rows(store, [case_id])
    if not rows:
        raise KnownError(f"案件不存在：{case_id}", f"no case {case_id}", code="case_missing")
    r = rows[0]
    mailing = {
        "batch_id": 0,
        "seq": 0,
        "recipient": r["debtor_name"],
        "address": r["best_address"] or r["standard"] or r["raw_text"],
        "postcode": r["cand_postcode"] or r["raw_postcode"],
        "tracking_no": "（运单号）",
    }
    return build_fields(
        r,
        mailing,
        store.get_setting("sender") or {},
        store.get_setting("letter_options") or {},
        letter_date or date.today(),
    )


def preview(store: Store, template: LetterTemplate, case_id: int | None = None) -> Preview:
    """Lay out one letter of ``template`` for a case: pages to paint, plain text, warnings."""
    compiled = CompiledTemplate(template)
    fields = case_fields(store, case_id)
    text = compiled.render_text(fields)
    images = LetterImages(template.image_path("letterhead"), template.image_path("seal"))
    laid = LetterLayout(images).layout(compiled.render_blocks(fields))
    return Preview(laid, text, check_wording(text), images)
