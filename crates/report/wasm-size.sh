#!/usr/bin/env bash
# What the report crate adds to the page's wasm: two tiny binaries built with the release
# profile (opt-level z, LTO, panic abort) and wasm-opt -Oz from node_modules, one calling
# every output of the crate, one only reading and exporting a result as the page does.
set -euo pipefail
cd "$(dirname "$0")/../.."
opt=node_modules/.bin/wasm-opt
out=target/wasm32-unknown-unknown/release/examples
for example in wasm_size_baseline wasm_size; do
  cargo build -p report --release --target wasm32-unknown-unknown --example "$example" --locked >&2
  "$opt" -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$out/$example.wasm" -o "$out/$example.opt.wasm"
  raw=$(stat -c %s "$out/$example.opt.wasm")
  gz=$(gzip -9 -c "$out/$example.opt.wasm" | wc -c)
  printf '%-20s %8d bytes, %7d gzipped\n' "$example" "$raw" "$gz"
done
