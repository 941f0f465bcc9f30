-- minutes/interpret.lua -- blocks -> one meeting in the interchange format.
-- Policy lives in the rule modules; this file only wires them together:
-- blocks are flattened to units (a row's cells become units), items cut the
-- units into agenda items, and each rule module reads the units.
local defaults = require "minutes.defaults"
local names = require "minutes.names"
local dates = require "minutes.dates"
local items_m = require "minutes.items"
local header_m = require "minutes.header"
local attendance_m = require "minutes.attendance"
local decisions_m = require "minutes.decisions"
local actions_m = require "minutes.actions"
local owners_m = require "minutes.owners"
local reviews_m = require "minutes.reviews"
local tables_m = require "minutes.tables"

local M = {}

-- A unit is one piece of text the rules read: a block, or one cell of a row.
-- Blocks in skip (rows of structured tables, read by minutes.tables) give
-- no unit; at[bi] records the unit that follows where they were.
function M.units(blocks, skip, at)
  local units = {}
  for bi, b in ipairs(blocks) do
    if skip and skip[bi] then
      if at then at[bi] = #units + 1 end
    elseif b.kind == "row" then
      for ci, c in ipairs(b.cells) do
        units[#units + 1] = { kind = "cell", text = c.text, span = c.span, line = b.line,
          row = bi, cell = ci, ncells = #b.cells }
      end
    else
      units[#units + 1] = { kind = b.kind, text = b.text or "", span = b.span, line = b.line,
        level = b.level, number = b.number, bullet = b.bullet, checked = b.checked,
        indent = b.indent, link = b.link }
    end
  end
  return units
end

-- True when t has "(JD)" or "(JMD)": each "(" found plainly and the
-- initials tried only there (the introductions' gmatch tries every byte).
local function initials_in_brackets(t)
  local p = t:find("(", 1, true)
  while p do
    if t:find("^%(%u%u%u?%)", p) then return true end
    p = t:find("(", p + 1, true)
  end
  return false
end

-- Registers the people the text names in full: "Cllr Priya Nandra",
-- speakers, and "Jane Doe (JD)" introductions.
local function register_people(reg, units, rules)
  for _, u in ipairs(units) do
    local t = u.text
    for _, n in ipairs(attendance_m.titled(t, rules)) do reg:add(n) end
    for _, sp in ipairs(attendance_m.speakers(t, rules)) do
      if sp.name:find(" ") then reg:add(sp.name) end
    end
    if initials_in_brackets(t) then
      for n, short in t:gmatch("(%u[%a'%-]+ %u[%a'%-]+)%s*%((%u%u%u?)%)") do
        if names.is_name(n, rules) and short:sub(1, 1) == n:sub(1, 1) then
          reg:add(n)
          reg:alias(short, n)
        end
      end
    end
  end
end

-- A Lua pattern matching words of a phrase across any run of blanks or
-- line breaks (unit text is squashed; the source bytes are not).
local function words_pattern(words)
  local esc = {}
  for i, w in ipairs(words) do esc[i] = w:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0") end
  return table.concat(esc, "[%s%*_]+")
end

-- Narrows a unit's span to the words of `phrase` inside it (its first and
-- last few words), optionally from `lead` (an owner named before it).
-- Keeps the unit's span when the words cannot be found.
local function narrow(data, span, phrase, lead, lead_in)
  if not (data and span and phrase) or phrase == "" then return span end
  local a, b = span[1], span[2]
  local raw = data:sub(a, b)
  local ws = {}
  for w in phrase:gmatch("%S+") do ws[#ws + 1] = w end
  if #ws == 0 then return span end
  local head = { table.unpack(ws, 1, math.min(3, #ws)) }
  local tail = { table.unpack(ws, math.max(1, #ws - 2), #ws) }
  local s1 = raw:find(words_pattern(head))
  if not s1 then return span end
  local _, e2 = raw:find(words_pattern(tail), s1)
  if not e2 then return span end
  if lead and lead ~= "" then
    local lw = {}
    for w in lead:gmatch("%S+") do lw[#lw + 1] = w end
    local l1 = raw:sub(math.max(1, s1 - 200), s1):find(words_pattern(lw))
    if l1 then s1 = math.max(1, s1 - 200) + l1 - 1 end
  end
  -- a short lead-in ("ACTION:", "Action 8:") belongs with the words
  if lead_in and s1 > 1 and s1 <= 24 and not raw:sub(1, s1 - 1):find("[%.!%?;]%s") then s1 = 1 end
  return { a + s1 - 1, a + e2 - 1 }
end

local function owners_of(reg, phrase)
  if not phrase then return {} end
  return reg:resolve_all(phrase)
end

-- Interprets blocks (from any reader) into a meeting table.
-- opts: { rules = table|nil, data = original bytes (for exact spans) }.
function M.meeting(blocks, opts)
  opts = opts or {}
  defaults.reset_memos()      -- nothing remembered from another document
  local rules = defaults.merge(opts.rules)
  local tabled = tables_m.find(blocks, rules)
  local unit_at = {}
  local units = M.units(blocks, tabled.skip, unit_at)

  -- items
  local items = items_m.find(units, rules)
  local first_item = #units + 1
  for idx, it in ipairs(items) do
    local u = units[it.at]
    u.item_start = true
    if it.cut then u.cut = it.cut end
    for k in pairs(it.skip or {}) do
      if k ~= it.at or not it.cut then units[k].title_only = true end
    end
    if it.at < first_item then first_item = it.at end
  end
  table.sort(items, function(a, b) return a.at < b.at end)
  local cur = nil
  local next_item = 1
  for k, u in ipairs(units) do
    while items[next_item] and items[next_item].at <= k do cur = next_item; next_item = next_item + 1 end
    u.item = cur
  end
  -- title-only cells of an item row after the title (the lead) belong to no rule
  for _, it in ipairs(items) do
    local u = units[it.at]
    if u.row then
      for k = it.at, #units do
        if units[k].row ~= u.row then break end
        if not (it.skip or {})[k] and k > it.at and items_m.title_like(units[k].text, rules)
            and #units[k].text < 40 and not units[k].text:find("Actions?%s") then
          units[k].title_only = true
        end
      end
    end
  end

  -- header: stop at the first item or attendance list
  local stop = first_item - 1
  for k = 1, stop do
    if attendance_m.label_of(units[k].text, rules) then stop = k - 1; break end
  end
  local h = header_m.parse(units, math.max(stop, math.min(#units, 12)), rules)
  local year = h.date and tonumber(h.date:sub(1, 4))
  local ref = { year = year, after = h.date }

  -- attendance and the people register
  local tabled_attendance = tables_m.attendance(tabled, rules)
  local attendance, chair = attendance_m.parse(units, rules, tabled_attendance)
  for _, a in ipairs(tabled_attendance) do attendance[#attendance + 1] = a end
  local reg = owners_m.new(rules)
  for _, a in ipairs(attendance) do
    if a.name:find(" ") and a.status ~= "apologies" and a.status ~= "absent" then reg:add(a.name, true) end
  end
  for _, a in ipairs(attendance) do
    if a.name:find(" ") then reg:add(a.name, false) end
  end
  register_people(reg, units, rules)
  -- one-word names ("Cllr Nandra" as a speaker) become the full name when one fits
  local seen, att2 = {}, {}
  for _, a in ipairs(attendance) do
    if not a.name:find(" ") then
      local r = reg:resolve(a.name)
      if type(r) == "string" then a.name = r end
    end
    local key = names.key(a.name)
    if not seen[key] then seen[key] = a; att2[#att2 + 1] = a end
  end
  attendance = att2
  chair = chair or (h.chair)
  if chair and not chair:find(" ") then
    local r = reg:resolve(chair)
    if type(r) == "string" then chair = r end
  end
  reg.chair = chair
  reg.body_acronyms = header_m.body_acronyms(h.body)

  -- next meeting
  local next_meeting, nm_rule, nm_span = header_m.next_meeting(units, items, h.body, ref)

  -- decisions
  local decisions = {}
  local resolved, resolved_item = false, nil
  for k, u in ipairs(units) do
    if u.item ~= resolved_item then resolved = false end
    if not u.title_only then
      local text = u.cut and u.text:sub(u.cut) or u.text
      if decisions_m.is_heading(text) then
        resolved, resolved_item = true, u.item
      else
        for _, d in ipairs(decisions_m.find(text, rules, resolved)) do
          local t = names.squash(d.text):gsub("^[%-\u{2022}\u{00B7}%s]+", "")
          decisions[#decisions + 1] = { text = t, item = u.item, span = u.span, rule = d.rule }
        end
      end
    end
  end

  -- actions
  local acts = actions_m.scan(units, rules, { year = year, date = h.date, next_meeting = next_meeting })
  for _, a in ipairs(tables_m.actions(tabled, rules, { year = year, date = h.date, next_meeting = next_meeting })) do
    local before = units[(unit_at[a.at] or 1) - 1]   -- the item the table sits in
    a.item = before and before.item
    acts[#acts + 1] = a
  end

  -- assemble
  local m = {
    body = h.body, organisation = h.organisation, title = h.title, date = h.date,
    start = h.start, ["end"] = nil, venue = h.venue, chair = chair,
    next_meeting = next_meeting, attendance = {}, items = {}, actions = {},
  }
  m["end"] = h["end"]
  -- where each meeting-level field came from, for --explain
  local prov = {}
  for _, k in ipairs({ "body", "organisation", "title", "date", "start", "end", "venue", "chair" }) do
    if h[k] and h.rules[k] then prov[k] = { rule = h.rules[k], span = h.spans and h.spans[k] } end
  end
  if next_meeting then prov.next_meeting = { rule = nm_rule, span = nm_span } end
  if chair and chair ~= h.chair then prov.chair = { rule = "attendance.chair" } end
  m.provenance = prov
  for _, u in ipairs(units) do
    local t = u.text
    local e = t:find("eeting", 1, true)
      and (t:find("ended at", 1, true) or t:find("closed at", 1, true) or t:find("finished at", 1, true))
      and (u.text:match("[Mm]eeting %a* ?ended at (%d%d?[%.:]%d%d%s*[apAP]?%.?[mM]?)")
      or u.text:match("[Mm]eeting %a* ?closed at (%d%d?[%.:]%d%d%s*[apAP]?%.?[mM]?)")
      or u.text:match("[Mm]eeting %a* ?finished at (%d%d?[%.:]%d%d%s*[apAP]?%.?[mM]?)"))
    if e then
      local t = dates.find_times(e, { bare = true })[1]
      if t then m["end"] = t.hm; prov["end"] = { rule = "meeting.ended_at", span = u.span } end
    end
  end
  for _, a in ipairs(attendance) do
    m.attendance[#m.attendance + 1] = { name = a.name, status = a.status, role = a.role,
      organisation = a.organisation, substitute_for = a.substitute_for,
      span = narrow(opts.data, a.span, a.name), rule = a.rule }
  end
  for _, it in ipairs(items) do
    m.items[#m.items + 1] = { number = it.number, title = it.title, decisions = {}, actions = {},
      span = it.span, rule = it.rule }
  end
  for _, d in ipairs(decisions) do
    local rec = { text = d.text, span = narrow(opts.data, d.span, d.text), rule = d.rule }
    if d.item then table.insert(m.items[d.item].decisions, rec) end
  end
  for _, a in ipairs(acts) do
    local rec = { text = a.text, owners = owners_of(reg, a.cell_owner or a.owner), due = a.due,
      due_text = a.due_text, status = a.status, span = narrow(opts.data, a.span, a.text, a.owner, true),
      rule = a.rule, ref = a.ref }
    if a.item then table.insert(m.items[a.item].actions, rec) else table.insert(m.actions, rec) end
  end
  -- what this meeting says about earlier actions (the linker ties them)
  local reviews = reviews_m.find(units)
  if #reviews > 0 then m.reviews = reviews end
  return m
end

return M
