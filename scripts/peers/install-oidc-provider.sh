#!/usr/bin/env bash
# Install the OpenID provider the sign-in tests run (npm oidc-provider 9.13.3), outside the clone.
#
# Idempotent: a second run with the same package.json does nothing. The tests look for it in
# $GOVSOCIAL_PEER_CACHE/oidc-provider and skip with a reason when it is missing. Prints the
# install directory on its last line.
#
#   GOVSOCIAL_PEER_CACHE   where peers are cached (default ~/.cache/govsocial/peers)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
source_dir="$repo_root/tests/accounts/oidc"
cache_root="${GOVSOCIAL_PEER_CACHE:-$HOME/.cache/govsocial/peers}"
target="$cache_root/oidc-provider"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-oidc-provider: node and npm are needed (apt-get install nodejs npm); skipping" >&2
  exit 1
fi

mkdir -p "$target"
install -m 0644 "$source_dir/package.json" "$target/package.json"

stamp="$target/.installed-package-json.sha256"
wanted="$(sha256sum "$target/package.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && [ -d "$target/node_modules/oidc-provider" ]; then
  echo "install-oidc-provider: already installed" >&2
  echo "$target"
  exit 0
fi

echo "install-oidc-provider: npm install in $target" >&2
(cd "$target" && npm install --no-audit --no-fund --loglevel=error >&2)
echo "$wanted" >"$stamp"
echo "$target"
