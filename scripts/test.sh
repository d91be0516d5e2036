#!/usr/bin/env bash
# Runs every check and test Cairn has, from a fresh machine: installs what is missing, then
# formatting, lints, docs, the core and desktop tests, a short fuzz run of every parser, and the
# end-to-end suite in the real app.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh
bash scripts/install-deps.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
# No test may reach past this machine: every HTTP client Cairn builds refuses any destination
# that is not loopback, before looking a name up (see NetPolicy::loopback_only).
export CAIRN_LOOPBACK_ONLY=1

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked
step "UI type-check (tsc --checkJs, strict)" && bash scripts/check-ui.sh
step "cargo test (core, CLI, desktop shell)"
cargo test --workspace --exclude cairn-e2e --locked
step "fuzz smoke: every parser target for 15 s (cargo fuzz, libFuzzer)"
bash scripts/fuzz.sh --smoke
step "end-to-end tests in the real app (tauri-driver + WebKitWebDriver under Xvfb)"
bash scripts/e2e.sh
