#!/bin/sh
# bench/text.sh -- `make bench`: throughput of text import on generated minutes
# (the bundled samples, each made unique), reported as rates and ratios:
# import (read + interpret + store) against extract (read + interpret) and
# against a bare read of the same bytes. Not a test: nothing here can fail.
set -e
cd "$(dirname "$0")/../.."
N=${BENCH_FILES:-200}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
mkdir -p "$D/in"
i=0
while [ $i -lt $N ]; do
  for f in examples/minutes/*.txt; do
    cp "$f" "$D/in/$i-$(basename "$f")"
    printf '\nGenerated copy %d for the benchmark.\n' $i >> "$D/in/$i-$(basename "$f")"
  done
  i=$((i + 5))
done
files=$(ls "$D/in" | wc -l)
bytes=$(cat "$D"/in/* | wc -c)
now() { date +%s.%N; }
t0=$(now); cat "$D"/in/* > /dev/null; t1=$(now)
build/clerk --db "$D/bench.db" import -q "$D/in"; t2=$(now)
for f in "$D"/in/*; do build/clerk extract "$f" > /dev/null; done; t3=$(now)
python3 - "$files" "$bytes" "$t0" "$t1" "$t2" "$t3" <<'PY'
import sys
n, b = int(sys.argv[1]), int(sys.argv[2])
t0, t1, t2, t3 = map(float, sys.argv[3:])
read, imp, ext = max(t1 - t0, 1e-6), t2 - t1, t3 - t2
print(f"{n} files, {b/1e6:.1f} MB of text minutes")
print(f"import (one process, one transaction per file): {n/imp:8.1f} files/s  {b/1e6/imp:6.2f} MB/s")
print(f"extract (one process per file, no database):    {n/ext:8.1f} files/s")
print(f"ratio import/bare read time: {imp/read:.0f}x; import rate / extract rate: {(n/imp)/(n/ext):.2f}")
PY
