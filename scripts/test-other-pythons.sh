#!/usr/bin/env bash
# The fast suite (no browser, no peers, nothing marked slow; SQLite) on every other Python 3.11+
# that pyenv has on this machine, each in its own .venv-X.Y built from the same constraints.
# `make test` runs the whole suite on .venv's Python; this proves the pins resolve and the code
# runs on the rest (issue 12 item 9). No pyenv, or no other Python: nothing to do.
set -euo pipefail
cd "$(dirname "$0")/.."
PYENV_VERSIONS="${PYENV_ROOT:-$HOME/.pyenv}/versions"
FAST_MARKERS="not browser and not slow and not peer"

main_minor=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ ! -d "$PYENV_VERSIONS" ]; then
  echo "test-other-pythons: no pyenv at $PYENV_VERSIONS; only Python $main_minor was tested."
  exit 0
fi

# The newest patch release of each minor version from 3.11 up, except .venv's own.
declare -A newest
for python in "$PYENV_VERSIONS"/*/bin/python3; do
  [ -x "$python" ] || continue
  version=$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null) || continue
  minor=${version%.*}
  [ "$(printf '%s\n' 3.11 "$minor" | sort -V | head -n 1)" = 3.11 ] || continue
  [ "$minor" = "$main_minor" ] && continue
  current=${newest[$minor]:-}
  if [ -z "$current" ] || [ "$(printf '%s\n' "${current%%|*}" "$version" | sort -V | tail -n 1)" = "$version" ]; then
    newest[$minor]="$version|$python"
  fi
done

if [ ${#newest[@]} -eq 0 ]; then
  echo "test-other-pythons: pyenv has no Python 3.11+ besides $main_minor; nothing more to test."
  exit 0
fi

for minor in $(printf '%s\n' "${!newest[@]}" | sort -V); do
  python=${newest[$minor]#*|}
  venv=".venv-$minor"
  stamp="$venv/.installed-stamp"
  echo "== the fast suite on Python ${newest[$minor]%%|*} ($venv)"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pip>=24"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
    touch "$stamp"
  fi
  "$venv/bin/pytest" -q -m "$FAST_MARKERS"
done
