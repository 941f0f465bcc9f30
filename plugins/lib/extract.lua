-- extract.lua -- what `clerk extract` prints: the meetings an importer found,
-- as interchange JSON, or with --explain as text that shows for each record
-- the words it came from and the rule that produced it.
local M = {}

local MEETING_KEYS = { "source", "body", "organisation", "title", "date", "start", "end",
  "venue", "chair", "attendance", "items", "actions", "next_meeting" }
local ORDER = require("interchange").KEY_ORDER

local function null_if_nil(v)
  if v == nil then return clerk.json.null end
  return v
end

local function owner_name(o)
  if type(o) == "table" then return o.name end
  return o
end

local function clean_action(a)
  local owners = {}
  for i, o in ipairs(a.owners or {}) do owners[i] = owner_name(o) end
  return { text = a.text, owners = owners, due = null_if_nil(a.due), status = a.status or "open" }
end

local function clean_item(it)
  local decisions, actions = {}, {}
  for i, d in ipairs(it.decisions or {}) do decisions[i] = type(d) == "table" and d.text or d end
  for i, a in ipairs(it.actions or {}) do actions[i] = clean_action(a) end
  return { number = null_if_nil(it.number), title = null_if_nil(it.title),
    decisions = decisions, actions = actions }
end

local function clean_meeting(m, source)
  local out = { source = source }
  for _, k in ipairs(MEETING_KEYS) do
    if k ~= "source" and k ~= "attendance" and k ~= "items" and k ~= "actions" then
      out[k] = null_if_nil(m[k])
    end
  end
  if m.status then out.status = m.status end   -- "cancelled": only when an importer says
  out.attendance = {}
  for i, a in ipairs(m.attendance or {}) do
    out.attendance[i] = { name = a.name, status = a.status, role = null_if_nil(a.role),
      organisation = null_if_nil(a.organisation), substitute_for = null_if_nil(a.substitute_for) }
  end
  out.items = {}
  for i, it in ipairs(m.items or {}) do out.items[i] = clean_item(it) end
  if m.actions and #m.actions > 0 then
    out.actions = {}
    for i, a in ipairs(m.actions) do out.actions[i] = clean_action(a) end
  end
  return out
end

function M.to_json(meetings, input)
  local cleaned = {}
  for i, m in ipairs(meetings) do cleaned[i] = clean_meeting(m, input.name) end
  local value = #cleaned == 1 and cleaned[1] or { meetings = cleaned }
  return clerk.json.encode(value, { indent = 2, order = ORDER }) .. "\n"
end

-- Line numbers of byte offsets, by binary search over line starts.
local function line_index(data)
  local starts, pos = { 1 }, 1
  while true do
    local nl = data:find("\n", pos, true)
    if not nl then break end
    starts[#starts + 1] = nl + 1
    pos = nl + 1
  end
  return function(offset)
    local lo, hi = 1, #starts
    while lo < hi do
      local mid = (lo + hi + 1) // 2
      if starts[mid] <= offset then lo = mid else hi = mid - 1 end
    end
    return lo
  end
end

function M.explain(meetings, input)
  -- spans index the text an importer read (input.text: a .docx's plain text)
  local data = input.text or input.data or ""
  local line_of = line_index(data)
  local out = {}
  local function emit(indent, label, rec)
    local where, words = "", nil
    local span = type(rec) == "table" and rec.span
    if span and span[1] and span[2] and span[1] >= 1 and span[2] >= span[1] then
      local a, b = line_of(span[1]), line_of(span[2])
      where = a == b and (" line " .. a) or (" lines " .. a .. "-" .. b)
      words = data:sub(span[1], math.min(span[2], span[1] + 299)):gsub("%s+", " ")
      if span[2] - span[1] >= 300 then words = words .. " ..." end
    end
    local rule = type(rec) == "table" and rec.rule and (" [" .. rec.rule .. "]") or ""
    out[#out + 1] = indent .. label .. rule .. where
    if words then out[#out + 1] = indent .. "    \"" .. words .. "\"" end
  end
  local function action_line(a)
    local owners = {}
    for i, o in ipairs(a.owners or {}) do
      local name = owner_name(o)
      if type(o) == "table" and o.ambiguous then name = name .. " (ambiguous: " .. table.concat(o.candidates or {}, " or ") .. ")" end
      if type(o) == "table" and o.group then name = name .. " (group)" end
      owners[i] = name
    end
    return "action: " .. a.text .. (#owners > 0 and (" -- owners: " .. table.concat(owners, "; ")) or "")
      .. (a.due and (" -- due " .. a.due) or "") .. (a.status and a.status ~= "open" and (" -- " .. a.status) or "")
  end
  for n, m in ipairs(meetings) do
    emit("", string.format("meeting %d: %s, %s", n, m.title or m.body or "(untitled)", m.date or "(no date)"), m)
    for _, k in ipairs({ "title", "body", "organisation", "date", "start", "end", "venue", "chair", "next_meeting" }) do
      if m[k] then emit("  ", k .. ": " .. tostring(m[k]), (m.provenance or {})[k]) end
    end
    for _, a in ipairs(m.attendance or {}) do
      emit("  ", "attendance: " .. a.name .. " (" .. a.status .. (a.substitute_for and (" for " .. a.substitute_for) or "") .. ")", a)
    end
    for _, it in ipairs(m.items or {}) do
      emit("  ", "item " .. (it.number or "-") .. ": " .. (it.title or "(untitled)"), it)
      for _, d in ipairs(it.decisions or {}) do
        emit("    ", "decision: " .. (type(d) == "table" and d.text or d), d)
      end
      for _, a in ipairs(it.actions or {}) do emit("    ", action_line(a), a) end
    end
    for _, a in ipairs(m.actions or {}) do emit("  ", action_line(a), a) end
  end
  return table.concat(out, "\n") .. "\n"
end

return M
