"""The output formats, on hand-built results: every status, an input error, the summary."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date

import click
import pytest

from complycheck.errors import InputIssue
from complycheck.render import FORMATS, Summary, make_writer
from complycheck.render.csv_rows import COLUMNS, safe_cell
from complycheck.render.json_doc import JsonWriter
from complycheck.render.markdown import md
from complycheck.render.summary import Tally
from complycheck.results import (
    CalendarInfo,
    CaseResult,
    Check,
    Determination,
    Remedy,
    Report,
    RulesetInfo,
    Span,
)

LONG_REASONING = (
    "Stage 2 response on 15 Feb 2023, 42 working days after the escalation request on "
    "14 Dec 2022 (45 weekdays less Boxing Day, Christmas Day (observed) and New Year's Day "
    "(observed)); limit 20 working days (Code 2022 5.13), due 12 Jan 2023 → 22 working days late."
)


def make_report(
    case_id: str = "202225311", *, landlord: str | None = "Notting Hill Genesis"
) -> Report:
    checks = (
        Check(
            rule="stage1.acknowledge",
            provision="4.1",
            title="Acknowledge the complaint within five days",
            status="met",
            reasoning="Acknowledged on 28 Nov 2022, 0 working days after receipt → on time.",
            facts={"due_date": date(2022, 12, 5), "working_days_taken": Span(0, 0)},
        ),
        Check(
            rule="stage1.respond",
            provision="5.7",
            title="Respond at stage 1 within 10 working days",
            status="breached",
            reasoning="Stage 1 response on 13 Dec 2022, 11 working days → 1 working day late.",
            facts={
                "measures": "stage1_response",
                "end_event": 3,
                "due_date": date(2022, 12, 12),
                "working_days_taken": Span(11, 11),
                "working_days_late": Span(1, 1),
            },
            weight="technical",
            weight_worst="technical",
        ),
        Check(
            rule="stage2.respond",
            provision="5.13",
            title="Respond at stage 2 within 20 working days",
            status="breached",
            reasoning=LONG_REASONING,
            facts={
                "measures": "stage2_response",
                "end_event": 8,
                "due_date": {"earliest": date(2023, 1, 12), "latest": date(2023, 1, 12)},
                "working_days_taken": Span(42, 42),
                "working_days_late": Span(20, 22),
                "count_from": "2022-12-14",
                "count_to": "2023-02-15",
            },
            weight="significant",
            weight_worst="extreme",
            confirmed=False,
        ),
        Check(
            rule="extension.notice",
            provision="5.8",
            title="Tell the resident about an extension",
            status="not_applicable",
            reasoning="No extension was notified.",
        ),
        Check(
            rule="actions.done",
            provision="5.16",
            title="Do what the response promised",
            status="pending",
            reasoning="Repair due 1 Jun 2024; 20 working days left.",
        ),
        Check(
            rule="stage2.apology",
            provision="6.1",
            title="Apologise where things went wrong",
            status="unknown",
            reasoning="The record does not say whether the stage 2 response apologised.",
        ),
    )
    return Report(
        case_id=case_id,
        landlord=landlord,
        ruleset=RulesetInfo(
            "hos-chc-2022",
            "Housing Ombudsman Complaint Handling Code (2022)",
            "ab" * 32,
            "2022 Code: complaint received 28 Nov 2022",
        ),
        calendar=CalendarInfo("england", "0.109", (date(2022, 12, 28),)),
        as_of=date(2024, 5, 1),
        tool_version="0.1.0",
        engine="builtin",
        checks=checks,
        determination=Determination(
            finding="maladministration",
            worst_case="severe_maladministration",
            worst_weight="extreme",
            redress="partial",
            weighed=("stage1.respond", "stage2.respond"),
            reasoning=(
                "Two breaches weighed: stage 1 response 1 working day late (technical); "
                "stage 2 response 20 to 22 working days late (significant).",
                "The £100 offered for complaint handling falls short of the £100–£600 band.",
            ),
        ),
        remedies=(
            Remedy("apology", "Apologise for the delays.", ("stage2.respond",)),
            Remedy(
                "compensation",
                "Pay for the time and trouble.",
                ("stage2.respond",),
                min_gbp=100,
                max_gbp=600,
            ),
            Remedy("action", "Review why the stage 2 response was late.", ("stage2.respond",)),
        ),
    )


def ok_result(case_id: str = "202225311", **kwargs: str | None) -> CaseResult:
    return CaseResult("cases.yaml", "document 1", case_id, report=make_report(case_id, **kwargs))


def error_result() -> CaseResult:
    issue = InputIssue(
        "'2023-02-30' is not a real date",
        case_id="B2",
        field="events[1].date",
        value="2023-02-30",
        expected="a date as YYYY-MM-DD",
    )
    return CaseResult("cases.yaml", "document 2", "B2", errors=(issue,))


def render(fmt: str, results: list[CaseResult], **options: object) -> str:
    stream = io.StringIO()
    writer = make_writer(fmt, stream, **options)  # type: ignore[arg-type]
    summary = Summary()
    for result in results:
        summary.add(result)
        writer.write(result)
    writer.close(summary)
    return stream.getvalue()


# -- summary ---------------------------------------------------------------------------------


def test_summary_counts_findings_breaches_and_stage_timeliness() -> None:
    summary = Summary()
    for result in (ok_result("A"), ok_result("B"), error_result()):
        summary.add(result)
    data = summary.to_dict()
    assert data["cases"] == 3
    assert data["checked"] == 2
    assert data["input_errors"] == 1
    assert data["findings"]["maladministration"] == 2
    assert data["findings"]["no_maladministration"] == 0
    assert data["breaches"] == [
        {"rule": "stage1.respond", "provision": "5.7", "cases": 2},
        {"rule": "stage2.respond", "provision": "5.13", "cases": 2},
    ]
    assert data["stage_responses"]["stage1"] == {"on_time": 0, "late": 2, "share_on_time": 0.0}
    assert summary.above("service_failure") == 2
    assert summary.above("maladministration") == 0


def test_summary_from_tallies_is_the_summary_from_results() -> None:
    """Workers send a Tally instead of the report; the summary must not tell the difference."""
    from_results, from_tallies = Summary(), Summary()
    for result in (ok_result("A"), ok_result("B"), error_result()):
        from_results.add(result)
        from_tallies.add_tally(Tally.of(result))
    assert from_tallies == from_results


def test_summary_with_nothing_measured() -> None:
    data = Summary().to_dict()
    assert data["stage_responses"]["stage2"] == {"on_time": 0, "late": 0, "share_on_time": None}
    assert "Stage 1 responses within the Code's timescale: none measured" in Summary().lines()


# -- text ------------------------------------------------------------------------------------


def test_text_shows_header_marks_reasoning_determination_and_remedies() -> None:
    out = render("text", [ok_result(), error_result()], width=88)
    assert out.startswith("Case 202225311 — Notting Hill Genesis\n")
    assert "  Ruleset   hos-chc-2022 — Housing Ombudsman Complaint Handling Code (2022)" in out
    assert (
        "  Calendar  england bank holidays (holidays 0.109); landlord closure days 28 Dec 2022"
        in out
    )
    assert "  As of     1 May 2024" in out
    assert "  ✓ 4.1    Acknowledge the complaint within five days [stage1.acknowledge] met" in out
    assert "  ✗ 5.13*  Respond at stage 2 within 20 working days [stage2.respond] breached" in out
    assert "  – 5.8    " in out and "  … 5.16   " in out and "  ? 6.1    " in out
    assert "Indicative finding: maladministration (at worst severe maladministration)" in out
    assert "  1. Two breaches weighed" in out
    assert "  - Compensation £100–£600: Pay for the time and trouble. (for stage2.respond)" in out
    assert "* provision number not confirmed against the Code" in out
    assert "Case B2: not checked (input errors)" in out
    assert (
        "  cases.yaml: document 2: case B2: events[1].date: '2023-02-30' is not a real date" in out
    )
    assert "Summary\n  Cases: 2 (1 checked, 1 with input errors)" in out
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 88


def test_a_rejected_log_row_is_named_by_the_id_its_issue_carries() -> None:
    row = CaseResult("log.csv", "row 4", None, errors=(InputIssue("bad type", case_id="L2"),))
    assert render("text", [row]).startswith("Case L2: not checked (input errors)\n")
    [line] = list(csv.DictReader(io.StringIO(render("csv", [row]))))
    assert (line["case_id"], line["location"], line["status"]) == ("L2", "row 4", "input_error")
    anonymous = CaseResult("log.csv", "row 5", None, errors=(InputIssue("empty row"),))
    assert render("text", [anonymous]).startswith("Case at row 5: not checked")


def test_text_wraps_long_reasoning_under_the_check() -> None:
    out = render("text", [ok_result()], width=80)
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("    Stage 2 response on"))
    assert lines[start + 1].startswith("    ") and not lines[start + 1].startswith("     ")
    assert max(len(line) for line in lines) <= 80


def test_text_colour_only_when_asked() -> None:
    out = render("text", [ok_result()], color=True)
    assert "\x1b[" in out
    assert max(len(click.unstyle(line)) for line in out.splitlines()) <= 88


def test_text_falls_back_to_ascii_marks_on_a_narrow_encoding() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="latin-1")
    writer = make_writer("text", stream)
    writer.write(ok_result())
    writer.close(Summary())
    stream.flush()
    out = raw.getvalue().decode("latin-1")
    assert "  + 4.1 " in out and "  x 5.13*" in out


# -- markdown --------------------------------------------------------------------------------


def test_markdown_tables_and_escaping() -> None:
    out = render("markdown", [ok_result(landlord="A|B *Homes*"), error_result()])
    assert out.startswith("# complycheck report\n\n## Case 202225311 — A\\|B \\*Homes\\*\n")
    assert "| ✗ | 5.13\\* | `stage2.respond` | Respond at stage 2 within 20 working days |" in out
    assert "### Indicative finding: maladministration (at worst severe_maladministration)" in out
    assert (
        "- **Compensation** £100–£600: Pay for the time and trouble. (for `stage2.respond`)" in out
    )
    assert "## Case B2: not checked (input errors)" in out
    assert "| maladministration | 1 |" in out
    assert "| 5.13 | `stage2.respond` | 1 |" in out
    rows = [line for line in out.splitlines() if line.startswith("| ✗ | 5.13")]
    assert rows[0].count(" | ") == 5  # six cells: no stray pipes from the content


def test_md_escape() -> None:
    assert md("a|b\n<script>") == "a\\|b\\\\n\\<script\\>"  # the line break shown, as \\n
    assert md("tab\tand  spaces") == "tab\\\\tand spaces"


# -- json and jsonl ---------------------------------------------------------------------------


def test_json_is_one_document_with_results_and_summary() -> None:
    data = json.loads(render("json", [ok_result(), error_result()]))
    assert [r["case_id"] for r in data["results"]] == ["202225311", "B2"]
    first = data["results"][0]
    assert first["determination"]["finding"] == "maladministration"
    assert first["checks"][2]["facts"]["working_days_late"] == {"min": 20, "max": 22}
    assert first["checks"][2]["provision_confirmed"] is False
    assert data["results"][1]["errors"][0]["field"] == "events[1].date"
    assert data["summary"]["cases"] == 2


def test_json_with_no_results() -> None:
    assert json.loads(render("json", []))["results"] == []


@pytest.mark.parametrize("case_id", ["202225311", "line\u2028separator", "next\x85line"])
def test_json_items_indented_two_spaces_a_level_with_text_kept(case_id: str) -> None:
    """``json``'s layout is ``json.dumps(..., indent=2)``'s, each item four spaces in; a
    line separator JSON leaves unescaped inside a string is text, not a line to indent."""
    result = ok_result(case_id)
    text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    assert JsonWriter.render(result) == "    " + text.replace("\n", "\n    ")
    assert json.loads(JsonWriter.render(result))["case_id"] == case_id


def test_jsonl_lines_are_compact_json_with_text_as_utf8() -> None:
    """No space between tokens, and text as UTF-8 rather than escapes (docs/output.md)."""
    text = render("jsonl", [ok_result("Åsa’s £5 case"), error_result()])
    for line in text.splitlines():
        assert line == json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":"))
    assert '"case_id":"Åsa’s £5 case"' in text


def test_jsonl_one_line_per_case_then_summary() -> None:
    lines = render("jsonl", [ok_result(), error_result()]).splitlines()
    assert len(lines) == 3
    assert json.loads(lines[0])["case_id"] == "202225311"
    assert json.loads(lines[1])["errors"][0]["message"] == "'2023-02-30' is not a real date"
    assert json.loads(lines[2])["summary"]["input_errors"] == 1


# -- csv -------------------------------------------------------------------------------------


def test_csv_one_row_per_check_and_per_input_error() -> None:
    side = io.StringIO()
    rows = list(
        csv.DictReader(
            io.StringIO(render("csv", [ok_result(), error_result()], summary_stream=side))
        )
    )
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 7
    late = rows[2]
    assert (late["rule"], late["provision"], late["status"], late["weight"]) == (
        "stage2.respond",
        "5.13",
        "breached",
        "significant",
    )
    assert late["due_date"] == "between 2023-01-12 and 2023-01-12"
    assert late["working_days_taken"] == "42"
    assert late["working_days_late"] == "between 20 and 22"
    assert late["finding"] == "maladministration"
    assert late["provision_confirmed"] == "no"
    assert rows[1]["due_date"] == "2022-12-12"
    error = rows[6]
    assert (error["case_id"], error["status"], error["title"]) == (
        "B2",
        "input_error",
        "events[1].date",
    )
    assert error["reasoning"].startswith("cases.yaml: document 2: case B2: events[1].date:")
    assert side.getvalue().startswith("Cases: 2 (1 checked, 1 with input errors)\n")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (None, ""),
    ],
)
def test_csv_cells_cannot_be_formulas(value: str | None, cell: str) -> None:
    assert safe_cell(value) == cell


def test_csv_guards_a_hostile_case_id() -> None:
    rows = list(csv.reader(io.StringIO(render("csv", [ok_result("=cmd|' /C calc'!A0")]))))
    assert rows[1][COLUMNS.index("case_id")] == "'=cmd|' /C calc'!A0"


# -- junit -----------------------------------------------------------------------------------


def test_junit_shape_follows_the_junit_schema() -> None:
    root = ET.fromstring(render("junit", [ok_result(), error_result()]))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("7", "2", "1")
    assert root.get("skipped") is None  # junit-10.xsd has no skipped on testsuites
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "hos-chc-2022.202225311",
        "B2",
        "complycheck.summary",
    ]
    for suite in suites:
        for attribute in ("name", "tests", "failures", "errors", "skipped", "time"):
            assert suite.get(attribute) is not None, attribute
        order = [child.tag for child in suite]
        assert order == sorted(order, key=["properties", "testcase", "system-out"].index)
        for case in suite.findall("testcase"):
            for attribute in ("name", "classname", "time"):
                assert case.get(attribute) is not None, attribute
            tags = [child.tag for child in case]
            allowed = ["skipped", "error", "failure", "system-out", "system-err"]
            assert tags == sorted(tags, key=allowed.index)
            assert tags.count("skipped") <= 1
    checked = suites[0]
    assert (checked.get("tests"), checked.get("failures"), checked.get("skipped")) == (
        "6",
        "2",
        "3",
    )
    cases = {case.get("name"): case for case in checked.findall("testcase")}
    assert set(cases) == {
        "stage1.acknowledge (4.1)",
        "stage1.respond (5.7)",
        "stage2.respond (5.13)",
        "extension.notice (5.8)",
        "actions.done (5.16)",
        "stage2.apology (6.1)",
    }
    failure = cases["stage2.respond (5.13)"].find("failure")
    assert failure is not None
    assert failure.get("message") == LONG_REASONING
    assert failure.get("type") == "significant"
    assert cases["stage2.respond (5.13)"].get("classname") == "hos-chc-2022.202225311"
    unknown = cases["stage2.apology (6.1)"].find("skipped")
    assert unknown is not None and unknown.get("message", "").startswith("unknown: The record")
    properties = {p.get("name"): p.get("value") for p in checked.iter("property")}
    assert properties["finding"] == "maladministration"
    error = suites[1].find("testcase/error")
    assert error is not None
    assert error.get("message", "").startswith("cases.yaml: document 2: case B2: events[1].date")
    summary = {p.get("name"): p.get("value") for p in suites[2].iter("property")}
    assert summary["cases"] == "2"
    assert summary["input_errors"] == "1"
    assert summary["stage2_response.late"] == "1"
    assert summary["breaches.stage2.respond (5.13)"] == "1"


def test_junit_drops_characters_xml_cannot_carry() -> None:
    out = render("junit", [ok_result("bell\x07case")])
    root = ET.fromstring(out)
    assert root.find("testsuite") is not None
    assert root.findall("testsuite")[0].get("name") == "hos-chc-2022.bellcase"


def test_junit_many_cases_spill_to_disk_and_stay_valid() -> None:
    results = [ok_result(f"C{i}") for i in range(600)]
    root = ET.fromstring(render("junit", results))
    assert root.get("tests") == str(600 * 6)
    assert len(root.findall("testsuite")) == 601


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_handles_an_empty_run(fmt: str) -> None:
    out = render(fmt, [])
    assert out.strip() or fmt == "csv"


def test_summary_counts_only_responses_made_and_an_over_cap_extension_as_late() -> None:
    """CH02 counts complaints responded to; inside an extension over the cap with no
    reasons, a response is not within the Code's timescale (docs/decisions.md §8)."""
    from complycheck.inputs import RawCase
    from complycheck.runner import run_cases

    def case(case_id: str, *events: dict[str, object]) -> RawCase:
        received = {"date": "2023-05-01", "type": "complaint_received"}
        return RawCase("t", case_id, {"id": case_id, "events": [received, *events]})

    ack = {"date": "2023-05-02", "type": "complaint_acknowledged", "stage": 1}
    over_cap = {
        "date": "2023-05-10",
        "type": "extension_notified",
        "stage": 1,
        "extra_working_days": 15,
        "reasons_given": False,
    }
    late_reply = {"date": "2023-06-05", "type": "stage_response", "stage": 1}
    summary = Summary()
    for result in run_cases(
        [case("open", ack), case("extended", ack, over_cap, late_reply)],
        as_of=date(2023, 12, 1),
    ):
        summary.add(result)
    stage1 = summary.to_dict()["stage_responses"]["stage1"]
    assert stage1 == {"on_time": 0, "late": 1, "share_on_time": 0.0}
