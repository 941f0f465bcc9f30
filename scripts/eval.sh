#!/bin/sh
# eval.sh -- `make eval`: extract every seed with build/clerk and print the
# scorer's table (../shared/eval). Extra arguments go to score.py (e.g. -v).
set -e
cd "$(dirname "$0")/.."
SHARED=${CLERK_SHARED:-../shared}
SEEDS=$SHARED/seeds
[ -d "$SEEDS" ] || SEEDS=examples/minutes
OUT=${EVAL_OUT:-build/eval}
rm -rf "$OUT" && mkdir -p "$OUT"
for f in "$SEEDS"/*.txt; do
  build/clerk extract "$f" > "$OUT/$(basename "$f" .txt).json" || echo "eval: extract failed on $f" >&2
done
python3 "$SHARED/eval/score.py" --gold "$SHARED/eval/gold" --pred "$OUT" "$@"
