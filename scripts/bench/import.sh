#!/bin/sh
# bench/import.sh -- `make bench`: what `clerk import` costs per file beyond
# the rows it stores, for N tiny ModernGov meetings (no minutes) and N full
# GetMeeting responses. Two yardsticks, both measured here:
#   - bare SQLite: the same source, meeting, item, attendance, decision,
#     action and review rows copied from the imported database into an empty
#     one of the same schema (indexes, FTS triggers), one transaction per file
#   - in memory: db:import of each file into one ":memory:" database from
#     one Lua process (the plugin's run and the store's work, no disk)
# Per-file costs leave out the fixed start-up: (time for N - time for 1) / (N - 1),
# each the best of three runs (wall clock).
# Prints rates and ratios. Not a test: nothing here can fail.
set -e
cd "$(dirname "$0")/../.."
XML=../shared/corpus/moderngov/xml
[ -f "$XML/GetMeeting_7837.xml" ] || { echo "import bench: no $XML; skipped"; exit 0; }
N=${BENCH_FILES:-200}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
mkdir -p "$D/tiny" "$D/full"
i=0
while [ $i -lt "$N" ]; do   # unique copies: each a different meeting id
  sed "s|<meetingid>\([0-9]*\)</meetingid>|<meetingid>$((200000 + i))</meetingid>|" \
    "$XML/manchester_meeting_no_minutes.xml" > "$D/tiny/m_$i.xml"
  sed "s|<meetingid>7837</meetingid>|<meetingid>$((100000 + i))</meetingid>|" \
    "$XML/GetMeeting_7837.xml" > "$D/full/g_$i.xml"
  i=$((i + 1))
done
python3 - "$D" build/clerk "$N" <<'PY'
import os, shutil, sqlite3, subprocess, sys, time
d, clerk, n = sys.argv[1], sys.argv[2], int(sys.argv[3])

def clerk_import(db, files):
    for p in (db, db + "-wal", db + "-shm"):
        if os.path.exists(p): os.remove(p)
    t = time.perf_counter()
    subprocess.run([clerk, "--db", db, "import", "-q", *files], check=True)
    return time.perf_counter() - t

# Rows of one source, table by table, parents first.
COPY = [
    ("source", "id = ?1"),
    ("meeting", "source_id = ?1"),
    ("item", "meeting_id IN (SELECT id FROM full.meeting WHERE source_id = ?1)"),
    ("attendance", "meeting_id IN (SELECT id FROM full.meeting WHERE source_id = ?1)"),
    ("decision", "item_id IN (SELECT i.id FROM full.item i JOIN full.meeting m"
                 " ON m.id = i.meeting_id WHERE m.source_id = ?1)"),
    ("action", "meeting_id IN (SELECT id FROM full.meeting WHERE source_id = ?1)"),
    ("review", "meeting_id IN (SELECT id FROM full.meeting WHERE source_id = ?1)"),
]

def bare(full, k):
    """Copy the first k sources' rows, one transaction each; seconds taken."""
    empty = f"{d}/bare.db"
    for p in (empty, empty + "-wal", empty + "-shm"):
        if os.path.exists(p): os.remove(p)
    shutil.copy(full, empty)
    con = sqlite3.connect(empty, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("DELETE FROM source")        # cascades; bodies and people stay
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute(f"ATTACH '{full}' AS full")
    ids = [r[0] for r in con.execute("SELECT id FROM full.source ORDER BY id LIMIT ?", (k,))]
    t = time.perf_counter()
    for sid in ids:
        con.execute("BEGIN IMMEDIATE")
        for table, where in COPY:
            con.execute(f"INSERT INTO main.{table} SELECT * FROM full.{table} WHERE {where}", (sid,))
        con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    t = time.perf_counter() - t
    con.close()
    return t

def in_memory(files):
    script = f"{d}/memory.lua"
    with open(script, "w") as f:
        f.write('package.cpath = "build/?.so;" .. package.cpath\n'
                'local clerk = require "clerk"\n'
                'local db = assert(clerk.open(":memory:"))\n'
                'for i = 1, #arg do assert(db:import(arg[i])) end\n')
    t = time.perf_counter()
    subprocess.run(["lua5.4", script, *files], check=True)
    return time.perf_counter() - t

for label, sub, prefix in [("tiny meetings (no minutes)", "tiny", "m_"),
                           ("GetMeeting responses", "full", "g_")]:
    files = [f"{d}/{sub}/{prefix}{i}.xml" for i in range(n)]
    db = f"{d}/{sub}.db"
    one = min(clerk_import(db, files[:1]) for _ in range(3))
    many = min(clerk_import(db, files) for _ in range(3))
    per_file = (many - one) / (n - 1)
    rows = sqlite3.connect(db).execute(
        "SELECT (SELECT count(*) FROM meeting) + (SELECT count(*) FROM item)"
        " + (SELECT count(*) FROM attendance) + (SELECT count(*) FROM decision)"
        " + (SELECT count(*) FROM action) + (SELECT count(*) FROM review)").fetchone()[0]
    b_one = min(bare(db, 1) for _ in range(3))
    b_many = min(bare(db, n) for _ in range(3))
    b_per_file = max((b_many - b_one) / (n - 1), 1e-9)
    x_one = min(in_memory(files[:1]) for _ in range(3))
    x_many = min(in_memory(files) for _ in range(3))
    x_per_file = max((x_many - x_one) / (n - 1), 1e-9)
    print(f"{n} {label}, {rows / n:.0f} rows a file")
    print(f"  clerk import:          {1 / per_file:8.0f} files/s  ({per_file * 1000:.2f} ms a file)")
    print(f"  bare SQLite, same rows:{1 / b_per_file:8.0f} files/s  -> import costs {per_file / b_per_file:.1f}x bare")
    print(f"  in memory (no disk):   {1 / x_per_file:8.0f} files/s  -> import costs {per_file / x_per_file:.2f}x in memory")
PY
