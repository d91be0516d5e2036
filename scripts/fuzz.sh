#!/usr/bin/env bash
# Fuzzes Cairn's parsers with cargo-fuzz (libFuzzer + AddressSanitizer), one target after
# another so the machine's cores are not all taken.
#
#   bash scripts/fuzz.sh                 # every target, 600 s each (the figures in docs/SECURITY.md)
#   bash scripts/fuzz.sh --smoke         # every target, 15 s each, no sanitizer: the test command's
#                                        # quick check that nothing panics, hangs or blows memory
#   bash scripts/fuzz.sh png 120         # one target for 120 s
#
# Builds are release (-O, no debug assertions) with AddressSanitizer.
# Targets: png, svg, json_jws, zip, jsonld_canon, backup (fuzz/fuzz_targets/). Seeds come from
# tests/fixtures and ../shared/conformance. cargo-fuzz needs nightly features; on a stable
# toolchain they are unlocked with RUSTC_BOOTSTRAP=1. A crash is written to
# fuzz/artifacts/TARGET/; copy it to tests/fixtures/fuzz/ so `security_fuzz_regressions`
# replays it in every test run. Each target's summary line goes to fuzz/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1

ALL=(png svg json_jws zip jsonld_canon backup)
SECONDS_EACH=600
SANITIZER=address
EXTRA=()
TARGETS=()
if [[ "${1:-}" == "--smoke" ]]; then
    # Safe Rust needs no AddressSanitizer to show a panic, a hang or runaway memory, and the
    # build without it is much shorter; the long runs keep ASan for the unsafe code below us.
    # A fixed seed makes the short run take the same path on every machine, so the test
    # command does not pass or fail by luck; the long runs draw a new seed each time.
    SECONDS_EACH=15
    SANITIZER=none
    EXTRA=(-seed=1)
    TARGETS=("${ALL[@]}")
elif [[ $# -ge 1 ]]; then
    TARGETS=("$1")
    SECONDS_EACH="${2:-600}"
else
    TARGETS=("${ALL[@]}")
fi

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

CONF=../shared/conformance
seed() { # seed TARGET: fill fuzz/corpus/TARGET from the fixtures once
    local dir="fuzz/corpus/$1"
    mkdir -p "$dir"
    [[ -n "$(ls -A "$dir")" ]] && return 0
    case "$1" in
        png) find tests/fixtures "$CONF" -name '*.png' -size -200k -exec cp -t "$dir" {} + 2>/dev/null || true
             # the target prepends the PNG signature itself
             for f in "$dir"/*; do tail -c +9 "$f" >"$f.body" && mv "$f.body" "$f"; done ;;
        svg) find tests/fixtures "$CONF" -name '*.svg' -size -200k -exec cp -t "$dir" {} + 2>/dev/null || true ;;
        zip) find tests/fixtures "$CONF" -name '*.zip' -size -200k -exec cp -t "$dir" {} + 2>/dev/null || true ;;
        backup) cp tests/fixtures/fuzz/backup/* "$dir" 2>/dev/null || true ;;
        json_jws|jsonld_canon)
             find tests/fixtures "$CONF" \( -name '*.json' -o -name '*.jwt' -o -name '*.jsonld' \) -size -64k \
                 -not -name expected.json | head -300 | while read -r f; do
                 cp "$f" "$dir/$(sha256sum "$f" | cut -c1-16)"; done ;;
    esac
    [[ -n "$(ls -A "$dir")" ]] || echo '{}' >"$dir/empty"
}

mkdir -p fuzz/logs
for t in "${TARGETS[@]}"; do
    seed "$t"
    status=0
    echo "==> fuzzing $t for ${SECONDS_EACH}s"
    ( cd fuzz && cargo fuzz run -O -s "$SANITIZER" "$t" "corpus/$t" -- \
        -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=20 \
        -max_len=262144 -print_final_stats=1 "${EXTRA[@]}" ) >"fuzz/logs/$t.log" 2>&1 || status=$?
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|Test unit written)' "fuzz/logs/$t.log" || true
    if [[ "$status" != 0 ]]; then
        echo "fuzz target $t failed (exit $status); see fuzz/logs/$t.log and fuzz/artifacts/$t/" >&2
        exit 1
    fi
done
