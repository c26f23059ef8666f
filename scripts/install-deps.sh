#!/usr/bin/env bash
# Installs the Debian 12 packages quizd builds with, when any is missing;
# `install-deps.sh fuzz` adds what `make fuzz` needs (clang and its libFuzzer
# runtime), which neither `make run` nor `make test` does.
# As root it runs apt-get; otherwise it uses sudo when available, or says
# what to run.
set -euo pipefail

packages=(
  cmake make g++ pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libsqlite3-dev libgtest-dev libyaml-dev libcli11-dev libsodium-dev
  libjemalloc-dev libssl-dev patch
  python3-grpcio python3-protobuf
)
if [ "${1:-}" = fuzz ]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps: run as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
