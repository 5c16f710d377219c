"""JUnit XML for CI: a ``<testsuite>`` per case and a ``<testcase>`` per check.

The report agrees with the exit status (both follow :class:`~complycheck.exit_policy.
ExitPolicy`), because a CI server reads them side by side: it has a ``<failure>`` or an
``<error>`` exactly when the run fails. A breached check of a case whose indicative finding
is above ``--fail-on`` is a ``<failure>`` (its reasoning is the message); a breach in a case
within ``--fail-on`` is a passing testcase that carries the breach in ``<system-out>``. A
pending or not-applicable check is ``<skipped>``, and ``unknown`` is skipped with the
reason it could not be decided. A case that could not be checked is a suite holding one
testcase with an ``<error>`` listing its input issues, or, when the run tolerates that many
(``--max-input-errors``), a ``<skipped>`` one saying so. The shape follows the common JUnit
schema (Jenkins/Ant ``junit-10.xsd``): ``testsuites`` > ``testsuite`` (name, tests,
failures, errors, skipped, time; ``properties`` first) > ``testcase`` (name, classname,
time).

Totals belong on the root ``<testsuites>`` element, which has to be written first, and
several CI servers read them from there. So each suite is serialised as soon as its case
arrives into a spooled temporary file (held in memory up to a few megabytes, on disk past
that) and the root with its totals is written, followed by the spooled suites, at
``close``. Memory stays flat for a log of any size; the price is that nothing appears on
the stream until the run ends, which a CI report file does not mind. Whether the input
errors are tolerated is known only then too, so a case that could not be checked is
spooled in both forms, its error suite and its skipped suite, each built as elements, and
``close`` copies out the one the run's tolerance chose. The spool is a series of records,
each the lengths of its suites on a line and then the serialised suites, so a suite's
text (which may hold line breaks) is copied whole, never searched or rewritten. The run
summary is a last suite, ``complycheck.summary``, with no testcases and the figures as
properties.
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from typing import TextIO

from ..exit_policy import ExitPolicy
from ..results import CaseResult, Check, Report
from ..vocabulary import FINDINGS
from .common import case_name, fact_text, located_issues
from .summary import Summary

__all__ = ["JUnitWriter"]

_SPOOL_BYTES = 4 * 1024 * 1024
#: Characters XML 1.0 cannot carry at all, even escaped; dropped rather than emit bad XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    return _NOT_XML.sub("", text)


class JUnitWriter:
    """Spools one serialised ``<testsuite>`` per case; writes the document at ``close``."""

    def __init__(self, stream: TextIO, policy: ExitPolicy | None = None) -> None:
        self._stream = stream
        self._policy = policy or ExitPolicy()
        # newline="": read back exactly as written, so each record's lengths hold even
        # for a text with a carriage return in it
        self._spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - lives until close()
            max_size=_SPOOL_BYTES, mode="w+", encoding="utf-8", newline=""
        )
        self._tests = self._failures = self._errors = 0

    def write(self, result: CaseResult) -> None:
        if result.report is not None:
            suite = self._suite(result.report)
            self._tests += int(suite.get("tests", "0"))
            self._failures += int(suite.get("failures", "0"))
            self._spool.write(_record(_text(suite)))
            return
        # Not checked: an error, or a skip if the run turns out to tolerate it (see close).
        self._tests += 1
        self._errors += 1
        error = _text(_rejected(result, None))
        skipped = _text(_rejected(result, self._allowance()))
        self._spool.write(_record(error, skipped))

    def close(self, summary: Summary) -> None:
        tolerated = self._errors > 0 and self._policy.tolerates(summary.input_errors)
        root = ET.Element(
            "testsuites",
            name="complycheck",
            tests=str(self._tests),
            failures=str(self._failures),
            errors="0" if tolerated else str(self._errors),
            time="0",
        )
        head = ET.tostring(root, encoding="unicode").removesuffix(" />")
        self._stream.write(f'<?xml version="1.0" encoding="utf-8"?>\n{head}>\n')
        self._spool.seek(0)
        self._copy_out(tolerated)
        self._spool.close()
        closing = _summary_suite(summary, self._policy)
        ET.indent(closing, space="  ", level=1)
        self._stream.write("  " + ET.tostring(closing, encoding="unicode").rstrip() + "\n")
        self._stream.write("</testsuites>\n")

    def _copy_out(self, tolerated: bool) -> None:
        """Copy the spooled suites out in order: of a case not checked, its skipped suite
        when the run tolerates its input errors, else its error suite."""
        spool, write = self._spool, self._stream.write
        while header := spool.readline():
            suites = [spool.read(int(size)) for size in header.split()]
            write(suites[-1] if tolerated else suites[0])

    def _allowance(self) -> str:
        """What tolerates a run's input errors, as a skipped case says it."""
        policy = self._policy
        if policy.max_input_errors is None:
            return "--fail-on never"
        return f"--max-input-errors {policy.max_input_errors}"

    def _suite(self, report: Report) -> ET.Element:
        counts = {status: report.count(status) for status in ("breached", "pending", "unknown")}
        skipped = counts["pending"] + counts["unknown"] + report.count("not_applicable")
        determination = report.determination
        fails = self._policy.fails(determination.finding)
        suite = ET.Element(
            "testsuite",
            name=_x(f"{report.ruleset.id}.{report.case_id}"),
            tests=str(len(report.checks)),
            failures=str(counts["breached"] if fails else 0),
            errors="0",
            skipped=str(skipped),
            time="0",
        )
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("case_id", report.case_id),
            ("landlord", report.landlord or ""),
            ("ruleset", report.ruleset.id),
            ("ruleset_why", report.ruleset.why),
            ("guidance", report.guidance.id if report.guidance is not None else ""),
            ("guidance_why", report.guidance.why if report.guidance is not None else ""),
            ("nation", report.calendar.nation),
            ("as_of", report.as_of.isoformat()),
            ("finding", determination.finding),
            ("finding_worst_case", determination.worst_case),
            ("fails_run", "true" if fails else "false"),
        ):
            ET.SubElement(properties, "property", name=name, value=_x(value))
        classname = _x(f"{report.ruleset.id}.{report.case_id}")
        tolerance = None if fails else _within(self._policy, determination.finding)
        for check in report.checks:
            _testcase(suite, check, classname, tolerance)
        out = ET.SubElement(suite, "system-out")
        out.text = _x(
            f"Indicative finding: {determination.finding}\n"
            + "".join(f"{n}. {step}\n" for n, step in enumerate(determination.reasoning, 1))
        )
        return suite


def _rejected(result: CaseResult, tolerated_by: str | None) -> ET.Element:
    """The suite of a case that could not be checked: one testcase with an ``<error>``
    listing its input issues, or, when ``tolerated_by`` names what tolerates it, a
    ``<skipped>`` one saying so."""
    name = case_name(result) or f"{result.source}: {result.location}"
    errors, skipped = ("1", "0") if tolerated_by is None else ("0", "1")
    suite = ET.Element(
        "testsuite",
        name=_x(name),
        tests="1",
        failures="0",
        errors=errors,
        skipped=skipped,
        time="0",
    )
    case = ET.SubElement(
        suite, "testcase", name="input", classname=_x(f"complycheck.input.{name}"), time="0"
    )
    issues = located_issues(result)
    first = str(issues[0]) if issues else "input error"
    if tolerated_by is None:
        outcome = ET.SubElement(case, "error", type="InputError", message=_x(first))
    else:
        message = f"input error tolerated by {tolerated_by}: {first}"
        outcome = ET.SubElement(case, "skipped", type="InputError", message=_x(message))
    outcome.text = _x("\n".join(str(issue) for issue in issues))
    return suite


def _text(suite: ET.Element) -> str:
    """A suite serialised as it sits in the document: indented one level, on its own lines."""
    ET.indent(suite, space="  ", level=1)
    return "  " + ET.tostring(suite, encoding="unicode").rstrip() + "\n"


def _record(*suites: str) -> str:
    """One spool record: the lengths of ``suites`` (in characters) on a line, then them."""
    return " ".join(str(len(suite)) for suite in suites) + "\n" + "".join(suites)


def _within(policy: ExitPolicy, finding: str) -> str:
    """Why a case's breaches do not fail the run, as its passing testcases say."""
    if policy.fail_on is None:
        return "does not fail the run (--fail-on never)"
    return (
        f"does not fail the run: the case's indicative finding, {finding}, is within "
        f"--fail-on {policy.fail_on}"
    )


def _testcase(suite: ET.Element, check: Check, classname: str, tolerance: str | None) -> None:
    """One check; ``tolerance`` says why a breach passes, None when a breach fails the run."""
    case = ET.SubElement(
        suite,
        "testcase",
        name=_x(f"{check.rule} ({check.provision})"),
        classname=classname,
        time="0",
    )
    if check.status == "breached":
        facts = "".join(f"{key}: {fact_text(value)}\n" for key, value in check.facts.items())
        weight = check.weight or "breached"
        if tolerance is None:
            failure = ET.SubElement(case, "failure", type=weight, message=_x(check.reasoning))
            failure.text = _x(facts)
        else:
            out = ET.SubElement(case, "system-out")
            out.text = _x(f"breached ({weight}); {tolerance}\n{check.reasoning}\n{facts}")
    elif check.status in ("pending", "not_applicable", "unknown"):
        ET.SubElement(case, "skipped", message=_x(f"{check.status}: {check.reasoning}"))
    # a met check passes with nothing to say: its sentence is not even written


def _summary_suite(summary: Summary, policy: ExitPolicy) -> ET.Element:
    suite = ET.Element(
        "testsuite",
        name="complycheck.summary",
        tests="0",
        failures="0",
        errors="0",
        skipped="0",
        time="0",
    )
    properties = ET.SubElement(suite, "properties")
    values: list[tuple[str, str]] = [
        ("cases", str(summary.cases)),
        ("checked", str(summary.checked)),
        ("input_errors", str(summary.input_errors)),
        ("fail_on", policy.fail_on or "never"),
        (
            "max_input_errors",
            "any" if policy.max_input_errors is None else str(policy.max_input_errors),
        ),
        ("exit_status", str(policy.exit_status(summary))),
    ]
    values += [(f"finding.{finding}", str(summary.findings[finding])) for finding in FINDINGS]
    for measure, tally in summary.stages.items():
        share = tally.share_on_time
        values.append((f"{measure}.on_time", str(tally.on_time)))
        values.append((f"{measure}.late", str(tally.late)))
        values.append((f"{measure}.share_on_time", "" if share is None else f"{share:.4f}"))
    values += [
        (f"breaches.{rule} ({provision})", str(count))
        for rule, provision, count in summary.top_breaches()
    ]
    values += [(f"warning.{number}", _x(text)) for number, text in enumerate(summary.warnings, 1)]
    for name, value in values:
        ET.SubElement(properties, "property", name=_x(name), value=value)
    return suite
