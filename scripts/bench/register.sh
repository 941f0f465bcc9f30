#!/bin/sh
# bench/register.sh -- `make bench`: the register's reports over generated
# databases of 10,000 and 100,000 meetings (scripts/gen-meetings.py) with the
# same 200 open actions. Time should follow the output, not the database:
# the ratio of the big database's time to the small one's should stay near
# 1, and time per row should stay flat as the output grows. Prints rates and
# ratios; not a test: nothing here fails.
set -e
cd "$(dirname "$0")/../.."
BIG=${BENCH_MEETINGS:-100000}
SMALL=$((BIG / 10))
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
python3 scripts/gen-meetings.py build/clerk "$D/small.db" "$SMALL"
python3 scripts/gen-meetings.py build/clerk "$D/big.db" "$BIG"
python3 - "$D" build/clerk "$SMALL" "$BIG" <<'PY'
import statistics, subprocess, sys, time
d, clerk, small, big = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def timed(db, *args):
    ts, out = [], b""
    for _ in range(5):
        t = time.perf_counter()
        out = subprocess.run([clerk, "--db", db, *args], check=True, capture_output=True).stdout
        ts.append(time.perf_counter() - t)
    return statistics.median(ts), out
open(f"{d}/empty.lua", "w").write("return function() return { title = '' } end")
base, _ = timed(f"{d}/small.db", "report", "--script", f"{d}/empty.lua")   # start, plugins, open
print(f"fixed cost (process start, plugins, open; an empty report): {base*1000:.0f} ms")
for name, args in [("actions (open, csv)", ["actions", "--format", "csv"]),
                   ("matters-arising", ["report", "matters-arising", "--body", "Generated Board 007"]),
                   ("attendance (12 meetings)", ["report", "attendance", "--body", "Generated Board 007"])]:
    ts, o1 = timed(f"{d}/small.db", *args)
    tb, o2 = timed(f"{d}/big.db", *args)
    print(f"{name:26s} {small:>7d} meetings: {ts*1000:7.1f} ms   {big:>7d} meetings: {tb*1000:7.1f} ms"
          f"   ratio {tb/ts:5.2f} (database {big/small:.0f}x; output {len(o2)}/{len(o1)} bytes)")
# output size on the big database: every action of the last N weeks
import datetime, sqlite3
last = sqlite3.connect(f"{d}/big.db").execute("SELECT max(meeting_date) FROM action WHERE ref IS NOT NULL").fetchone()[0]
end = datetime.date.fromisoformat(last)
rows = []
for weeks in [1, 8, 32, 128]:
    since = (end - datetime.timedelta(weeks=weeks)).isoformat()
    t, out = timed(f"{d}/big.db", "actions", "--all", "--since", since, "--format", "csv")
    n = out.count(b"\n") - 1
    rows.append((n, t))
    print(f"actions --all --since {since} ({big} meetings): {n:6d} rows  {t*1000:8.1f} ms")
(n0, t0), (n1, t1) = rows[0], rows[-1]
print(f"output {n1/max(n0,1):.0f}x larger -> time {t1/t0:.1f}x; marginal cost {(t1-t0)/max(n1-n0,1)*1e6:.0f} us/row")
PY
