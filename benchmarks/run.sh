#!/usr/bin/env bash
# Maillage against Hugo + Pagefind on the same generated corpora, in one run (issue 8).
#
#   bash benchmarks/run.sh                         # 1,000 and 10,000 pages, 3 runs each
#   SIZES="1000" RUNS=2 bash benchmarks/run.sh     # quicker
#
# 1. Builds Maillage in release mode.
# 2. ../shared/bench/run_baseline.sh: generates each corpus (a Maillage form and a Hugo form of
#    the same content), times Hugo then Pagefind, then Maillage COLD (site/ and the image cache
#    .maillage-cache/ removed before each run), with peak RSS, output size, search payload.
# 3. benchmarks/maillage.py on the same corpora: Maillage WARM (image cache kept, site/
#    removed, the machine settled as the baseline settles it), on ONE core (taskset) against
#    both, the phases of a build, and how much of a second core the machine gives.
# 4. benchmarks/serve.py on the largest corpus: `maillage serve` rebuilds after a save
#    without a change, after an edit of a page's text, of a page's title, of a person's name
#    and of a structure's name.
# 5. benchmarks/image_floor.sh on the largest corpus: the image work of a cold build alone, as
#    Maillage does it and at the cheapest settings libvips offers.
# Results: $OUT/cold/results.md (the shared report), $OUT/maillage.md, $OUT/serve.md, $OUT/images.md; docs/performance.md
# quotes one run.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${MAILLAGE_SHARED:-$PWD/../shared}
sizes=${SIZES:-"1000 10000"}
runs=${RUNS:-3}
out=${OUT:-/tmp/maillage-bench}
work=${WORK:-/tmp/bench-work}
mkdir -p "$out"

swift build -c release --product maillage
maillage=$PWD/.build/release/maillage

bash "$shared/bench/run_baseline.sh" --maillage "$maillage" --maillage-clean "site .maillage-cache" \
  --sizes "$sizes" --runs "$runs" --runs-large "$runs" --out "$out/cold" --work "$work"
python3 benchmarks/maillage.py "$maillage" --work "$work" --sizes "$sizes" --runs "$runs" \
  --baseline "$out/cold/results.json" --markdown "$out/maillage.md" --shared "$shared"
# 4. maillage serve on the largest corpus: a save without a change, and a one-file edit.
largest=$(echo $sizes | tr ' ' '\n' | sort -n | tail -1)
python3 benchmarks/serve.py "$maillage" "$(ls -d "$work"/corpus-"$largest"-s*/maillage | head -1)" --runs "$runs" \
  --json "$out/serve.json" | tee "$out/serve.md"
# 5. The image work alone.
bash benchmarks/image_floor.sh "$(ls -d "$work"/corpus-"$largest"-s*/maillage | head -1)" "$runs" | tee "$out/images.md"
echo "==> $out/cold/results.md, $out/maillage.md, $out/serve.md, $out/images.md"
