"""Remedies guidance as dated data (docs/decisions.md §7): the edition chosen by the
assessment date and reported beside the Code's in every output; compensation bands that
follow the impact, not the finding's name; meaningful apologies; the one-day technical delay
of docs/decisions.md §13."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from complycheck import check
from complycheck.cli import main
from complycheck.errors import RulesetError
from complycheck.guidance import (
    GuidanceSpec,
    UnknownGuidanceError,
    list_guidance,
    load_guidance,
    select_guidance,
)
from complycheck.models import Case
from complycheck.results import Report, Span
from complycheck.rulesets import load_ruleset

ROOT = Path(__file__).resolve().parent.parent


def _case(*events: dict[str, Any], case_id: str = "g-1") -> Case:
    return Case.model_validate({"id": case_id, "events": list(events)})


#: received in 2023 (2022 Code); stage 1 answered 21 working days after the acknowledgement
#: (significant), no redress: maladministration
LATE_2023 = (
    {"date": "2023-05-02", "type": "complaint_received"},
    {"date": "2023-05-03", "type": "complaint_acknowledged", "stage": 1, "defined": True},
    {"date": "2023-06-06", "type": "stage_response", "stage": 1},
)


def _report(*events: dict[str, Any], as_of: date, guidance: str | None = None) -> Report:
    return check(_case(*events), as_of=as_of, guidance=guidance)


def _remedies(report: Report, kind: str) -> list[Any]:
    return [r for r in report.remedies if r.kind == kind]


# --- which edition ---------------------------------------------------------------------


def test_the_editions_are_listed_newest_first() -> None:
    assert list_guidance() == ["hos-compensation-2026", "hos-remedies"]


def test_the_day_before_and_the_day_the_compensation_guidance_took_effect() -> None:
    before = _report(*LATE_2023, as_of=date(2026, 3, 31))
    on = _report(*LATE_2023, as_of=date(2026, 4, 1))
    # the Code is chosen by the day the complaint was received, both times
    assert before.ruleset.id == on.ruleset.id == "hos-chc-2022"
    assert before.guidance is not None and on.guidance is not None
    assert before.guidance.id == "hos-remedies"
    assert before.guidance.why == (
        "remedies guidance: assessed as of 31 Mar 2026, before the next edition took effect "
        "on 1 Apr 2026 (the Ombudsman applies the guidance in force when it decides)"
    )
    assert on.guidance.id == "hos-compensation-2026"
    assert on.guidance.why.startswith(
        "compensation guidance (2026): assessed as of 1 Apr 2026, on or after 1 Apr 2026"
    )
    assert before.to_dict()["guidance"]["id"] == "hos-remedies"
    assert on.to_dict()["guidance"] == {
        "id": "hos-compensation-2026",
        "title": "Housing Ombudsman compensation guidance (2026)",
        "sha256": load_guidance("hos-compensation-2026").sha256,
        "why": on.guidance.why,
        "confirmed": False,
    }
    # same finding, same band (carried forward, not confirmed), named by its guidance
    assert before.determination.finding == on.determination.finding == "maladministration"
    assert "under the remedies guidance;" in _remedies(before, "compensation")[0].text
    assert "under the compensation guidance (2026);" in _remedies(on, "compensation")[0].text


def test_a_2023_complaint_assessed_today_gets_the_2022_code_and_todays_guidance() -> None:
    today = date.today()
    report = check(_case(*LATE_2023))
    assert report.ruleset.id == "hos-chc-2022"
    assert report.guidance is not None
    assert report.guidance.id == select_guidance(today)[0]


def test_the_caller_can_name_the_edition() -> None:
    report = _report(*LATE_2023, as_of=date(2026, 6, 1), guidance="hos-remedies")
    assert report.guidance is not None
    assert report.guidance.id == "hos-remedies"
    assert report.guidance.why == "remedies guidance: guidance hos-remedies given by the caller"


def test_an_unknown_edition_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownGuidanceError) as raised:
        _report(*LATE_2023, as_of=date(2026, 6, 1), guidance="hos-remedies-2019")
    assert "hos-compensation-2026, hos-remedies" in str(raised.value)


def _cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


@pytest.fixture()
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump({"id": "g-cli", "events": list(LATE_2023)}), encoding="utf-8")
    return path


def test_cli_unknown_guidance_is_a_usage_error_listing_the_editions(case_file: Path) -> None:
    result = _cli("check", str(case_file), "--guidance", "remedies")
    assert result.exit_code == 2
    assert "unknown guidance 'remedies'" in result.output
    assert "hos-compensation-2026, hos-remedies" in result.output


@pytest.mark.parametrize(
    ("as_of", "expected"), [("2026-03-31", "hos-remedies"), ("2026-04-01", "hos-compensation-2026")]
)
def test_every_output_shows_the_guidance_beside_the_ruleset(
    case_file: Path, as_of: str, expected: str
) -> None:
    def out(fmt: str) -> str:
        result = _cli("check", str(case_file), "--as-of", as_of, "--format", fmt, "-q")
        assert result.exit_code == 1, result.output
        return str(result.stdout)

    document = json.loads(out("json"))["results"][0]
    assert document["guidance"]["id"] == expected
    assert json.loads(out("jsonl").splitlines()[0])["guidance"]["id"] == expected
    text = out("text")
    assert f"  Guidance  {expected} — " in text
    assert f"| Guidance | `{expected}` " in out("markdown")
    rows = list(csv.DictReader(io.StringIO(out("csv"))))
    assert {row["guidance"] for row in rows} == {expected}
    properties = {
        p.get("name"): p.get("value") for p in ET.fromstring(out("junit")).iter("property")
    }
    assert properties["guidance"] == expected
    assert properties["guidance_why"] == document["guidance"]["why"]


def test_cli_guidance_overrides_the_date(case_file: Path) -> None:
    result = _cli(
        "check", str(case_file), "--as-of", "2026-05-01", "--guidance", "hos-remedies", "-q"
    )
    assert json.loads(result.stdout)["results"][0]["guidance"]["id"] == "hos-remedies"


def test_rules_lists_the_guidance_editions_and_shows_one() -> None:
    listing = _cli("rules").stdout
    assert "GUIDANCE" in listing
    assert "hos-compensation-2026  1 Apr 2026 – onwards" in listing
    assert "hos-remedies           before 1 Apr 2026" in listing
    bands = _cli("rules", "hos-compensation-2026").stdout
    assert "severe: £1,000 – no ceiling" in bands
    assert "adverse: £100 – £600" in bands
    assert "not confirmed:" in bands


# --- bands by impact -------------------------------------------------------------------


def test_bands_start_at_50_and_the_top_band_has_no_ceiling() -> None:
    for guidance_id in list_guidance():
        bands = load_guidance(guidance_id).spec.bands
        assert min(band.min_gbp for band in bands) == 50
        assert bands[-1].max_gbp is None
        assert [b.id for b in bands] == ["short_or_minor", "adverse", "considerable", "severe"]


def test_a_band_below_50_is_rejected() -> None:
    data = yaml.safe_load((ROOT / "guidance" / "hos-remedies.yaml").read_text(encoding="utf-8"))
    data["bands"][0]["min_gbp"] = 0
    with pytest.raises(ValueError, match="greater than or equal to 50"):
        GuidanceSpec.model_validate(data)


def test_a_service_failure_reaches_the_100_to_600_band() -> None:
    """The L&Q 202511313 pattern: a service failure finding, a band for adverse impact."""
    events = (
        *LATE_2023[:2],
        {
            "date": "2023-06-06",
            "type": "stage_response",
            "stage": 1,
            "acknowledged_delay": True,
        },
    )
    report = _report(*events, as_of=date(2025, 1, 1))
    assert report.determination.finding == "service_failure"
    assert report.determination.worst_weight == "significant"
    (band,) = [r for r in _remedies(report, "compensation") if r.band]
    assert (band.min_gbp, band.max_gbp, band.band) == (100, 600, "adverse")
    assert "indicative finding service failure" in band.text


def test_an_extreme_long_delay_is_severe_with_no_ceiling() -> None:
    events = (
        {"date": "2024-05-01", "type": "complaint_received"},
        {"date": "2024-05-02", "type": "complaint_acknowledged", "stage": 1, "defined": True},
    )
    report = _report(*events, as_of=date(2024, 12, 2))
    assert report.determination.worst_weight == "extreme"
    (band,) = [r for r in _remedies(report, "compensation") if r.band]
    assert (band.min_gbp, band.max_gbp, band.band) == (1000, None, "severe")
    assert "band from £1,000 (no ceiling)" in band.text
    assert band.to_dict()["max_gbp"] is None


def test_minor_breaches_get_the_lowest_band_and_technical_ones_none() -> None:
    minor = _report(
        {"date": "2024-05-01", "type": "complaint_received"},
        {"date": "2024-05-02", "type": "complaint_acknowledged", "stage": 1, "defined": True},
        {"date": "2024-05-24", "type": "stage_response", "stage": 1},  # 16 working days
        as_of=date(2024, 9, 1),
    )
    assert minor.determination.worst_weight == "minor"
    (band,) = [r for r in _remedies(minor, "compensation") if r.band]
    assert (band.min_gbp, band.max_gbp, band.band) == (50, 100, "short_or_minor")
    technical = _report(
        {"date": "2024-05-01", "type": "complaint_received"},
        {"date": "2024-05-02", "type": "complaint_acknowledged", "stage": 1, "defined": True},
        {"date": "2024-05-20", "type": "stage_response", "stage": 1},  # 12 working days
        as_of=date(2024, 9, 1),
    )
    assert technical.determination.finding == "no_maladministration"
    assert not _remedies(technical, "compensation")


def test_no_remedy_anywhere_is_a_band_below_50_or_mentions_0_to_100() -> None:
    for path in sorted((ROOT / "tests" / "golden" / "engine").glob("*.json")):
        report = json.loads(path.read_text(encoding="utf-8"))
        for remedy in report["remedies"]:
            assert "£0–" not in remedy["text"], path.name
            if "band" in remedy:
                assert remedy["min_gbp"] >= 50, path.name


def test_a_ruleset_with_its_own_remedies_is_told_where_they_went(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "rulesets" / "hos-chc-2024.yaml").read_text(encoding="utf-8"))
    data["remedies"] = {"source": "x", "bands": []}
    path = tmp_path / "custom.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RulesetError, match="no longer part of a ruleset"):
        load_ruleset(str(path))


# --- apologies -------------------------------------------------------------------------


def _apology_case(**flags: bool) -> Report:
    events = (
        *LATE_2023[:2],
        {
            "date": "2023-06-06",
            "type": "stage_response",
            "stage": 1,
            "apology": True,
            **flags,
        },
    )
    return _report(*events, as_of=date(2025, 1, 1))


def test_an_apology_of_unrecorded_quality_counts_and_the_reasoning_says_so() -> None:
    report = _apology_case()
    assert not _remedies(report, "apology")
    notes = [s for s in report.determination.reasoning if s.startswith("Apology:")]
    assert notes == [
        "Apology: the apology in the stage 1 response of 6 Jun 2023 counted as apologising; "
        "its quality was not assessed, as the record does not say whether it was specific, "
        "from a senior member of staff and timely (apology_specific, apology_senior, "
        "apology_timely; docs/decisions.md §7)."
    ]
    assert report.determination.reasoning[-1].startswith("This is an indicative finding")


def test_a_meaningful_apology_answers_the_breach() -> None:
    report = _apology_case(apology_specific=True, apology_senior=True, apology_timely=True)
    assert not _remedies(report, "apology")
    assert not any(s.startswith("Apology:") for s in report.determination.reasoning)


def test_an_apology_recorded_as_lacking_earns_a_meaningful_one() -> None:
    report = _apology_case(apology_specific=True, apology_senior=False)
    (apology,) = _remedies(report, "apology")
    assert apology.rules == ("stage1.respond",)
    assert "the apology given was not from a senior member of staff" in apology.text
    assert "make it a meaningful apology" in apology.text


def test_no_apology_suggests_a_meaningful_one() -> None:
    report = _report(*LATE_2023, as_of=date(2025, 1, 1))
    (apology,) = _remedies(report, "apology")
    assert apology.text.startswith("Apologise in writing for the failings:")
    assert apology.text.endswith(
        "make it a meaningful apology: specific to these failings, from a senior member of "
        "staff, and made promptly."
    )


def test_the_apology_flags_are_in_the_schema() -> None:
    schema = json.loads(CliRunner().invoke(main, ["schema"]).stdout)
    response = schema["$defs"]["StageResponse"]["properties"]
    for flag in ("apology_specific", "apology_senior", "apology_timely"):
        assert flag in response


# --- one working day late (docs/decisions.md §13) --------------------------------------

RECEIVED = (
    {"date": "2024-05-01", "type": "complaint_received"},
    {"date": "2024-05-02", "type": "complaint_acknowledged", "stage": 1, "defined": True},
)


def _stage1(*later: dict[str, Any]) -> Report:
    return _report(*RECEIVED, *later, as_of=date(2024, 9, 1))


def _respond(report: Report) -> Any:
    return next(c for c in report.checks if c.rule == "stage1.respond")


def test_one_day_late_unchased_is_technical_and_usually_reasonable() -> None:
    # due 17 May 2024 (the early May bank holiday, 6 May, is not counted)
    report = _stage1({"date": "2024-05-20", "type": "stage_response", "stage": 1})
    respond = _respond(report)
    assert (respond.status, respond.weight) == ("breached", "technical")
    assert respond.facts["working_days_late"] == Span(1, 1)
    assert respond.reasoning.endswith(
        "Late by 1 working day (technical): the resident did not chase it, and the Ombudsman "
        "usually finds a one-day delay reasonable (docs/decisions.md §13)."
    )
    (note,) = [s for s in report.determination.reasoning if s.startswith("A one-day delay")]
    assert "stage1.respond (6.3) came 1 working day late" in note
    assert '"a reasonable timescale"' in note
    assert report.determination.finding == "no_maladministration"


@pytest.mark.parametrize(
    "later",
    [
        ({"date": "2024-05-21", "type": "stage_response", "stage": 1},),  # two days late
        (
            {"date": "2024-05-20", "type": "resident_chased", "stage": 1},
            {"date": "2024-05-20", "type": "stage_response", "stage": 1},
        ),
    ],
    ids=["two-days-late", "chased"],
)
def test_no_one_day_note_when_later_or_chased(later: tuple[dict[str, Any], ...]) -> None:
    report = _stage1(*later)
    assert "Late by 1 working day" not in _respond(report).reasoning
    assert not any(s.startswith("A one-day delay") for s in report.determination.reasoning)


# --- provision marks (item 3 of the fidelity review) -----------------------------------


def test_the_confirmed_2024_provisions_carry_no_stale_mark() -> None:
    rules = load_ruleset("hos-chc-2024").rules
    for rule_id in ("stages.no_informal_stage", "stages.number", "stages.no_skipped_stage"):
        assert rules[rule_id].confirmed, rule_id


def test_no_rule_cites_the_page_about_the_2024_process_for_an_earlier_code() -> None:
    for ruleset_id in ("hos-chc-2020", "hos-chc-2022"):
        extension = load_ruleset(ruleset_id).rules["stage2.extension"]
        assert "fourmillionhomes" not in extension.source
        assert "tch.org.uk" in extension.source
        assert not extension.confirmed


def test_the_2020_start_date_is_stated_as_a_project_choice() -> None:
    spec = load_ruleset("hos-chc-2020").spec
    assert spec.effective_from == date(2020, 7, 1)
    assert spec.effective_from_note is not None
    assert "project's choice" in spec.effective_from_note
    shown = CliRunner().invoke(main, ["rules", "hos-chc-2020"]).stdout
    assert "in force from: 1 July 2020 is the project's choice" in shown
