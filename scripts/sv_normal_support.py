"""Rule script: the somatic status of every merged SV junction of a tumor, from the matched
normal's own reads at both breakpoints (alwgs.sv.normal_support), whatever the normal's depth
and whatever mode the callers fell back to. Writes results/sv/<tumor>.sv.tsv: the merged
table plus the status columns (docs/CONTRACTS.md); the log gives each junction's counts."""

from collections import Counter

from alwgs import not_assessed
from alwgs.sv.merge import read_sv_table, write_sv_table
from alwgs.sv.normal_support import Junction, Settings, assess


def main(sm) -> None:
    p = sm.params
    settings = Settings.from_config(dict(p.settings))
    events = read_sv_table(sm.input.sv)
    missing = not_assessed.read(sm.input.sv)
    normal = sm.input.aln[1] if len(sm.input.aln) > 1 else None
    reference = sm.input.get("ref") or None
    with open(sm.log[0], "w") as log:
        log.write(f"tumor {p.tumor}: {sm.input.aln[0]}; normal {p.normal or 'none'}\n")
        junctions = [
            Junction(e.chrom1, e.pos1, e.strand1, e.chrom2, e.pos2, e.strand2) for e in events
        ]
        statuses = assess(junctions, sm.input.aln[0], normal, settings, reference, log)
        for e, st in zip(events, statuses, strict=True):
            e.status = st.values()
            log.write(f"{e.id} {e.svtype} {e.filter}: {st.label} ({st.reason})\n")
        for name, n in sorted(Counter(e.status["somatic_status"] for e in events).items()):
            log.write(f"{name}: {n}\n")
    write_sv_table(events, sm.output.tsv, [e.line() for e in missing], with_status=True)


if __name__ == "__main__" and "snakemake" in globals():
    main(snakemake)  # noqa: F821 (injected by Snakemake)
