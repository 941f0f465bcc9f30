-- action.lua -- one action's history across meetings (`clerk action show ID`):
-- where it was agreed, every later meeting's word on it with the words
-- themselves, re-listings, and officers' updates; the current status last.
local rows = require "rows"

local function one(db, sql, ...)
  for r in db:query(sql, ...) do return r end
end

-- The words a record came from, when its source file is still there.
local function words(db, path, first, last)
  if not (path and first and last) then return nil end
  local w = db:excerpt(path, first, last)
  return w and (w:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")) or nil
end

local ACTION_SQL = [[
  SELECT a.id, a.ref, a.text, a.status, a.said_status, a.due, a.follows, a.span_first, a.span_last,
         a.rule, m.id AS meeting_id, m.date, m.title, b.name AS body, i.number AS item_number,
         i.title AS item_title, s.path,
         (SELECT group_concat(coalesce(p.name, o.name), ', ') FROM action_owner o
            LEFT JOIN person p ON p.id = o.person_id WHERE o.action_id = a.id) AS owners
  FROM action a JOIN meeting m ON m.id = a.meeting_id JOIN source s ON s.id = m.source_id
  LEFT JOIN body b ON b.id = m.body_id LEFT JOIN item i ON i.id = a.item_id WHERE a.id = ?1]]

local function build(db, opts)
  local id = tonumber(opts.id)
  if not id then error("option id: expected an action number, got " .. tostring(opts.id), 0) end
  local a = one(db, ACTION_SQL, math.tointeger(id))
  if not a then error("no action #" .. tostring(opts.id), 0) end

  -- the chain of re-listings this action belongs to, oldest first
  local chain, seen = { a }, { [a.id] = true }
  local cur = a
  while cur.follows and not seen[cur.follows] and #chain < 50 do
    cur = one(db, ACTION_SQL, cur.follows)
    if not cur then break end
    seen[cur.id] = true
    table.insert(chain, 1, cur)
  end
  cur = a
  while #chain < 100 do
    local nxt = one(db, "SELECT id FROM action WHERE follows = ?1 ORDER BY meeting_date, id LIMIT 1", cur.id)
    if not nxt or seen[nxt.id] then break end
    cur = one(db, ACTION_SQL, nxt.id)
    seen[cur.id] = true
    chain[#chain + 1] = cur
  end

  local events = {}
  local function add(e) events[#events + 1] = e end
  for k, c in ipairs(chain) do
    add({ date = c.date, order = 0, seq = c.id, what = k == 1 and "agreed" or "re-listed",
      meeting = (c.date or "?") .. " " .. (c.title or c.body or ""),
      status = c.said_status, note = "#" .. c.id .. (c.ref and (" (" .. c.ref .. ")") or "") ..
        (c.item_number and (", item " .. c.item_number) or ""),
      words = words(db, c.path, c.span_first, c.span_last) or c.text, rule = c.rule })
    for r in db:query([[SELECT r.id, r.status, r.note, r.text, r.rule, r.span_first, r.span_last,
        m.date, m.title, s.path FROM review r JOIN meeting m ON m.id = r.meeting_id
        JOIN source s ON s.id = m.source_id WHERE r.action_id = ?1 ORDER BY m.date, r.id]], c.id) do
      add({ date = r.date, order = 1, seq = r.id, what = "reviewed",
        meeting = (r.date or "?") .. " " .. (r.title or ""), status = r.status,
        note = r.note, words = words(db, r.path, r.span_first, r.span_last) or r.text, rule = r.rule })
    end
    for u in db:query([[SELECT id, kind, value, old_value, note, created_at FROM action_update
        WHERE action_id = ?1 ORDER BY id]], c.id) do
      local st = u.kind == "done" and "done" or u.kind == "reopen" and "open" or nil
      local note = u.kind
      if u.value then note = note .. " " .. u.value end
      if u.old_value then note = note .. " (was " .. u.old_value .. ")" end
      if u.note then note = note .. ": " .. u.note end
      add({ date = u.created_at:sub(1, 10), order = 2, seq = u.id, what = "updated by an officer",
        meeting = u.created_at, status = st, note = note })
    end
  end
  table.sort(events, function(x, y)
    if (x.date or "") ~= (y.date or "") then return (x.date or "") < (y.date or "") end
    if x.order ~= y.order then return x.order < y.order end
    return x.seq < y.seq
  end)

  local table_rows = {}
  for i, e in ipairs(events) do
    table_rows[i] = { date = e.date, what = e.what, meeting = e.meeting, status = e.status,
      note = e.note, words = e.words, rule = e.rule,
      line = string.format("%s  %s%s%s%s", e.date or "?", e.what,
        e.status and (" -> " .. e.status) or "", e.note and (" (" .. e.note .. ")") or "",
        e.words and (": \"" .. e.words .. "\"") or "") }
  end
  local today = opts.today or os.date("%Y-%m-%d")
  local overdue = a.status == "open" and a.due and a.due < today
  return {
    title = string.format("Action #%d%s", a.id, a.ref and (" (" .. a.ref .. ")") or ""),
    subtitle = a.text,
    meta = { generated = today },
    blocks = {
      { type = "table", columns = { { key = "field", title = "" }, { key = "value", title = "" } },
        rows = {
          { field = "Status", value = a.status .. (overdue and " (overdue)" or "") },
          { field = "Owners", value = a.owners },
          { field = "Due", value = a.due },
          { field = "Body", value = a.body },
          { field = "Agreed", value = (chain[1].date or "?") .. " " .. (chain[1].title or "") },
          { field = "Item", value = a.item_number and (a.item_number .. " " .. (a.item_title or "")) or nil },
        } },
      { type = "section", level = 2, title = "History", blocks = {
        { type = "table", compact = "line", columns = {
          { key = "date", title = "Date" }, { key = "what", title = "Event" },
          { key = "status", title = "Status" }, { key = "note", title = "Note" },
          { key = "words", title = "Words" } }, rows = table_rows } } },
    },
    data = { action = a, history = events, chain = rows.collect(chain) },
  }
end

return {
  api = 1, kind = "report", name = "action",
  description = "One action's history across meetings (clerk action show ID)",
  options = {
    id = { help = "the action's number" },
    today = { help = "the date overdue is measured against (YYYY-MM-DD)" },
  },
  build = build,
}
