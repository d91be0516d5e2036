#!/usr/bin/env bash
# Builds and starts the Cairn desktop app, installing the Linux libraries it needs first.
# Usage: scripts/run.sh [--release]   (CAIRN_WALLET=PATH chooses another wallet file)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh
bash scripts/install-deps.sh
profile=()
[ "${1:-}" = "--release" ] && profile=(--release)
exec cargo run "${profile[@]}" -p cairn-desktop
