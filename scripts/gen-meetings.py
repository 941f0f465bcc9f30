#!/usr/bin/env python3
"""gen-meetings.py -- a Clerk database of many generated meetings, for the
register benchmark (scripts/bench/register.sh).

    python3 scripts/gen-meetings.py CLERK_BIN DB MEETINGS [OPEN]

Creates DB through `clerk import` of one fixture (so the schema is Clerk's
own), then writes MEETINGS meetings of 200 bodies straight into SQLite: each
with two items, three attendees and two actions. Every action is done except
OPEN of them (default 200), spread over the bodies' latest meetings, so the
open-actions report has the same output whatever the database's size.
"""
import os, random, sqlite3, subprocess, sys, tempfile

def main():
    clerk, db, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    n_open = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    if os.path.exists(db):
        os.remove(db)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write('{"body": "Seed Board", "date": "2000-01-01", "attendance": [], "items": []}')
    subprocess.run([clerk, "--db", db, "import", f.name], check=True, capture_output=True)
    os.unlink(f.name)
    rnd = random.Random(7)
    c = sqlite3.connect(db)
    c.execute("PRAGMA synchronous = OFF")
    c.execute("BEGIN")
    bodies = []
    for b in range(200):
        cur = c.execute("INSERT INTO body(name, organisation) VALUES (?, ?)",
                        ("Generated Board %03d" % b, "Generated Council %02d" % (b % 20)))
        bodies.append(cur.lastrowid)
    people = []
    for p in range(2000):
        name = "Person%04d Generated" % p
        cur = c.execute("INSERT INTO person(name, key, surname) VALUES (?, ?, 'generated')",
                        (name, name.lower()))
        people.append((cur.lastrowid, name))
    src = c.execute("INSERT INTO source(path, sha256, format, importer, size) VALUES"
                    " ('generated', 'generated', 'generated', 'generated', 0)").lastrowid
    per_body = n // len(bodies) + 1
    # the latest meetings of each body hold the open actions
    open_left = n_open
    m_id = c.execute("SELECT coalesce(max(id), 0) FROM meeting").fetchone()[0]
    a_rows, i_rows, att_rows, o_rows, m_rows = [], [], [], [], []
    item_id = c.execute("SELECT coalesce(max(id), 0) FROM item").fetchone()[0]
    action_id = c.execute("SELECT coalesce(max(id), 0) FROM action").fetchone()[0]
    made = 0
    for k in range(per_body):
        for bi, b in enumerate(bodies):
            if made >= n:
                break
            made += 1
            m_id += 1
            day = k  # meeting k of each body, one a week from 1990
            y, rest = 1990 + day // 48, day % 48
            date = "%04d-%02d-%02d" % (y, rest // 4 + 1, (rest % 4) * 7 + 1)
            m_rows.append((m_id, src, b, "Generated Board %03d" % bi, date))
            for a in range(3):
                pid, pname = people[(bi * 7 + a + k) % len(people)]
                att_rows.append((m_id, pid, pname, "present" if rnd.random() < 0.8 else "apologies",
                                 "Generated Agency %d" % (a % 5)))
            for it in range(2):
                item_id += 1
                i_rows.append((item_id, m_id, it + 1, str(it + 1), "Generated item %d" % (it + 1)))
                action_id += 1
                is_open = k >= per_body - 2 and open_left > 0 and it == 0
                if is_open:
                    open_left -= 1
                status = "open" if is_open else "done"
                a_rows.append((action_id, m_id, item_id, 1, "generated action %d of meeting %d" % (it, m_id),
                               date, status, status, b, date, str(action_id % 50)))
                pid, pname = people[(bi + k + it) % len(people)]
                o_rows.append((action_id, 1, pname, pname.lower(), pid))
    c.executemany("INSERT INTO meeting(id, source_id, body_id, title, date) VALUES (?,?,?,?,?)", m_rows)
    c.executemany("INSERT INTO attendance(meeting_id, person_id, name, status, organisation) VALUES (?,?,?,?,?)", att_rows)
    c.executemany("INSERT INTO item(id, meeting_id, position, number, title) VALUES (?,?,?,?,?)", i_rows)
    c.executemany("INSERT INTO action(id, meeting_id, item_id, position, text, due, status, said_status, body_id,"
                  " meeting_date, ref) VALUES (?,?,?,?,?,?,?,?,?,?,?)", a_rows)
    c.executemany("INSERT INTO action_owner(action_id, position, name, key, person_id) VALUES (?,?,?,?,?)", o_rows)
    c.execute("COMMIT")
    c.execute("ANALYZE")
    c.close()
    print("%s: %d meetings, %d actions (%d open)" % (db, len(m_rows), len(a_rows), n_open - open_left))

if __name__ == "__main__":
    main()
