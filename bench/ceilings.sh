#!/usr/bin/env bash
# bench/ceilings.sh: how fast a SubmitResponse could be with quizd's own work
# taken out (issue 7), against the real one, in the same runs.
#
# Builds quizd and quiz-bench from the committed tree with bench/ceilings.patch
# applied in a temp directory (the patch adds QUIZD_CEILING to SubmitResponse;
# unset, the server is the committed one), then runs quiz-bench's submit
# scenario, each mode in turn, for several rounds:
#
#   real    the committed SubmitResponse;
#   flag    the smallest durable write instead: no auth, no grading, one read
#           and one upsert of the item's flag in a group commit
#           (synchronous=FULL), the reply from the completion thread;
#   hop     the same path with nothing to write: the writer runs a transaction
#           that finds no attempt, the reply comes from the completion thread;
#   inline  the reply at once, from the handler: gRPC and the submit-sized
#           messages alone.
#
# For each run it prints a Markdown row: the floor's and the mode's requests
# per second, the ratio, the mode's p99, the CPU both processes spent per
# request as a multiple of the floor's (cli us + srv us of the row over those
# of the health row), and failed calls.
#
# Usage: bench/ceilings.sh     (about 4 minutes to build, 30 s per run;
#                               needs git and patch)
# Environment: CEILING_ROUNDS (default 2), CEILING_DURATION (default 5),
#              CEILING_MODES (default "real flag hop inline"),
#              CEILING_KEEP=1 keeps the work directory.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${CEILING_ROUNDS:-2}
DURATION=${CEILING_DURATION:-5}
MODES=${CEILING_MODES:-real flag hop inline}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/quizd-ceilings.XXXXXX")
cleanup() {
  if [[ ${CEILING_KEEP:-0} == 1 ]]; then
    echo "ceilings: kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

echo "ceilings: building $(git -C "$ROOT" rev-parse --short HEAD) with bench/ceilings.patch in $WORK" >&2
git -C "$ROOT" archive HEAD | tar -x -C "$WORK" --one-top-level=src
patch --force --quiet -p1 -d "$WORK/src" -i "$ROOT/bench/ceilings.patch"
cmake -S "$WORK/src" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null
cmake --build "$WORK/build" -j"$(nproc)" --target quizd quiz-bench -- \
  --no-print-directory >/dev/null

printf '| round | mode | floor req/s | submit req/s | x floor | p99 ms | CPU per call, floor = 1 | errors |\n'
printf '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for round in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    json=$WORK/$mode-$round.json
    # Empty (for real) is the committed SubmitResponse, as unset is. A run
    # with failed calls still reports them; one with no report stops here.
    ceiling=$mode
    [[ $mode == real ]] && ceiling=
    QUIZD_CEILING=$ceiling "$WORK/build/quiz-bench" --scenario submit \
      --duration "$DURATION" --json --quizd "$WORK/build/quizd" \
      >"$json" 2>"$json.log" || true
    if [[ ! -s $json ]]; then
      echo "ceilings: no report from the $mode run; its stderr ends:" >&2
      tail -5 "$json.log" >&2
      exit 1
    fi
    python3 - "$json" "$round" "$mode" <<'PYTHON'
import json, sys
rows = {r["name"]: r for r in json.load(open(sys.argv[1]))["scenarios"]}
floor, submit = rows["health"], rows["submit"]
cost = lambda r: r["client_cpu_us"] + r["server_cpu_us"]
print(f"| {sys.argv[2]} | {sys.argv[3]} | {floor['rps']:,.0f} | "
      f"{submit['rps']:,.0f} | {submit['ratio_to_floor']:.3f} | "
      f"{submit['p99_ms']:.2f} | {cost(submit) / cost(floor):.2f} | {submit['errors']} |")
PYTHON
  done
done
