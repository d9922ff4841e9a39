"""BundleError: what stops ./alwgs reference, in one line naming the file (and line and field
when there is one), like intake's messages."""

from __future__ import annotations


class BundleError(Exception):
    def __init__(self, file: str, message: str, row: int | None = None, field: str | None = None):
        self.file, self.message, self.row, self.field = str(file), message, row, field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" line {self.row}"
        if self.field is not None:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"
