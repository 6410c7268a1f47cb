#!/usr/bin/env bash
# Start mastodon-mock (the Mastodon API peer) in memory on loopback, in the foreground.
#   PORT=8123 scripts/peers/start-mastodon-mock.sh
# Seeded tokens: alice_token, bob_token, carol_token. Reset with POST /api/v1/_mock/reset.
# The tests do not need this script (they run the mock in-process); benchmarks and manual
# runs do. Uses the project's virtualenv when there is one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv_bin="$here/../../.venv/bin"
cli="mastodon_mock"
if [ -x "$venv_bin/mastodon_mock" ]; then cli="$venv_bin/mastodon_mock"; fi
exec "$cli" serve --in-memory --host 127.0.0.1 --port "${PORT:-8123}" --log-level warning
