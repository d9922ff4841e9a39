"""A findings file read as YAML and checked against config/schemas/findings.schema.yaml: one
document (a mapping) or a list of them. Every problem is an IntakeError naming the file, the
line and the field (as for every alwgs input), found before anything is written."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import yaml

from alwgs.intake import schemas
from alwgs.intake.errors import IntakeError, _describe, _first_error
from alwgs.intake.yamltext import _parse_yaml

FORMAT_VERSION = 1
SCHEMA = "findings.schema.yaml"
KEY_ORDER = (
    "alwgs_findings",
    "case",
    "source",
    "build",
    "sample",
    "assessed",
    "variants",
    "fusions",
    "copy_number",
    "karyotype",
    "germline",
    "expected",
    "note",
)


@dataclass
class Document:
    """One findings document with what is needed to point at its lines."""

    data: dict
    file: str  # the path as given
    index: int | None  # position in a list file; None for a single-document file
    node: yaml.Node | None  # its YAML node (for line numbers)
    sha256: str  # of the whole file
    extra: dict = field(default_factory=dict)

    @property
    def case(self) -> str:
        return str(self.data.get("case", ""))

    def line(self, path: list | tuple = ()) -> int | None:
        """1-based line of the deepest key or list item of `path` (str keys, int indices)
        that exists; the document's own line for an empty path."""
        node, line = self.node, self.node.start_mark.line + 1 if self.node else None
        for step in path:
            if isinstance(node, yaml.MappingNode):
                hit = next(((k, v) for k, v in node.value if k.value == str(step)), None)
                if hit is None:
                    break
                line, node = hit[0].start_mark.line + 1, hit[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    break
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def error(self, path: list | tuple, message: str) -> IntakeError:
        """An IntakeError at a field of this document (`path` as for line())."""
        return IntakeError(self.file, self.line(path), field_name(path) or None, message)


def field_name(path: list | tuple) -> str:
    """['variants', 2, 'vaf'] -> 'variants[2].vaf'."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def read_documents(path: str | Path) -> list[Document]:
    """The documents of a findings file, each checked against the schema."""
    label = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise IntakeError(label, None, None, "file does not exist") from None
    except OSError as exc:
        raise IntakeError(label, None, None, f"cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise IntakeError(label, None, None, "is not UTF-8 text") from None
    data = _parse_yaml(text, label)
    root = yaml.compose(text)
    digest = hashlib.sha256(raw).hexdigest()
    if isinstance(data, dict):
        docs = [Document(data, label, None, root, digest)]
    elif isinstance(data, list) and data:
        nodes = root.value if isinstance(root, yaml.SequenceNode) else [None] * len(data)
        docs = [
            Document(d, label, i, n, digest)
            for i, (d, n) in enumerate(zip(data, nodes, strict=True))
        ]
    else:
        raise IntakeError(
            label, 1, None, "must be a findings document (a mapping) or a list of them"
        )
    validator = jsonschema.Draft202012Validator(schemas._load_schema(SCHEMA))
    seen: dict[str, int | None] = {}
    for doc in docs:
        if not isinstance(doc.data, dict):
            raise IntakeError(label, doc.line(), None, "a findings document must be a mapping")
        error = _first_error(validator, doc.data, KEY_ORDER)
        if error is not None:
            keys, message = _describe(error)
            steps = [int(k) if k.isdigit() else k for k in keys]
            raise doc.error(steps, message)
        if doc.case in seen:
            raise doc.error(
                ["case"], f"case '{doc.case}' appears twice (first at line {seen[doc.case]})"
            )
        seen[doc.case] = doc.line(["case"])
    return docs
