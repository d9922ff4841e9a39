"""python tests/guideline/summary.py [--failures]: the guideline case table run once, printed as
a table of passed / failed checks by area (case file) and by expected key, then every failing
case with its diff (--failures)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cases_runner import KEYS, area_of, load_cases, run_case  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", action="store_true", help="print each failing case")
    args = parser.parse_args()
    outcomes = [run_case(c) for c in load_cases()]
    cases, checks = Counter(), Counter()
    for o in outcomes:
        cases[(o.case.area, o.ok)] += 1
        if o.error:
            checks[(o.case.area, "error", False)] += 1
        for c in o.checks:
            checks[(o.case.area, area_of(c.key), c.ok)] += 1
    areas = sorted({o.case.area for o in outcomes})
    keys = [k for k in (*KEYS, "error") if any(checks[(a, k, ok)] for a in areas for ok in (0, 1))]
    width = max([len("area")] + [len(a) for a in areas])
    print(f"{'area':<{width}}  cases pass/fail  " + "  ".join(f"{k:>13}" for k in keys))
    for a in areas + ["all"]:
        sel = areas if a == "all" else [a]
        p = sum(cases[(x, True)] for x in sel)
        f = sum(cases[(x, False)] for x in sel)
        cells = []
        for k in keys:
            kp = sum(checks[(x, k, True)] for x in sel)
            kf = sum(checks[(x, k, False)] for x in sel)
            cells.append(f"{kp}/{kf}" if kp or kf else "-")
        print(f"{a:<{width}}  {p:>5}/{f:<9}  " + "  ".join(f"{c:>13}" for c in cells))
    print("(check cells: passed/failed)")
    if args.failures:
        for o in outcomes:
            if not o.ok:
                print()
                print(o.report())
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
