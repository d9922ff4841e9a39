"""Reading a findings file: its documents checked against the schema (alwgs.findings.document),
then each converted into the interpretation chain's inputs (alwgs.findings.convert). Every
document of the file is read before anything is interpreted or written, so a bad one stops the
command with its file, line and field and leaves earlier results alone."""

from __future__ import annotations

from pathlib import Path

from alwgs.findings.convert import Findings, convert
from alwgs.findings.document import read_documents
from alwgs.findings.resources import Resources
from alwgs.interpret.chain import run_chain


def read_findings(path: str | Path, res: Resources) -> list[Findings]:
    return [convert(doc, res) for doc in read_documents(path)]


def interpret_findings(findings: Findings, res: Resources) -> dict:
    """The interpretation JSON of one findings document: the workflow's chain, unchanged."""
    return run_chain(findings.info, res.kb, findings.data)
