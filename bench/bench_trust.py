"""Trust on generated reports: every form, consistent and mutated, scored against the generated truth.

    python3 bench/bench_trust.py [--n 2000] [--forms word_tab,html,...] [--seed 0] [--show 20]

For ``--n`` consistent cases (each rendered in every form, or the ``--forms`` given) and as many mutated
ones, it prints per form: documents, read failures, % of cells correct / flagged / wrong (silent), false
原文问题 errors per 100 consistent documents, false 读取存疑 errors, and the share of deliberate errors
caught (and, where not caught, the share our reading flagged as unverifiable: a lossy form that dropped
the cells involved), apart for errors put in a table cell (``table``) and in a sentence of the narrative
(``text``).  ``--show`` prints the first failing documents of each kind (form, seed and what went wrong), so a
failure can be rebuilt with ``gongkai.synth.make_case(seed)``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable

from gongkai import synth
from gongkai.synth.evaluate import Outcome, evaluate
from gongkai.synth.mutate import mutate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="consistent cases (each in every form); as many mutated")
    ap.add_argument("--forms", default="", help="comma-separated forms (default: all)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=10, help="failing documents to print per form")
    ap.add_argument("--no-mutations", action="store_true")
    args = ap.parse_args(argv)
    forms = [f for f in args.forms.split(",") if f] or synth.forms()
    by_form: dict[str, list[Outcome]] = defaultdict(list)
    mutated: dict[str, list[Outcome]] = defaultdict(list)
    kind: dict[int, str] = {}  # seed → what its mutation changed: a table cell or a narrative statement
    started = time.perf_counter()
    for i in range(args.n):
        seed = args.seed + i
        case = synth.make_case(seed)
        bad = None if args.no_mutations else mutate(case, random.Random(seed ^ 0x5EED))
        for form in forms:
            data, suffix = synth.render(case, form)
            by_form[form].append(evaluate(case, form, data, suffix))
            if bad is not None:
                mutated[form].append(evaluate(bad, form))
                kind[seed] = str((bad.mutation or {}).get("kind", "cell"))
    elapsed = time.perf_counter() - started
    head = f"{'form':<22}{'docs':>6}{'fail':>6}{'cells ok':>10}{'flagged':>9}{'wrong':>7}{'meta':>6}{'false原文/100':>14}{'false存疑':>10}{'caught':>9}{'table':>8}{'text':>8}{'unverif.':>10}"
    print(head)
    total_false = 0
    for form in forms:
        outs = by_form[form]
        cells = sum(o.cells for o in outs) or 1
        ok = sum(o.correct for o in outs)
        flagged = sum(len(o.flagged) for o in outs)
        wrong = sum(len(o.wrong) for o in outs)
        fails = sum(1 for o in outs if o.read_error)
        meta = sum(1 for o in outs if o.meta_wrong)
        false_doc = sum(len(o.false_document) for o in outs)
        total_false += false_doc
        false_read = sum(len(o.false_reading) for o in outs)
        muts = [o for o in mutated[form] if o.caught is not None]
        caught = _share(muts, lambda o: bool(o.caught))
        by_kind = {k: [o for o in muts if kind[o.seed] == k] for k in ("cell", "statement")}
        caught_table = _share(by_kind["cell"], lambda o: bool(o.caught))
        caught_text = _share(by_kind["statement"], lambda o: bool(o.caught))
        unverifiable = _share(muts, lambda o: o.unverifiable)
        print(
            f"{form:<22}{len(outs):>6}{fails:>6}{ok / cells:>10.2%}{flagged / cells:>9.2%}{wrong:>7}{meta:>6}"
            f"{100 * false_doc / max(1, len(outs)):>14.2f}{false_read:>10}{caught:>9}{caught_table:>8}{caught_text:>8}{unverifiable:>10}"
        )
    docs = sum(len(v) for v in by_form.values()) + sum(len(v) for v in mutated.values())
    print(f"\n{docs} documents in {elapsed:.1f} s ({docs / elapsed:.1f}/s)")
    if args.show:
        for form in forms:
            bad_outs = [o for o in by_form[form] if o.read_error or o.wrong or o.meta_wrong or o.false_document]
            bad_outs += [o for o in by_form[form] if o.false_reading and o not in bad_outs]
            bad_outs += [o for o in mutated[form] if o.caught is False and not o.unverifiable]
            for o in bad_outs[: args.show]:
                print("  " + o.summary())
    return 1 if total_false else 0


def _share(outcomes: list[Outcome], test: Callable[[Outcome], bool]) -> str:
    return f"{sum(1 for o in outcomes if test(o)) / len(outcomes):.1%}" if outcomes else "-"


if __name__ == "__main__":
    sys.exit(main())
