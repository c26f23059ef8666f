#!/bin/sh
# The issue's login scenarios against one quizd binary (default: the one
# built next to login-flood): guessers flooding Login while the real user
# logs in, then 200 logins with 3.9 MB passwords.
#   bench/login_flood.sh [BUILD_DIR] [QUIZD] [SECONDS]
set -eu
build=${1:-build}
quizd=${2:-$build/quizd}
seconds=${3:-15}
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"' EXIT
echo "real-password-1" | "$quizd" --db "$dir/q.db" user add alice >/dev/null
port=$((20000 + $$ % 20000))
"$quizd" --db "$dir/q.db" --listen 127.0.0.1:$port 2>"$dir/log" &
pid=$!
sleep 2
run() {
  "$build/login-flood" --server 127.0.0.1:$port --pid $pid "$@"
}
# The real user has logged in from here before.
run --password real-password-1 --guessers 0 --seconds 1 >/dev/null
echo "== 8 guessers, other usernames"
run --password real-password-1 --guessers 8 --seconds "$seconds"
echo "== 32 guessers, other usernames"
run --password real-password-1 --guessers 32 --seconds "$seconds"
echo "== 8 guessers, the real user's username"
run --password real-password-1 --guessers 8 --seconds "$seconds" --guess-user
echo "== big passwords"
run --big-passwords 200 --password real-password-1
echo "== quizd log lines naming throttled accounts: $(grep -c 'login throttled' "$dir/log" || true)"
grep 'login throttled' "$dir/log" | head -3
