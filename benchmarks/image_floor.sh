#!/usr/bin/env bash
# The image work of a cold build alone, as Maillage does it and at the cheapest settings libvips
# offers (see image_floor.c): what no change to the rest of the build can go below.
#   bash benchmarks/image_floor.sh [CORPUS] [RUNS]
# CORPUS: a Maillage site (default: the 10,000-page corpus of benchmarks/run.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-/tmp/bench-work/corpus-10000-s42/maillage}
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cc -O2 -o "$work/image_floor" "$here/benchmarks/image_floor.c" "$here/Sources/CMaillageImages/images.c" \
    -I "$here/Sources/CMaillageImages/include" $(pkg-config --cflags --libs vips) -lpthread

# Photos of the people who consent, and every PDF of the resources.
python3 - "$corpus/content" > "$work/jobs" <<'EOF'
import pathlib, re, sys
content = pathlib.Path(sys.argv[1])
for entry in sorted((content / "trombinoscope").glob("*.yaml")):
    text = entry.read_text(encoding="utf-8")
    photo = re.search(r"^photo:\s*(\S+)", text, re.M)
    if re.search(r"^consent:\s*true\s*$", text, re.M) and photo and (entry.parent / photo.group(1)).exists():
        print("P", entry.parent / photo.group(1))
for pdf in sorted((content / "ressources").glob("*.pdf")):
    print("D", pdf)
EOF
portraits=$(grep -c '^P' "$work/jobs" || true)
previews=$(grep -c '^D' "$work/jobs" || true)
cores=$(nproc)
echo "$portraits portraits, $previews aperçus de PDF, $cores cœurs ; secondes (min / médiane de $runs) :"
for mode in maillage floor; do
    for threads in "$cores" $((4 * cores)); do
        times=()
        for _ in $(seq "$runs"); do
            sync; [ -w /proc/sys/vm/drop_caches ] && echo 3 > /proc/sys/vm/drop_caches || true
            times+=("$("$work/image_floor" "$mode" "$threads" "$work" < "$work/jobs")")
        done
        sorted=$(printf '%s\n' "${times[@]}" | sort -n)
        echo "  $mode, $threads fils : $(echo "$sorted" | head -1) / $(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")"
    done
done
