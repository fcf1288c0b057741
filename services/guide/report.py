"""What the content check found: problems that name the file and the field.

The same report is printed by `python -m app guide check`, shown when the app
refuses to start, and asserted on by the tests, so an editor fixing a YAML
file reads one message everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # relative to the guide folder, e.g. "fr/ajpa.yaml"
    field: str  # e.g. "steps[1].title"; "-" when the whole file is at fault
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass
class ContentReport:
    errors: list[Problem] = field(default_factory=list)
    # Warnings do not stop the app: an amount past its end date still helps as history.
    warnings: list[Problem] = field(default_factory=list)
    procedures_per_language: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, file: str, where: str, message: str) -> None:
        self.errors.append(Problem(file, where, message))

    def warn(self, file: str, where: str, message: str) -> None:
        self.warnings.append(Problem(file, where, message))

    def render(self) -> str:
        lines: list[str] = []
        if self.errors:
            lines.append(f"Guide content has {len(self.errors)} error(s):")
            lines += [f"  ERROR {problem}" for problem in sorted(self.errors)]
        if self.warnings:
            lines.append(f"{len(self.warnings)} warning(s):")
            lines += [f"  warning {problem}" for problem in sorted(self.warnings)]
        if self.ok:
            counts = ", ".join(
                f"{lang}: {count}" for lang, count in sorted(self.procedures_per_language.items())
            )
            lines.append(f"Guide content is valid ({counts} procedures).")
        return "\n".join(lines)


class GuideContentError(Exception):
    """The content cannot be served; `report` says which file and field."""

    def __init__(self, report: ContentReport) -> None:
        super().__init__(report.render())
        self.report = report
