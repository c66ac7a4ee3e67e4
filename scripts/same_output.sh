#!/usr/bin/env bash
# Builds the repository's site, the three good fixtures and (when given) a corpus, and compares
# every output file byte for byte with a reference made by an earlier binary:
#   bash scripts/same_output.sh save /tmp/ref [corpus]     # with the old binary
#   bash scripts/same_output.sh compare /tmp/ref [corpus]  # with the new one
set -euo pipefail
mode=$1; ref=$2; corpus=${3:-}
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/.build/release/maillage"
export SOURCE_DATE_EPOCH=1764547200
target=$ref
[ "$mode" = compare ] && target=$(mktemp -d)
mkdir -p "$target"
"$bin" build -q -s "$here" -o "$target/repo"
for f in agenda annuaire minimal; do "$bin" build -q -s "$here/Tests/Fixtures/good/$f" -o "$target/$f"; done
[ -n "$corpus" ] && "$bin" build -q -s "$corpus" -o "$target/corpus"
if [ "$mode" = compare ]; then
    diff -r -q "$ref" "$target" && echo "identique : $(find "$target" -type f | wc -l) fichiers"
    rm -rf "$target"
fi
