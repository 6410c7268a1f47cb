"""Pure text analysis for the inbox and the checks engine. Imports no Django.

- personal_data: find_personal_data(text) -> list[PersonalDataMatch]
- redaction: redact(text) -> Redacted
- triage: triage(text, *, display_name, handle, ...) -> TriageResult
- clocks: foi_due_date, sar_due_date, sla_due_at, staffed_time_between, sla_status

Only the first two are re-exported here, so that the checks engine does not load
the triage word lists or the bank-holiday tables it does not use.
"""

from govsocial.analysis.personal_data import KINDS, PersonalDataMatch, find_personal_data
from govsocial.analysis.redaction import Redacted, redact

__all__ = ["KINDS", "PersonalDataMatch", "Redacted", "find_personal_data", "redact"]
