"""The analysis engine is a plain library: importing it must not pull in Django."""

import subprocess
import sys
from pathlib import Path

MODULES = [
    "govsocial.analysis",
    "govsocial.analysis.personal_data",
    "govsocial.analysis.redaction",
    "govsocial.analysis.triage",
    "govsocial.analysis.clocks",
]


def test_importing_the_analysis_engine_does_not_import_django() -> None:
    program = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in MODULES)
        + "from govsocial.analysis.triage import triage\n"
        + "triage('FOI request: the number of staff in 2024', display_name='Sam Lee')\n"
        + "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert completed.stdout.strip() == "[]"
