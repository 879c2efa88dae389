#!/usr/bin/env bash
# ctest wrapper: a bounded fuzzing run from the committed seeds; new inputs go to a temp dir so
# the repository is never written. Usage: run-fuzzer.sh BINARY SEED_DIR SECONDS
set -euo pipefail
bin=$1 seeds=$2 seconds=$3
if [[ ! -x "$bin" ]]; then echo "fuzzer $bin was not built (scripts/test builds it with clang)"; exit 1; fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 "$work" "$seeds"
