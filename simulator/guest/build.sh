#!/usr/bin/env bash
# Rebuilds tests/fixtures/guest.bin from guest.rs: a real compiler-built RV32IM image for the
# simulator's integration test. Needs the riscv32im-unknown-none-elf target and llvm-objcopy.
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
rustc --edition 2021 --target riscv32im-unknown-none-elf --crate-type bin \
  -C opt-level=3 -C panic=abort -C relocation-model=static -C link-arg=-Tlink.x \
  guest.rs -o "$out/guest.elf"
llvm-objcopy -O binary "$out/guest.elf" ../tests/fixtures/guest.bin
rm -r "$out"
ls -l ../tests/fixtures/guest.bin
