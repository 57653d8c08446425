#!/usr/bin/env bash
# Builds the example contracts for wasm32 and copies the modules to ../wasm/, where the tests and the block
# generator read them (they are committed, so nothing else needs a wasm toolchain).
set -euo pipefail
cd "$(dirname "$0")"
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
cargo build --release --target wasm32-unknown-unknown
mkdir -p ../wasm
for name in counter token forwarder; do
    cp "target/wasm32-unknown-unknown/release/zkos_wasm_${name}.wasm" "../wasm/${name}.wasm"
    echo "wrote ee-wasm-example/wasm/${name}.wasm ($(wc -c < "../wasm/${name}.wasm") bytes)"
done
