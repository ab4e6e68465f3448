#!/usr/bin/env bash
# Independent read-back of aecheck's Parquet and Arrow outputs:
# installs DuckDB and Apache Arrow JS from the npm registry (versions pinned
# in package-lock.json), runs aecheck on the samples and compares.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
(cd "$here" && npm install --no-audit --no-fund --no-save --silent)
(cd "$root" && go run ./cmd/aecheck report --quiet --fail-on never --as-of 2025-03-14T18:00:00Z --lang fr \
  --rules samples/rules.yaml --catalog samples/catalog.xlsx --orders samples/orders.csv \
  -o "$out/f.jsonl" -o "$out/f.parquet" -o "$out/f.arrow" \
  --metrics-out "$out/m.parquet" --metrics-out "$out/m.arrow")
node "$here/readback.mjs" "$out"

# The DuckDB queries of docs/outputs.md, run as written on the files the
# page names, made by the same kind of run.
docs="$out/docs"
mkdir -p "$docs"
(cd "$root" && go run ./cmd/aecheck report --quiet --fail-on never --as-of 2025-03-14T18:00:00Z \
  --rules samples/rules.yaml --catalog samples/catalog.xlsx --orders samples/orders.csv \
  -o "$docs/report.xlsx" -o "$docs/findings.jsonl" -o "$docs/findings.parquet" \
  --metrics-out "$docs/metrics.parquet" --history "$docs/history")
(cd "$docs" && node "$here/docs.mjs" "$root/docs/outputs.md")
