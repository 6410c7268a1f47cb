#!/usr/bin/env bash
# Install the reference Bluesky PDS used by the connector tests, outside the clone.
#
# Idempotent: a second run with the same package.json does nothing (about 90 s cold,
# under a second warm). The cache survives fresh clones, which is why it is not in the
# work tree. Prints the install directory on its last line.
#
#   GOVSOCIAL_PEER_CACHE   where peers are cached (default ~/.cache/govsocial/peers)
#   GOVSOCIAL_PDS_SOURCE   folder holding package.json and start-pds.mjs
#                          (default: ../shared/peers/bluesky-pds beside the clone)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
source_dir="${GOVSOCIAL_PDS_SOURCE:-$repo_root/../shared/peers/bluesky-pds}"
cache_root="${GOVSOCIAL_PEER_CACHE:-$HOME/.cache/govsocial/peers}"
target="$cache_root/bluesky-pds"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-pds: node and npm are needed (apt-get install nodejs npm); skipping" >&2
  exit 1
fi
for f in package.json start-pds.mjs; do
  if [ ! -f "$source_dir/$f" ]; then
    echo "install-pds: $source_dir/$f not found; set GOVSOCIAL_PDS_SOURCE" >&2
    exit 1
  fi
done

mkdir -p "$target"
# Copies are written with write bits: the shared source is read-only.
install -m 0644 "$source_dir/package.json" "$target/package.json"
install -m 0644 "$source_dir/start-pds.mjs" "$target/start-pds.mjs"

stamp="$target/.installed-package-json.sha256"
wanted="$(sha256sum "$target/package.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && [ -d "$target/node_modules/@atproto/pds" ]; then
  echo "install-pds: already installed" >&2
  echo "$target"
  exit 0
fi

echo "install-pds: npm install in $target (about 90 s cold)" >&2
(cd "$target" && npm install --no-audit --no-fund --loglevel=error >&2)
echo "$wanted" >"$stamp"
echo "$target"
