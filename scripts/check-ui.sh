#!/usr/bin/env bash
# Type-checks the UI's JavaScript against its JSDoc and the generated `ui/src/types.d.ts`
# (`tsc --checkJs`, strict, no output). TypeScript comes from the npm registry into a cache
# folder outside the repository (`CAIRN_TSC_DIR`, default ~/.cache/cairn-tsc); nothing is
# committed and nothing else is fetched.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${CAIRN_TSC_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn-tsc}"
tsc="$dir/node_modules/.bin/tsc"
if [[ ! -x "$tsc" ]]; then
  command -v npm >/dev/null || { echo "check-ui: npm is needed (apt-get install npm)" >&2; exit 1; }
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --silent typescript@5
fi
"$tsc" --version
"$tsc" -p ui/tsconfig.json
echo "check-ui: the UI type-checks"
