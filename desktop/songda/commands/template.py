"""``songda template list`` (and ``show`` / ``check``): letter templates and placeholders."""

from __future__ import annotations

import argparse
from typing import Any

from songda.commands.common import print_json, store_from_args


def register(sub: Any) -> None:
    p = sub.add_parser("template", help="letter templates 函件模板")
    tsub = p.add_subparsers(dest="template_command", metavar="ACTION", required=True)
    ls = tsub.add_parser("list", help="list templates 模板列表")
    ls.add_argument("--placeholders", action="store_true", help="also list the placeholders")
    ls.add_argument("--json", action="store_true", help="print as JSON")
    ls.set_defaults(handler=cmd_list)
    show = tsub.add_parser("show", help="print a template's text 显示模板")
    show.add_argument("name")
    show.set_defaults(handler=cmd_show)


def cmd_list(args: argparse.Namespace) -> int:
    from songda.letters.templates import FILTERS, PLACEHOLDERS, check_template
    from songda.letters.wording import check_wording
    from songda.services.templates import list_templates

    store = store_from_args(args)
    try:
        templates = list_templates(store)
    finally:
        store.close()
    rows: list[dict[str, Any]] = []
    for t in templates:
        used = sorted(check_template(t.body, t.name))
        rows.append(
            {
                "name": t.name,
                "kind": t.kind,
                "origin": "builtin" if t.builtin else "edited",
                "placeholders": used,
                "letterhead": t.letterhead,
                "seal": t.seal,
                "wording_warnings": [w.message() for w in check_wording(t.body)],
            }
        )
    if args.json:
        out: dict[str, Any] = {"templates": rows}
        if args.placeholders:
            out["placeholders"] = {k: v[0] for k, v in PLACEHOLDERS.items()}
            out["filters"] = FILTERS
        print_json(out)
        return 0
    print("name\tkind\torigin\tplaceholders")
    for r in rows:
        print(f"{r['name']}\t{r['kind']}\t{r['origin']}\t{len(r['placeholders'])}")
        for w in r["wording_warnings"]:
            print(f"  提醒 warning: {w}")
    if args.placeholders:
        print()
        print("placeholder\t说明")
        for k, (label, _example) in PLACEHOLDERS.items():
            print(f"{k}\t{label}")
        print()
        print("filter\t说明")
        for k, v in FILTERS.items():
            print(f"{k}\t{v}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from songda.services.templates import get_template

    store = store_from_args(args)
    try:
        t = get_template(store, args.name)
    finally:
        store.close()
    print(t.body, end="" if t.body.endswith("\n") else "\n")
    return 0
