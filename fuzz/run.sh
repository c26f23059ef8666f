#!/usr/bin/env bash
# Runs libFuzzer targets built by `make fuzz`, one after another, and prints
# one summary line per target. Usage:
#   fuzz/run.sh BUILD_DIR SECONDS TARGET...
# Each target starts from its seed corpus (fuzz/corpus/TARGET) plus what
# earlier runs found (BUILD_DIR/fuzz-corpus/TARGET, which keeps growing); a
# crash, leak, timeout or out-of-memory input lands in
# BUILD_DIR/fuzz-artifacts/TARGET/ and the log in BUILD_DIR/fuzz-logs/.
# Knobs (environment): FUZZ_TIMEOUT (seconds one input may take, default 10),
# FUZZ_RSS_MB (memory limit, default 2048), FUZZ_MAX_LEN (bytes, default
# 65536), FUZZ_ARGS (more libFuzzer flags). Exit status 1 when any target
# failed.
set -uo pipefail

build=$1
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
timeout=${FUZZ_TIMEOUT:-10}
rss_mb=${FUZZ_RSS_MB:-2048}
max_len=${FUZZ_MAX_LEN:-65536}

failed=0
summary=()
for target in "$@"; do
  binary=$build/fuzz/fuzz_$target
  corpus=$build/fuzz-corpus/$target
  artifacts=$build/fuzz-artifacts/$target
  log=$build/fuzz-logs/$target.log
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  dict=()
  [ -f "$here/dict/$target.dict" ] && dict=(-dict="$here/dict/$target.dict")
  echo "fuzz: $target for ${seconds}s (log: $log)"
  # The first corpus directory receives new inputs; the seeds stay as they
  # are in the tree.
  # shellcheck disable=SC2086
  "$binary" "$corpus" "$here/corpus/$target" "${dict[@]}" \
    -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss_mb" \
    -malloc_limit_mb="$rss_mb" -max_len="$max_len" \
    -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} \
    >"$log" 2>&1
  status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  found=$(ls -t "$artifacts" 2>/dev/null | head -1)
  if [ $status -eq 0 ]; then
    result=ok
  else
    failed=1
    result="FAILED (exit $status)${found:+: $artifacts/$found}"
    why=$(grep -m1 -E 'invariant broken|ERROR: |SUMMARY: ' "$log")
    result="$result"$'\n'"      ${why:-see $log}"
  fi
  summary+=("$(printf '%-14s %12s runs  cov %6s  corpus %5s  %s' "$target" \
    "${runs:-?}" "${cov:-?}" "$(ls "$corpus" | wc -l)" "$result")")
done

echo
echo "fuzz summary (${seconds}s per target):"
printf '  %s\n' "${summary[@]}"
exit $failed
