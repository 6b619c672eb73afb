"""What is wrong with an input, as a value: loading returns these instead of raising."""

from __future__ import annotations

from dataclasses import dataclass

FILE = "(file)"  # the ``feature`` of a problem that concerns the whole file


@dataclass(frozen=True)
class Problem:
    """One thing wrong with ``file``: which feature (or ``FILE``), which field, and why.

    ``message`` says how to fix it; ``field`` names the property concerned ("" when the
    problem is not about one property); ``skipped`` says the feature is not drawn at all
    (only a geometry that cannot be drawn does that); otherwise it is drawn without the
    value that did not fit.
    """

    file: str
    feature: str
    message: str
    field: str = ""
    skipped: bool = False  # the feature is not drawn (else: drawn without what did not fit)

    def __str__(self) -> str:
        return f"{self.file}: {self.feature}: {self.message}"

    def for_reader(self) -> str:
        """As a page shows it: the whole file's problems without the "(file)" marker."""
        where = "" if self.feature == FILE else f"{self.feature}: "
        return f"{self.file}: {where}{self.message}"


class Reject(ValueError):
    """A value that does not fit where it was found; its message says how to fix it."""
