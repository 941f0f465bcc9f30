-- lua_api.lua -- `require "clerk"` from stock lua5.4 on a database the CLI
-- filled (argument 1): iterators with filters, read-only SQL, two-tier errors.
package.cpath = "build/?.so;" .. package.cpath
local clerk = require "clerk"
local path = assert(arg[1], "usage: lua5.4 tests/e2e/lua_api.lua DB")

local function check(cond, msg) if not cond then error(msg, 2) end end

check(type(clerk.version) == "string" and clerk.api == 1, "module fields")
local db = assert(clerk.open(path, { readonly = true }))

local n, last = 0, ""
for m in db:meetings() do
  n = n + 1
  check(m.date >= last, "meetings come in date order")
  last = m.date
end
check(n == 5, "five meetings, got " .. n)
local since = 0
for _ in db:meetings{ since = "2018-01-01" } do since = since + 1 end
check(since == 2, "two meetings since 2018, got " .. since)

local open, owned = 0, 0
for a in db:actions{ status = "open" } do
  open = open + 1
  check(type(a.owners) == "table", "owners is a list")
  check(a.status == "open", "status filter")
end
for a in db:actions{ owner = "Jade Hodgson" } do
  owned = owned + 1
  local found = false
  for _, o in ipairs(a.owners) do if o == "Jade Hodgson" then found = true end end
  check(found, "owner filter returns only their actions")
end
check(open > 0 and owned > 0, "actions found")

local people = 0
for p in db:people() do people = people + 1; check(type(p.aliases) == "table", "aliases") end
check(people > 10, "people")

for row in db:query("SELECT count(*) AS c FROM item WHERE title LIKE ?", "%Minutes%") do
  check(row.c >= 1, "parameterised query")
end

-- misuse raises; expected failures return nil, message, code
local ok, err = pcall(function() return db:actions("open") end)
check(not ok and tostring(err):find("bad argument #1 to 'actions'"), "misuse message: " .. tostring(err))
ok, err = pcall(function() return db:query("DELETE FROM meeting") end)
check(not ok and tostring(err):find("read%-only"), "writes are refused: " .. tostring(err))
local none, msg, code = clerk.open("/nonexistent/clerk.db", { readonly = true })
check(none == nil and msg:find("no such database") and code == 3, "missing database: " .. tostring(msg))
local text = assert(db:report("actions", { format = "markdown" }))
check(text:find("# Open actions", 1, true), "report through the db object")

db:close()
db:close()   -- twice is harmless
ok, err = pcall(function() return db:meetings() end)
check(not ok and tostring(err):find("closed database"), "closed database: " .. tostring(err))

local meetings = assert(clerk.extract("examples/minutes/004_2f9fe7d64bae9417.txt"))
check(#meetings == 1 and meetings[1].date == "2015-10-08", "clerk.extract")
-- db:import of a list: every file tried on worker threads, one result each
local tmp = os.tmpname()
local w = assert(clerk.open(tmp))
local list = { "examples/minutes/000_be07491f6dd20c10.txt", "no/such/minutes.txt",
  "tests/fixtures/docx/minutes.docx", "examples/minutes/000_be07491f6dd20c10.txt" }
local results = w:import(list, { jobs = 2 })
check(#results == 4, "one result a file")
check(results[1].meetings == 1 and results[1].importer == "text" and results[1].path == list[1], "first file imported")
check(results[2].error:find("no/such/minutes.txt", 1, true) and results[2].code == 3, "a missing file: " .. tostring(results[2].error))
check(results[3].importer == "docx" and results[3].actions > 0, "a Word file")
check(results[4].unchanged == true, "the same bytes again are unchanged")
ok, err = pcall(function() return w:import({ "a.txt", 42 }) end)
check(not ok and tostring(err):find("file 2 is a number"), "a list with a non-path: " .. tostring(err))
ok, err = pcall(function() return w:import(list, { jobs = -1 }) end)
check(not ok and tostring(err):find("jobs must be"), "bad jobs: " .. tostring(err))
w:close()
os.remove(tmp); os.remove(tmp .. "-wal"); os.remove(tmp .. "-shm")

print("lua api: ok")
