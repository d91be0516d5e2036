#!/usr/bin/env bash
# Runs Cairn's end-to-end suite: builds the desktop app (debug), then runs `cargo test -p cairn-e2e`
# under a virtual X display, with tauri-driver and WebKitWebDriver driving the real window.
# Needs what `scripts/install-deps.sh --test` installs. Honours CARGO_TARGET_DIR (default target/).
# Extra arguments go to the test binary, e.g. `scripts/e2e.sh screenshots`.
# Exit code: the tests' (non-zero when the build fails).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/toolchain.sh
[ -f scripts/toolchain.sh ] && source scripts/toolchain.sh
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
export CARGO_TARGET_DIR="$target"

missing=()
command -v xvfb-run >/dev/null 2>&1 || missing+=("xvfb-run (package xvfb)")
command -v WebKitWebDriver >/dev/null 2>&1 || missing+=("WebKitWebDriver (package webkit2gtk-driver)")
if ! command -v tauri-driver >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/tauri-driver" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    missing+=("tauri-driver (cargo install tauri-driver --locked)")
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e: missing ${missing[*]}; run scripts/install-deps.sh --test" >&2
  exit 1
fi

echo "e2e: building cairn-desktop (debug) into $target"
cargo build -p cairn-desktop
cargo build -p cairn --bin cairn
cargo build -p cairn-e2e --tests
export CAIRN_DESKTOP_BIN="$target/debug/cairn-desktop"
export CAIRN_BIN="$target/debug/cairn"
# No test may reach past this machine: every HTTP client Cairn builds refuses any destination
# that is not loopback, before looking a name up (see NetPolicy::loopback_only).
export CAIRN_LOOPBACK_ONLY=1

# WebKit wants a session bus for accessibility and portals; give it a private one when available.
run=(cargo test -p cairn-e2e -- "$@")
if command -v dbus-run-session >/dev/null 2>&1; then
  run=(dbus-run-session -- "${run[@]}")
fi
echo "e2e: running the suite under Xvfb"
set +e
xvfb-run -a -s "-screen 0 1600x1000x24" "${run[@]}"
status=$?
set -e
exit "$status"
