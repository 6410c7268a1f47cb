#!/usr/bin/env bash
# Start the cached reference Bluesky PDS on a random loopback port, in the foreground.
# Prints one JSON line {"pds": URL, "plc": URL, "pid": N, ...} when ready; stop with SIGTERM.
# Install first with scripts/peers/install-pds.sh (the tests do not need this script: their
# fixture starts the PDS itself; benchmarks and manual runs do).
set -euo pipefail
target="${GOVSOCIAL_PEER_CACHE:-$HOME/.cache/govsocial/peers}/bluesky-pds"
if [ ! -d "$target/node_modules/@atproto/pds" ]; then
  echo "start-pds: not installed in $target; run scripts/peers/install-pds.sh" >&2
  exit 1
fi
cd "$target"
exec node start-pds.mjs
