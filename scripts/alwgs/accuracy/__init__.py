"""Accuracy harness: score a batch's pipeline outputs against the demo generator's truth.

Formats are fixed in docs/CONTRACTS.md ("Demo generator output", "Pipeline outputs read by the
accuracy harness", "Accuracy table"). Paths of pipeline outputs are relative to the batch
directory (``results_dir``); truth files live in ``truth_dir``.

One module per job; each class's scoring rules are in its module's docstring:
  model           the classes, counts by bin, detail rows, samples, VAF bins
  tables          reading TSVs and samples.tsv, cell parsing, main-table rows, summary
  matching        greedy one-to-one matching (itd, sv, cna)
  alleles         allele representation and VCF parsing shared by somatic and germline
  small_variants  classes snv and indel
  itd             class itd and the ITD metrics table
  reads           the ITD allelic ratio the sample's reads realise (k-mer counts)
  sv              class sv (fusions)
  sv_status       class sv_status (somatic status of each truth SV)
  cna             class cna
  classification  classes classification and karyotype
  germline        germline classes of each normal
  harness         score_sample and run (the tables of a batch)
  tumor_only      tumor-only small variants with and without a panel of normals (a command)

Scoring rules shared by every class
  * Only samples with ``type == tumor`` in samples.tsv are scored.
  * Every class is matched one-to-one: a truth item is matched by at most one call and a call
    matches at most one truth item. TP = matched truth items, FN = unmatched truth items,
    FP = unmatched calls. recall = tp/(tp+fn), precision = tp/(tp+fp), "NA" when the
    denominator is 0, otherwise rounded to 4 decimals.
  * A pipeline output file that does not exist makes the class "missing" for that sample:
    tp=0, fp=0, fn=<number of truth items>, recall 0.0 (NA without truth items), precision NA.
    The details table then holds one MISSING row for the file and one MISSING row per truth
    item. A truth file that does not exist means 0 truth items (every call is an FP).
  * Where several truth/call pairs qualify, pairs are taken closest first (greedy).

Outputs
  * Main TSV: columns ``sample class vaf_bin tp fp fn recall precision``.
  * ITD details: with units.tsv and the reference given, also the allelic ratio realised in
    the sample's reads (exact k-mer counts, alwgs.accuracy.reads) and the error against it.
  * Details TSV (``<stem>.details.tsv`` next to it): ``sample class status key truth_value
    called_value note`` with one row per truth item (TP/FN/MISSING) and per FP call.
  * Metrics TSV (``<stem>.metrics.tsv`` next to it): ``sample metric value expected
    observed``, numeric errors such as the ITD AR/VAF errors (alwgs.accuracy.itd).

The names below are those the single module ``alwgs.accuracy`` offered before it became this
package, so ``from alwgs.accuracy import X`` keeps working.
"""

from alwgs.accuracy.alleles import (
    INDEL_SHIFT,
    Allele,
    indel_signature,
    is_symbolic,
    minimal_allele,
    same_up_to_rotation,
)
from alwgs.accuracy.classification import (
    score_classification,
    score_karyotype,
    truth_classification_units,
)
from alwgs.accuracy.cna import DEFAULT_CNA_TOLERANCE, Cna, cna_direction, score_cna
from alwgs.accuracy.harness import Paths, run, score_sample
from alwgs.accuracy.itd import (
    ITD_LEN_TOLERANCE,
    ITD_POS_TOLERANCE,
    METRIC_COLUMNS,
    EmitMetric,
    Itd,
    MetricRow,
    called_quantity,
    itd_metrics,
    metrics_path_for,
    read_called_itd,
    read_truth_itd,
    score_itd,
)
from alwgs.accuracy.matching import greedy_match
from alwgs.accuracy.model import (
    ALL,
    CLASSES,
    DEFAULT_VAF_BINS,
    DETAIL_COLUMNS,
    MAIN_COLUMNS,
    ClassResult,
    Counts,
    DetailRow,
    Emit,
    Sample,
    bin_label,
    vaf_bin,
    vaf_bin_labels,
)
from alwgs.accuracy.reads import reads_allelic_ratio, sample_fastqs
from alwgs.accuracy.small_variants import (
    iter_called_alleles,
    read_truth_small,
    score_small_variants,
)
from alwgs.accuracy.sv import (
    DEFAULT_SV_TOLERANCE,
    Sv,
    read_called_sv,
    read_truth_sv,
    score_sv,
    sv_distance,
    sv_names_agree,
)
from alwgs.accuracy.tables import (
    details_path_for,
    ratio,
    read_accuracy,
    read_samples,
    read_table,
    summary_text,
    table_rows,
)

__all__ = [
    "ALL",
    "Allele",
    "CLASSES",
    "ClassResult",
    "Cna",
    "Counts",
    "DEFAULT_CNA_TOLERANCE",
    "DEFAULT_SV_TOLERANCE",
    "DEFAULT_VAF_BINS",
    "DETAIL_COLUMNS",
    "DetailRow",
    "Emit",
    "EmitMetric",
    "INDEL_SHIFT",
    "ITD_LEN_TOLERANCE",
    "ITD_POS_TOLERANCE",
    "Itd",
    "MAIN_COLUMNS",
    "METRIC_COLUMNS",
    "MetricRow",
    "Paths",
    "Sample",
    "Sv",
    "bin_label",
    "called_quantity",
    "cna_direction",
    "details_path_for",
    "greedy_match",
    "indel_signature",
    "is_symbolic",
    "itd_metrics",
    "iter_called_alleles",
    "metrics_path_for",
    "minimal_allele",
    "ratio",
    "read_accuracy",
    "read_called_itd",
    "read_called_sv",
    "read_samples",
    "read_table",
    "read_truth_itd",
    "read_truth_small",
    "read_truth_sv",
    "reads_allelic_ratio",
    "run",
    "same_up_to_rotation",
    "sample_fastqs",
    "score_classification",
    "score_cna",
    "score_itd",
    "score_karyotype",
    "score_sample",
    "score_small_variants",
    "score_sv",
    "summary_text",
    "sv_distance",
    "sv_names_agree",
    "table_rows",
    "truth_classification_units",
    "vaf_bin",
    "vaf_bin_labels",
]
