-- minutes/tables.lua -- structured tables, recognised by their header row.
-- Rules:
--   tables.actions      a table whose header names a task column and an owner
--                       or due column (Action / Owner / Due, Who / By,
--                       Person responsible / Deadline, "Action by"): each row
--                       is an action with its owners, due date and status
--   tables.labelled_row a row with no header whose cells say what they are:
--                       "Task | TAKEN BY: Jo Bloggs | DATE DUE: 30-01-17"
--   tables.attendance   a table whose header names a name column (Name,
--                       Attendee, Member...), with optional role and status
--                       columns; or columns headed by attendance statuses
--                       (Present / Apologies / Absent), each listing names
-- A table is the run of row blocks sharing a `table` number (the .docx
-- reader), or consecutive rows (tab-separated text). Rows the rules use are
-- left out of the units the other rules read, so nothing is counted twice.
-- Column words can be extended in a rules file: task_columns, due_columns,
-- status_columns, name_columns, role_columns (owner_columns is shared with
-- minutes.actions).
local defaults = require "minutes.defaults"
local names = require "minutes.names"
local dates = require "minutes.dates"

local T = {}

T.task_columns = {
  "action", "actions", "action item", "action items", "action point", "action points",
  "action required", "actions required", "agreed action", "agreed actions", "task", "tasks",
  "description", "action description", "what", "to do", "todo", "next steps", "next step",
}
T.extra_owner_columns = {
  "owner", "owners", "responsible",
  "person responsible", "responsible person", "responsibility", "assigned to", "assignee",
  "action owner", "owner s", "lead", "who", "by who", "whom", "actioned by", "action by", "taken by",
}
T.due_columns = {
  "due", "due date", "date due", "deadline", "target date", "target", "by when", "when",
  "completion date", "due by", "timescale", "timescales", "timeline", "date", "target completion",
  "by date", "due on",
}
T.status_columns = { "status", "progress", "complete", "completed", "done", "rag", "rag status", "outcome" }
T.number_columns = { "no", "ref", "item", "item no", "number", "action no", "id", "n" }
T.name_columns = {
  "name", "names", "attendee", "attendees", "member", "members", "participant", "participants",
  "attendee name", "full name", "person",
}
T.role_columns = {
  "role", "position", "title", "organisation", "organization", "representing", "department",
  "job title", "team", "company",
}
-- Column headings that are themselves an attendance status.
T.status_headings = {
  present = "present", attendees = "present", attended = "present", attending = "present",
  ["in attendance"] = "in_attendance", apologies = "apologies", ["apologies for absence"] = "apologies",
  absent = "absent", ["not present"] = "absent",
}
local status_values = {
  present = "present", yes = "present", y = "present", attended = "present", ["\u{2713}"] = "present",
  ["\u{2714}"] = "present", x = "present", apologies = "apologies", apols = "apologies",
  ["sent apologies"] = "apologies", ["apologies sent"] = "apologies", absent = "absent", no = "absent",
  n = "absent", ["in attendance"] = "in_attendance",
}
local done_values = { done = true, complete = true, completed = true, closed = true, yes = true,
  y = true, finished = true, ["\u{2713}"] = true, ["\u{2714}"] = true }

-- "Due Date:" -> "due date". Most status and date cells are empty: those
-- skip the copies.
local function norm(s)
  if s == nil or s == "" then return "" end
  return names.squash((s:lower():gsub("[%p]", " ")))
end

local function set(list, extra)
  local s = {}
  for _, w in ipairs(list or {}) do s[norm(w)] = true end
  for _, w in ipairs(extra or {}) do s[norm(w)] = true end
  return s
end

local function vocab(rules)
  rules = rules or defaults
  if not rules._tables then
    rules._tables = {
      task = set(T.task_columns, rules.task_columns),
      owner = set(T.extra_owner_columns, rules.owner_columns or defaults.owner_columns),
      due = set(T.due_columns, rules.due_columns),
      status = set(T.status_columns, rules.status_columns),
      number = set(T.number_columns),
      name = set(T.name_columns, rules.name_columns),
      role = set(T.role_columns, rules.role_columns),
    }
  end
  return rules._tables
end

-- The role of a header cell: exact words first, then a heading that starts
-- with known words ("Due date (dd/mm)"). "By" alone is settled by the table.
local ORDER = { "owner", "due", "status", "number", "task", "name", "role" }
local function role_of(text, v)
  local n = norm(text)
  if n == "" then return nil end
  if n == "by" then return "by" end
  for _, r in ipairs(ORDER) do if v[r][n] then return r end end
  for _, r in ipairs(ORDER) do
    for w in pairs(v[r]) do
      if #w >= 4 and n:sub(1, #w + 1) == w .. " " then return r end
    end
  end
  return nil
end

-- Columns of a row by grid position (a cell spanning two columns takes both).
local function grid(row)
  local cols, at = {}, 1
  for _, c in ipairs(row.cells) do
    cols[at] = c
    local span = c.gridspan    -- most cells have none: no calls for them
    at = at + (span and math.max(1, math.tointeger(span) or 1) or 1)
  end
  return cols
end

local function looks_like_date(s)
  return dates.first(s or "", {}) ~= nil or norm(s):match("next meeting") ~= nil
end

-- Reads the header row; returns {kind=, cols={role=column}} or nil.
local function header(row, rows, v)
  local cols, roles, n = {}, {}, 0
  local by_col
  for col, c in pairs(grid(row)) do
    local r = role_of(c.text, v)
    if r == "by" then by_col = col
    elseif r and not roles[r] then roles[r] = col; n = n + 1 end
    cols[col] = r
  end
  -- "Who / By": By is the due date; "Action / By": By is the owner, unless
  -- its cells hold dates
  if by_col then
    if roles.owner then
      roles.due = roles.due or by_col
    else
      local datey, total = 0, 0
      for _, r in ipairs(rows) do
        local c = grid(r)[by_col]
        if c and c.text ~= "" then total = total + 1; if looks_like_date(c.text) then datey = datey + 1 end end
      end
      if total > 0 and datey * 2 > total then roles.due = by_col else roles.owner = by_col end
    end
  end
  if roles.task and (roles.owner or roles.due) then
    -- a table headed "Task | Owner" whose task cells hold the names and owner
    -- cells the tasks: the columns were labelled the wrong way round
    if roles.owner then
      local named, tasky, total = 0, 0, 0
      for _, r in ipairs(rows) do
        local g = grid(r)
        local t, o = g[roles.task], g[roles.owner]
        if t and o and t.text ~= "" and o.text ~= "" then
          total = total + 1
          if names.is_name(names.squash(t.text), nil, { single = true }) then named = named + 1 end
          if not names.is_name(names.squash(o.text), nil, { single = true }) then tasky = tasky + 1 end
        end
      end
      if total > 0 and named == total and tasky == total then
        roles.task, roles.owner = roles.owner, roles.task
      end
    end
    return { kind = "actions", roles = roles }
  end
  if roles.name and not roles.task then return { kind = "attendance", roles = roles } end
  -- Present | Apologies | Absent: each column lists names
  local statuses, any = {}, false
  for col, c in pairs(grid(row)) do
    local st = T.status_headings[norm(c.text)]
    if st then statuses[col] = st; any = true
    elseif norm(c.text) ~= "" then return nil end
  end
  if any then return { kind = "attendance_columns", statuses = statuses } end
  return nil
end

-- Groups row blocks into tables: {first=, last=, rows={block...}}.
local function tables_of(blocks)
  local out, cur = {}, nil
  for bi, b in ipairs(blocks) do
    if b.kind == "row" and cur and cur.last == bi - 1 and cur.id == b.table then
      cur.last = bi
      cur.rows[#cur.rows + 1] = b
    elseif b.kind == "row" then
      cur = { first = bi, last = bi, id = b.table, rows = { b } }
      out[#out + 1] = cur
    else
      cur = nil
    end
  end
  return out
end

-- A row whose cells label themselves: an owner or due cell ("Owner: Jo
-- Bloggs", "Due date: 3 May") beside one unlabelled cell, the task.
local function labelled_row(row, v)
  local task, owner, due
  for _, c in ipairs(row.cells) do
    local label, value = c.text:match("^%s*([^:]+):%s*(.-)%s*$")
    local r = label and role_of(label, v)
    if r == "owner" and not owner then owner = value
    elseif (r == "due" or r == "by") and not due then due = value
    elseif c.text:find("%S") then
      if task then return nil end
      task = c
    end
  end
  -- an owner is what makes it an action: a lone "Date of next meeting: ..."
  -- beside another cell is not one
  if task and owner then return { task = task, owner = owner, due = due } end
  return nil
end

-- Finds the structured tables in blocks. Returns
-- { tables = { {kind=, first=, last=, rows=, roles= / statuses=} }, skip = {[block]=true} }.
function T.find(blocks, rules)
  local v = vocab(rules)
  local found = { tables = {}, skip = {} }
  for _, t in ipairs(tables_of(blocks)) do
    -- the header is the first row with words; a title row spanning the table may come before
    for h = 1, math.min(2, #t.rows) do
      local rest = {}
      for k = h + 1, #t.rows do rest[#rest + 1] = t.rows[k] end
      -- a header needs rows under it: one tabbed line ("(5 mins) | Attendees:")
      -- is a label, which the text rules read
      local hd = #rest > 0 and header(t.rows[h], rest, v)
      if hd then
        hd.first, hd.last, hd.rows, hd.header = t.first, t.last, rest, t.rows[h]
        found.tables[#found.tables + 1] = hd
        for bi = t.first + h - 1, t.last do found.skip[bi] = true end
        break
      end
    end
    if not found.skip[t.first] then
      for k, row in ipairs(t.rows) do
        local lr = labelled_row(row, v)
        if lr then
          lr.kind, lr.at, lr.row = "labelled_row", t.first + k - 1, row
          found.tables[#found.tables + 1] = lr
          found.skip[t.first + k - 1] = true
        end
      end
    end
  end
  return found
end

-- The text of column col of a row's grid (see grid), carrying a vertically
-- merged cell down. The caller makes the grid once per row.
local function cell_text(g, col, above)
  local c = col and g[col]
  if not c then return "", nil end
  if c.vmerge == "continue" and above then return above[col] or "", c end
  return c.text or "", c
end

local function due_of(text, ctx)
  local t = names.squash(text)
  if t == "" then return nil, nil end
  if norm(t):find("next meeting", 1, true) then return ctx.next_meeting, t end
  local iso = dates.first(t, { year = ctx.year, after = ctx.date })
  return iso, t
end

-- The actions of the action tables: the same records minutes.actions gives
-- ({text, cell_owner, due, due_text, status, span, rule}), plus at = the
-- block the row is.
function T.actions(found, rules, ctx)
  ctx = ctx or {}
  local out = {}
  for _, t in ipairs(found.tables) do
    if t.kind == "actions" then
      local above = {}
      for k, row in ipairs(t.rows) do
        local r = t.roles
        local g = grid(row)
        local task, tc = cell_text(g, r.task, above)
        local owner = cell_text(g, r.owner, above)
        local due_text = cell_text(g, r.due, above)
        local status = cell_text(g, r.status, above)
        local cur = {}
        for col, c in pairs(g) do cur[col] = c.vmerge == "continue" and above[col] or c.text end
        above = cur
        task = names.squash(task)
        if #task >= 3 and not (tc and tc.vmerge == "continue") then
          local st = norm(status)
          -- "Done" written where the date goes is the status
          if done_values[norm(due_text)] then st, due_text = norm(due_text), "" end
          local due, dtext = due_of(due_text, ctx)
          out[#out + 1] = {
            text = task, cell_owner = owner ~= "" and names.squash(owner) or nil,
            due = due, due_text = dtext,
            status = (done_values[st] or st:match("^complete") or st:match("^done")) and "done" or "open",
            span = tc and tc.span or row.span, rule = "tables.actions", at = t.first + k,
          }
        end
      end
    end
  end
  for _, t in ipairs(found.tables) do
    if t.kind == "labelled_row" then
      local task = names.squash(t.task.text)
      if #task >= 3 then
        local due, dtext = due_of(t.due or "", ctx)
        out[#out + 1] = { text = task, cell_owner = t.owner ~= "" and t.owner or nil, due = due,
          due_text = dtext, status = "open", span = t.task.span or t.row.span,
          rule = "tables.labelled_row", at = t.at + 1 }
      end
    end
  end
  -- rows come in block order unless a labelled row falls among the tables
  for i = 2, #out do
    if out[i - 1].at > out[i].at then
      table.sort(out, function(a, b) return a.at < b.at end)
      break
    end
  end
  return out
end

local function attendee(name, status, role, span, rules)
  name = names.squash((name:gsub("%b()", "")))
  if name == "" or name:find("%d") or #name > 60 then return nil end
  local words = 0
  for _ in name:gmatch("%S+") do words = words + 1 end
  if words > 6 then return nil end
  -- "Cllr Ann Lee" is Ann Lee, as in a written list; the title is her role
  -- when the table gives none
  local bare, hon = names.strip_honorifics(name, rules)
  if bare ~= "" then name = bare else hon = nil end
  if role == "" then role = hon or "" end
  return { name = name, status = status, role = role ~= "" and role or nil, span = span,
    rule = "tables.attendance" }
end

-- The attendance of the attendee tables.
function T.attendance(found, rules)
  rules = rules or defaults
  local out = {}
  for _, t in ipairs(found.tables) do
    if t.kind == "attendance" then
      for _, row in ipairs(t.rows) do
        local g = grid(row)
        local name, nc = cell_text(g, t.roles.name)
        local role = names.squash(cell_text(g, t.roles.role))
        local st = norm(cell_text(g, t.roles.status))
        local status = t.roles.status and status_values[st] or "present"
        local a = attendee(name, status or "present", role, nc and nc.span or row.span, rules)
        if a then out[#out + 1] = a end
      end
    elseif t.kind == "attendance_columns" then
      for _, row in ipairs(t.rows) do
        for col, c in pairs(grid(row)) do
          if t.statuses[col] then
            for _, n in ipairs(names.split_list(c.text)) do
              local a = attendee(n, t.statuses[col], "", c.span, rules)
              if a then out[#out + 1] = a end
            end
          end
        end
      end
    end
  end
  return out
end

return T
