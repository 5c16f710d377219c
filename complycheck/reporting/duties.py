"""The duty each rule checks, named the same across Code editions.

A rule keeps its id from one edition of the Code to the next (``stage1.respond`` is the
stage 1 response in 2020, 2022 and 2024) while its provision number changes, so breach
totals are counted by rule id under these names, with each edition's provision beside.
"""

from __future__ import annotations

__all__ = ["DUTIES", "duty_name"]

DUTIES: dict[str, str] = {
    "complaint.service_request": "Treating dissatisfaction as a complaint",
    "complaint.refusal": "Refusing a complaint",
    "stages.no_informal_stage": "No informal stage before stage 1",
    "stage1.no_informal_stage": "No informal stage before stage 1",
    "stages.number": "No more than two stages",
    "stages.no_skipped_stage": "No stage skipped",
    "stage1.acknowledge": "Stage 1 acknowledgement",
    "stage1.define": "Stage 1 complaint defined",
    "stage1.respond": "Stage 1 response",
    "stage1.extension": "Stage 1 extension",
    "stage1.extension_ombudsman": "Stage 1 extension: Ombudsman details",
    "stage1.content": "Stage 1 response content",
    "stage2.escalation_refusal": "Refusing to escalate",
    "stage2.acknowledge": "Stage 2 acknowledgement",
    "stage2.define": "Stage 2 complaint defined",
    "stage2.no_reasons_needed": "Stage 2 without asking for reasons",
    "stage2.different_handler": "Stage 2 handled by someone else",
    "stage2.respond": "Stage 2 response",
    "stage2.extension": "Stage 2 extension",
    "stage2.extension_ombudsman": "Stage 2 extension: Ombudsman details",
    "stage2.content": "Stage 2 response content",
    "remedy.actions_completed": "Promised actions completed",
}


def duty_name(rule: str) -> str:
    """The duty's name; a rule of a custom ruleset is named by its id."""
    return DUTIES.get(rule, rule)
