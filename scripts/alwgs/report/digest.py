"""The input digest a report prints: one sha256 that names every file and setting the report
was made from, so two reports can be told made from the same inputs or not.

It is the sha256 of lines, sorted: ``file<TAB><input name>[<index>]<TAB><sha256 of the file>``
for each input file (by its role, not its path: the same files moved elsewhere give the same
digest) and ``params<TAB><canonical JSON of the settings>`` (keys sorted; an absolute path
in them counts by its file name, for the same reason: the file's content is counted as an
input file where the report reads it). The interpretation's
own inputs (diagnosis, sex, blast fraction, therapy context) reach it through the
interpretation file, which holds them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import PurePath

from alwgs.checksums import file_sha256

ALGORITHM = (
    "sha256 over the sorted lines 'file, input name, sha256 of the file' of every input file "
    "and 'params, canonical JSON' of the report settings"
)


def _named_files(files: Mapping[str, str | Iterable[str]]) -> list[tuple[str, str]]:
    """(input name, path) pairs; a list input gives name[0], name[1], ... in its order."""
    pairs = []
    for name, value in files.items():
        if isinstance(value, str):
            pairs.append((name, value))
        else:
            pairs += [(f"{name}[{i}]", str(path)) for i, path in enumerate(value)]
    return pairs


def _portable(value):
    """The settings with each absolute path replaced by its file name."""
    if isinstance(value, Mapping):
        return {str(k): _portable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_portable(v) for v in value]
    if isinstance(value, str) and value.startswith("/"):
        return PurePath(value).name
    return value


def input_digest(files: Mapping[str, str | Iterable[str]], params: Mapping) -> dict:
    """{sha256, files (how many), method} of the named input files and the params."""
    pairs = _named_files(files)
    lines = [f"file\t{name}\t{file_sha256(path)}" for name, path in pairs]
    lines.append("params\t" + json.dumps(_portable(params), sort_keys=True, default=str))
    text = "\n".join(sorted(lines)) + "\n"
    return {
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "files": len(pairs),
        "method": ALGORITHM,
    }
