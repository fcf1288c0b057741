"""Load and validate the guide's content from assets/guide/<lang>/*.yaml.

Every file is validated against services.guide_models, then the languages are
compared: the same procedures, the same steps in the same order, the same
documents and the same amounts. Any error stops the app at start with a report
naming file and field (half a procedure is never shown). The loaded catalogue
is cached for the life of the process: content changes only with a deploy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from services.guide import style as guide_style
from services.guide.models import (
    CarePathway,
    CareRoles,
    GuideInfo,
    LanguageContent,
    Procedure,
    document_ids,
    step_ids,
)
from services.guide.report import ContentReport, GuideContentError

LANGUAGES = ("fr", "en")
REFERENCE_LANGUAGE = "fr"  # the language the content is written in first
DEFAULT_GUIDE_DIR = Path(__file__).resolve().parents[2] / "assets" / "guide"
SOURCE_STALE_AFTER = dt.timedelta(days=366)

_MODELS: dict[str, type[BaseModel]] = {
    "procedure": Procedure,
    "care_roles": CareRoles,
    "care_pathway": CarePathway,
    "guide": GuideInfo,
}
# The C loader is several times faster; plain SafeLoader is the fallback if libyaml is absent.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# eq=False: compared and hashed by identity, so derived indexes can be cached per catalogue.
@dataclass(frozen=True, eq=False)
class GuideCatalogue:
    languages: dict[str, LanguageContent]

    def content(self, lang: str) -> LanguageContent:
        return self.languages.get(lang) or self.languages[REFERENCE_LANGUAGE]

    def procedures(self, lang: str) -> list[Procedure]:
        return list(self.content(lang).procedures.values())

    def procedure(self, lang: str, procedure_id: str) -> Procedure | None:
        return self.content(lang).procedures.get(procedure_id)

    @property
    def procedure_ids(self) -> list[str]:
        return list(self.languages[REFERENCE_LANGUAGE].procedures)

    @property
    def reviewed_on(self) -> dt.date:
        return self.languages[REFERENCE_LANGUAGE].info.reviewed_on


def _field_path(location: tuple[int | str, ...]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "-"


def _read_yaml(path: Path, name: str, report: ContentReport) -> dict[str, Any] | None:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 (safe loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "-"
        report.error(name, where, f"malformed YAML: {error.problem}")
        return None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        report.error(name, "-", f"malformed YAML: {error}")
        return None
    if not isinstance(data, dict) or data.get("kind") not in _MODELS:
        report.error(name, "kind", f"must be one of {', '.join(_MODELS)}")
        return None
    return data


def _validate(data: dict[str, Any], name: str, report: ContentReport) -> BaseModel | None:
    try:
        return _MODELS[data["kind"]].model_validate(data)
    except ValidationError as error:
        for problem in error.errors():
            report.error(name, _field_path(problem["loc"]), problem["msg"])
        return None


def _check_procedure(name: str, stem: str, procedure: Procedure, report: ContentReport) -> None:
    if procedure.id != stem:
        report.error(name, "id", f"must match the file name ({stem!r})")
    for label, ids in (
        ("steps", step_ids(procedure)),
        ("documents", document_ids(procedure)),
        ("amounts", tuple(a.id for a in procedure.amounts)),
    ):
        if len(set(ids)) != len(ids):
            report.error(name, label, "two entries share one id")
    known = set(document_ids(procedure))
    for i, step in enumerate(procedure.steps):
        for doc in step.documents:
            if doc not in known:
                report.error(name, f"steps[{i}].documents", f"{doc!r} is not in documents")
    today = dt.date.today()
    for i, amount in enumerate(procedure.amounts):
        if amount.valid_until and amount.valid_until < amount.valid_from:
            report.error(name, f"amounts[{i}].valid_until", "is before valid_from")
        elif amount.valid_until and amount.valid_until < today:
            # The app keeps showing it as a former amount; the editor needs to know where
            # the figure in force is published, and must never guess it.
            report.warn(
                name,
                f"amounts[{i}]",
                f"{amount.id} ended on {amount.valid_until}; it is shown as a former amount."
                f" Check the amount in force at {amount.source.title} <{amount.source.url}>"
                " and add it with its valid_from date",
            )
    for i, source in enumerate(procedure.sources):
        if today - source.checked_on > SOURCE_STALE_AFTER:
            report.warn(name, f"sources[{i}].checked_on", "checked over a year ago")
    guide_style.check_procedure_style(name, procedure, report)


def _load_language(folder: Path, lang: str, report: ContentReport) -> LanguageContent | None:
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        report.error(f"{lang}/", "-", "no content files: every language needs the whole guide")
        return None
    procedures: dict[str, Procedure] = {}
    singles: dict[str, BaseModel] = {}  # by kind: one guide, care_roles, care_pathway file
    errors_before = len(report.errors)
    for path in files:
        name = f"{lang}/{path.name}"
        data = _read_yaml(path, name, report)
        model = _validate(data, name, report) if data is not None else None
        if data is None or model is None:
            continue
        if isinstance(model, Procedure):
            _check_procedure(name, path.stem, model, report)
            procedures[model.id] = model
            continue
        if isinstance(model, CareRoles):
            guide_style.check_care_roles_style(name, model, report)
        elif isinstance(model, CarePathway):
            guide_style.check_pathway_style(name, model, report)
        if data["kind"] in singles:
            report.error(name, "kind", f"a second {data['kind']} file")
        singles[data["kind"]] = model
    if len(report.errors) > errors_before:
        return None
    for kind in ("guide", "care_roles", "care_pathway"):
        if kind not in singles:
            report.error(f"{lang}/", "-", f"no file with kind: {kind}")
            return None
    info, roles, pathway = singles["guide"], singles["care_roles"], singles["care_pathway"]
    assert isinstance(info, GuideInfo) and isinstance(roles, CareRoles)
    assert isinstance(pathway, CarePathway)
    return LanguageContent(info=info, procedures=procedures, care_roles=roles, care_pathway=pathway)


def _compare_languages(languages: dict[str, LanguageContent], report: ContentReport) -> None:
    reference = languages[REFERENCE_LANGUAGE]
    for lang, content in languages.items():
        if lang == REFERENCE_LANGUAGE:
            continue
        for missing in reference.procedures.keys() - content.procedures.keys():
            report.error(
                f"{lang}/{missing}.yaml", "-", f"missing translation of {REFERENCE_LANGUAGE}"
            )
        for extra in content.procedures.keys() - reference.procedures.keys():
            report.error(f"{lang}/{extra}.yaml", "-", f"no {REFERENCE_LANGUAGE} original")
        for pid in reference.procedures.keys() & content.procedures.keys():
            _compare_procedure(lang, reference.procedures[pid], content.procedures[pid], report)
        pairs = (
            (
                "roles",
                [r.id for r in reference.care_roles.roles],
                [r.id for r in content.care_roles.roles],
            ),
            (
                "stages",
                [s.id for s in reference.care_pathway.stages],
                [s.id for s in content.care_pathway.stages],
            ),
        )
        for where, expected, found in pairs:
            if expected != found:
                report.error(
                    f"{lang}/", where, f"ids {found} differ from {REFERENCE_LANGUAGE}: {expected}"
                )
        if content.info.reviewed_on != reference.info.reviewed_on:
            report.error(f"{lang}/", "reviewed_on", f"differs from {REFERENCE_LANGUAGE}")


def _compare_procedure(
    lang: str, original: Procedure, translation: Procedure, report: ContentReport
) -> None:
    name = f"{lang}/{translation.id}.yaml"
    for field in ("audience", "category"):
        if getattr(original, field) != getattr(translation, field):
            report.error(name, field, f"differs from {REFERENCE_LANGUAGE}")
    if step_ids(original) != step_ids(translation):
        report.error(
            name,
            "steps",
            f"step ids {list(step_ids(translation))} differ from "
            f"{REFERENCE_LANGUAGE}: {list(step_ids(original))}",
        )
    for i, (a, b) in enumerate(zip(original.steps, translation.steps, strict=False)):
        if a.documents != b.documents:
            report.error(name, f"steps[{i}].documents", f"differ from {REFERENCE_LANGUAGE}")
    if document_ids(original) != document_ids(translation):
        report.error(name, "documents", f"document ids differ from {REFERENCE_LANGUAGE}")
    figures = [(a.id, a.value_eur, a.period, a.valid_from, a.valid_until) for a in original.amounts]
    if figures != [
        (a.id, a.value_eur, a.period, a.valid_from, a.valid_until) for a in translation.amounts
    ]:
        report.error(
            name, "amounts", f"amounts differ from {REFERENCE_LANGUAGE} (ids, values or dates)"
        )


def check_content(
    directory: Path = DEFAULT_GUIDE_DIR,
) -> tuple[ContentReport, GuideCatalogue | None]:
    report = ContentReport()
    languages: dict[str, LanguageContent] = {}
    for lang in LANGUAGES:
        content = _load_language(directory / lang, lang, report)
        if content is not None:
            languages[lang] = content
            report.procedures_per_language[lang] = len(content.procedures)
    if len(languages) == len(LANGUAGES):
        _compare_languages(languages, report)
    if not report.ok:
        return report, None
    return report, GuideCatalogue(languages)


def load_catalogue(directory: Path = DEFAULT_GUIDE_DIR) -> GuideCatalogue:
    report, catalogue = check_content(directory)
    if catalogue is None:
        raise GuideContentError(report)
    return catalogue


_active: GuideCatalogue | None = None


def activate(directory: Path = DEFAULT_GUIDE_DIR) -> GuideCatalogue:
    """Load, validate and keep the catalogue for this process (raises GuideContentError)."""
    global _active
    _active = load_catalogue(directory)
    return _active


def current_catalogue() -> GuideCatalogue:
    return _active if _active is not None else activate()
