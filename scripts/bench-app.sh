#!/usr/bin/env bash
# Measures the desktop app on a 10,000-credential wallet: first paint (navigation start to the
# first frame with the first page of cards) and search keystroke-to-result. Builds the release
# app, then runs the ignored measurement in tests/e2e/tests/bench_app.rs under Xvfb through
# tauri-driver: it generates the wallet once, starts the app over a copy of it
# CAIRN_BENCH_RUNS times (default 5) and prints each run, the median and the worst.
# Needs what `scripts/install-deps.sh --test` installs. Honours CARGO_TARGET_DIR.
set -euo pipefail
# Benchmarks reach nothing past this machine (see NetPolicy::loopback_only).
export CAIRN_LOOPBACK_ONLY=1

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/toolchain.sh
[ -f scripts/toolchain.sh ] && source scripts/toolchain.sh
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
export CARGO_TARGET_DIR="$target"
if ! command -v tauri-driver >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/tauri-driver" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
for tool in xvfb-run WebKitWebDriver tauri-driver; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench-app: $tool is missing; run scripts/install-deps.sh --test" >&2; exit 1; }
done

echo "bench-app: building cairn-desktop (release) into $target"
cargo build --release -p cairn-desktop
cargo build -p cairn-e2e --tests
export CAIRN_DESKTOP_BIN="$target/release/cairn-desktop"
export CAIRN_BENCH_RUNS="${CAIRN_BENCH_RUNS:-5}"

run=(cargo test -p cairn-e2e --test bench_app -- --ignored --nocapture --test-threads 1)
if command -v dbus-run-session >/dev/null 2>&1; then
  run=(dbus-run-session -- "${run[@]}")
fi
echo "bench-app: $CAIRN_BENCH_RUNS runs of $CAIRN_DESKTOP_BIN under Xvfb ($(nproc) cores)"
xvfb-run -a -s "-screen 0 1600x1000x24" "${run[@]}"
