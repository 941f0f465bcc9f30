-- sqlite_db.lua -- a test stand-in for the engine's read-only db object that
-- runs db:query's SQL for real, on a SQLite file, through python3's sqlite3
-- module (stock lua5.4 has no SQLite binding). It proves the reports' SQL
-- against the store schema and counts the queries they make.
local S = {}

-- The store's tables, as the reports are told to expect them.
S.SCHEMA = [[
CREATE TABLE source(id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT, format TEXT,
  importer TEXT, size INTEGER, imported_at TEXT);
CREATE TABLE body(id INTEGER PRIMARY KEY, name TEXT, organisation TEXT);
CREATE TABLE meeting(id INTEGER PRIMARY KEY, source_id INTEGER REFERENCES source(id),
  body_id INTEGER REFERENCES body(id), title TEXT, date TEXT, start TEXT, end_time TEXT,
  venue TEXT, chair TEXT, next_meeting TEXT);
CREATE TABLE attendance(id INTEGER PRIMARY KEY, meeting_id INTEGER REFERENCES meeting(id),
  person_id INTEGER, name TEXT, status TEXT, role TEXT, organisation TEXT, substitute_for TEXT);
CREATE TABLE item(id INTEGER PRIMARY KEY, meeting_id INTEGER REFERENCES meeting(id),
  position INTEGER, number TEXT, title TEXT, text TEXT, presenter TEXT, time_slot TEXT);
CREATE TABLE decision(id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES item(id),
  position INTEGER, text TEXT);
CREATE TABLE action(id INTEGER PRIMARY KEY, meeting_id INTEGER REFERENCES meeting(id),
  item_id INTEGER REFERENCES item(id), position INTEGER, text TEXT, due TEXT, due_text TEXT,
  status TEXT);
CREATE TABLE action_owner(action_id INTEGER REFERENCES action(id), position INTEGER,
  name TEXT, person_id INTEGER, is_group INTEGER);
]]

-- Runs SQL against a database file and prints the rows as a Lua table
-- constructor. Input file: the SQL's byte length, a newline, the SQL, then
-- one parameter per line as i:<integer> or s:<length>:<bytes>.
local PY = [==[
import sqlite3, sys
db, inp = sys.argv[1], open(sys.argv[2], 'rb').read()
n, rest = inp.split(b'\n', 1)
sql, rest = rest[:int(n)].decode(), rest[int(n):]
params = []
while rest.startswith(b'\n'):
    rest = rest[1:]
    if rest.startswith(b'i:'):
        v, _, rest = rest[2:].partition(b'\n'); params.append(int(v)); rest = b'\n' + rest
    elif rest.startswith(b's:'):
        ln, _, rest = rest[2:].partition(b':'); params.append(rest[:int(ln)].decode()); rest = rest[int(ln):]
    else:
        break
def lua(v):
    if isinstance(v, str): v = v.encode()
    if isinstance(v, bytes):
        return '"' + ''.join(chr(b) if 32 <= b < 127 and b not in (34, 92) else '\\%03d' % b for b in v) + '"'
    return repr(v)
con = sqlite3.connect(db)
cur = con.executescript(sql) if len(sys.argv) > 3 else con.execute(sql, params)
names = [d[0] for d in cur.description or []]
out = ['return {']
for row in cur.fetchall():
    out.append('{' + ''.join('[%s]=%s,' % (lua(k), lua(v)) for k, v in zip(names, row) if v is not None) + '},')
out.append('}')
con.commit()
sys.stdout.write('\n'.join(out))
]==]

local function tmpname()
  return os.tmpname()
end

local function write_file(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

-- True when python3 with its sqlite3 module can run here.
function S.available()
  local p = io.popen("python3 -c 'import sqlite3; print(1)' 2>/dev/null")
  if not p then return false end
  local ok = p:read("a"):match("1")
  p:close()
  return ok ~= nil
end

local DB = {}
DB.__index = DB

-- Runs `sql` with parameters; returns the rows as an array of tables.
function DB:run(sql, params, script)
  local input = { #sql, "\n", sql }
  for _, v in ipairs(params or {}) do
    if math.type(v) == "integer" then
      input[#input + 1] = "\ni:" .. v
    else
      v = tostring(v)
      input[#input + 1] = "\ns:" .. #v .. ":" .. v
    end
  end
  write_file(self.input, table.concat(input))
  local cmd = string.format("python3 %s %s %s%s 2>&1", self.script, self.path, self.input,
                            script and " script" or "")
  local p = assert(io.popen(cmd))
  local text = p:read("a")
  p:close()
  local chunk = load(text, "=sqlite", "t", {})
  if not chunk then error("sqlite: " .. text, 2) end
  return chunk()
end

-- The engine's db:query: rows keyed by column name, yielded by an iterator.
function DB:query(sql, ...)
  self.queries = self.queries + 1
  local rows, i = self:run(sql, { ... }), 0
  return function() i = i + 1; return rows[i] end
end

-- The engine's db:meetings{body, since, until}, in date order.
function DB:meetings(f)
  f = f or {}
  local where, params = {}, {}
  if f.body then where[#where + 1] = "lower(b.name) = lower(?)"; params[#params + 1] = f.body end
  if f.since then where[#where + 1] = "m.date >= ?"; params[#params + 1] = f.since end
  if f["until"] then where[#where + 1] = "m.date <= ?"; params[#params + 1] = f["until"] end
  local sql = [[SELECT m.id, b.name AS body, b.organisation, m.title, m.date, m.start,
    m.end_time AS "end", m.venue, m.chair, m.next_meeting, s.path AS source
    FROM meeting m LEFT JOIN body b ON b.id = m.body_id LEFT JOIN source s ON s.id = m.source_id]]
  if #where > 0 then sql = sql .. " WHERE " .. table.concat(where, " AND ") end
  return self:run(sql .. " ORDER BY m.date, m.id", params)
end

function DB:close()
  os.remove(self.path); os.remove(self.input); os.remove(self.script)
end

-- A new database holding the schema and then `inserts` (SQL statements).
function S.open(inserts)
  local db = setmetatable({ path = tmpname(), input = tmpname(), script = tmpname(),
                            queries = 0 }, DB)
  os.remove(db.path)   -- tmpname creates an empty file; let SQLite make its own
  write_file(db.script, PY)
  db:run(S.SCHEMA .. (inserts or ""), nil, true)
  return db
end

return S
