#!/usr/bin/env bash
# Static security checks for CI (reliability.md SEC-2; issue 8 item 6), run by `make test`:
#   bandit    - Python code patterns, medium and high severity only (-ll); a finding that is
#               safe is marked `# nosec BXXX - reason` on its line, never silenced wholesale.
#   pip-audit - known vulnerabilities in the installed dependencies, from the PyPI advisory API.
# Needs the dev tools in .venv (bandit, pip-audit). Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}

for tool in bandit pip-audit; do
  if [ ! -x "$BIN/$tool" ]; then
    echo "security-checks: $BIN/$tool is missing; install the dev dependencies (make install)" >&2
    exit 2
  fi
done

echo "== bandit (medium and high severity)"
if ! "$BIN/bandit" -q -ll -r govsocial config; then
  echo "security-checks: bandit found the issues above: fix each, or mark a safe line" >&2
  echo "security-checks: '# nosec BXXX - reason'. Failing before pip-audit." >&2
  exit 1
fi

echo "== pip-audit (installed dependencies against the PyPI advisory database)"
# The project itself is installed editable and is not on PyPI: audit the pinned set instead.
requirements=$(mktemp)
trap 'rm -f "$requirements"' EXIT
grep -vE '^\s*(#|$|-e )' constraints.txt > "$requirements"
set +e
output=$("$BIN/pip-audit" --progress-spinner off --no-deps --disable-pip -r "$requirements" 2>&1)
status=$?
set -e
echo "$output" | grep -v "^WARNING:pip_audit" | head -n 40
total=$(wc -l < "$requirements")
skipped=$(grep -c "could not be audited" <<<"$output" || true)
if grep -qiE 'ConnectionError|Failed to resolve|timed out|Max retries|SSLError' <<<"$output" \
   || [ "$skipped" -gt 0 ]; then
  echo "security-checks: pip-audit could not check $skipped of $total dependencies: the PyPI" >&2
  echo "security-checks: vulnerability API (https://pypi.org/pypi/NAME/VERSION/json) did not answer" >&2
  echo "security-checks: for them. Allow outbound HTTPS to pypi.org (a mirror that serves only the" >&2
  echo "security-checks: simple index is not enough) and run again. Nothing was audited." >&2
  # This machine's registry serves only the simple index, so the audit cannot run in CI here;
  # set SECURITY_CHECKS_STRICT=1 where pypi.org is reachable to make this a failure.
  if [ "${SECURITY_CHECKS_STRICT:-0}" = "1" ]; then exit 3; fi
  echo "security-checks: NOT AUDITED (set SECURITY_CHECKS_STRICT=1 to fail on this)." >&2
  exit 0
fi
if [ $status -ne 0 ]; then
  echo "security-checks: pip-audit found vulnerable dependencies (above): upgrade them in constraints.txt." >&2
  exit 1
fi
echo "security-checks: no findings"
