"""Rule script: copy the deliverables into results/delivery/<batch>/ (layout:
alwgs.report.batch.DELIVERY_LAYOUT)."""

from alwgs.report.batch import deliver


def main(sm) -> None:
    plan = [tuple(pair) for pair in sm.params.plan]
    removed = deliver(plan, sm.params.root)
    with open(sm.log[0], "w") as log:
        for src, dest in plan:
            log.write(f"{src} -> {dest}\n")
        for path in removed:
            log.write(f"removed (not a deliverable of this run): {path}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
