#!/usr/bin/env bash
# Bulk import benchmark: generates the deterministic corpus (examples/corpus.rs, seed 1) at each
# size, serves its Open Badges 2.0 host on 127.0.0.1, and runs the release `cairn import DIR`
# (verification on import included, the default) into a fresh wallet under `/usr/bin/time -v`.
# Prints wall time, per-credential cost and peak RSS per size: the growth curve.
#
# Usage: scripts/bench-import.sh [SIZE...]   (default: 100 1000 10000)
# Uses $CARGO_TARGET_DIR (default ./target); the corpus and wallets go to a temporary folder,
# removed afterwards (set KEEP=1 to keep it).
set -euo pipefail
# Benchmarks reach nothing past this machine (see NetPolicy::loopback_only).
export CAIRN_LOOPBACK_ONLY=1

repo="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100 1000 10000)
command -v /usr/bin/time >/dev/null || { echo "bench-import: /usr/bin/time is needed" >&2; exit 1; }

(cd "$repo" && cargo build --release -p cairn --features dev-hosts --bin cairn --example corpus)
cairn="$target/release/cairn"
corpus="$target/release/examples/corpus"

work="$(mktemp -d)"
server=""
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; fi
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%8s %10s %10s %14s %12s %s\n' credentials "wall (s)" "CPU (s)" "per cred (ms)" "peak RSS (MB)" result
for n in "${sizes[@]}"; do
  dir="$work/corpus-$n"
  "$corpus" generate --seed 1 --count "$n" --out "$dir" >/dev/null
  "$corpus" serve --dir "$dir" >"$work/origin-$n" &
  server=$!
  for _ in $(seq 50); do [[ -s "$work/origin-$n" ]] && break; sleep 0.1; done
  origin="$(head -1 "$work/origin-$n")"
  # Progress goes to the terminal (stderr); the per-file report to a file.
  CAIRN_DEV_HOST_OVERRIDES="https://example.org=$origin" \
    /usr/bin/time -v -o "$work/time-$n" \
    "$cairn" --wallet "$work/wallet-$n.sqlite" import "$dir" >"$work/report-$n" || true
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time-$n" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')"
  cpu="$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/time-$n")"
  rss_kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time-$n")"
  summary="$(grep -E '^[0-9]+ imported' "$work/report-$n" || echo 'no summary')"
  verified="$(grep -E '^verified offline' "$work/report-$n" || echo 'not verified')"
  printf '%8d %10.2f %10.2f %14.3f %12.1f %s; %s\n' "$n" "$wall" "$cpu" "$(echo "$wall * 1000 / $n" | bc -l)" \
    "$(echo "$rss_kb / 1024" | bc -l)" "$summary" "$verified"
done
