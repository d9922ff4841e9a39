"""Rule script: deliver the batch as a numbered, read-only version of results/delivery/<batch>/
(a new version only when the content differs from the newest one; layout:
alwgs.report.batch.DELIVERY_LAYOUT, versions: alwgs.report.delivery), then list the versions
in deliveries.tsv."""

from alwgs.report.delivery import deliver_version, write_history


def main(sm) -> None:
    plan = [tuple(pair) for pair in sm.params.plan]
    done = deliver_version(plan, sm.params.root, sm.params.reason)
    write_history(sm.params.root, sm.output[0])
    with open(sm.log[0], "w") as log:
        if not done.new:
            log.write(f"same content as delivery version {done.version}: nothing new written\n")
            return
        log.write(f"delivery version {done.version}: {done.folder} ({len(plan)} files)\n")
        for path in done.changed:
            log.write(f"changed: {path}\n")
        for tumor in done.amended:
            log.write(f"amended report: {tumor}\n")


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
