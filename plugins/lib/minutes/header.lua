-- minutes/header.lua -- the meeting's own facts from the top of the minutes:
-- body, title, organisation, date, start and end, venue; and the next
-- meeting's date from anywhere. Rules (recorded in fields_rule):
--   header.minutes_of   "MINUTES OF MEETING <body> HELD ON <date>"
--   header.notes_date   "<BODY> Meeting Notes: <date>" (also in a page header)
--   header.title_label  "Meeting Title: <title>", "Committee: <body>"
--   header.after_label  the line after "Agenda and minutes" / "Minutes"
--   header.first_line   the first title-like line ("<body> - Quarter 1, 2020/21")
--   header.date         the best-placed date near the top
--   header.venue        "Venue: ...", "held at ...", or a video-call line
--   header.next_meeting "next meeting ... <date>" or a "Date of next meeting" item
local defaults = require "minutes.defaults"
local names = require "minutes.names"
local dates = require "minutes.dates"

local H = {}

local weekdays = "monday tuesday wednesday thursday friday saturday sunday"
-- Not counted: weekdays and any piece of them ("Tue", "day"), am/pm, at/on/to.
local not_counted = setmetatable({ am = true, pm = true, at = true, on = true, to = true }, {
  __index = function(t, l)
    local v = weekdays:find(l, 1, true) ~= nil
    t[l] = v
    return v
  end })

-- Words left when dates, times and weekdays are taken out of s, counted up
-- to cap + 1 (callers only ask "none?", "at most 2?", "at most 3?").
local function residue(s, cap)
  cap = cap or math.huge
  local r = s
  for _, d in ipairs(dates.find_all(s, { year = 2000 })) do r = r:gsub(d.text:gsub("%p", "%%%0"), " ", 1) end
  r = r:gsub("%d%d?[%.:]%d%d%s*[apAP]?%.?[mM]?%.?", " "):gsub("%(%d+ mins?%)", " ")
  local n = 0
  for w in r:gmatch("%a+") do
    if #w > 9 or not not_counted[w:lower()] then
      n = n + 1
      if n > cap then return n end
    end
  end
  return n
end

-- A body name from a title: drops "Minutes of", dates, " - Quarter 1"
-- tails and " - Riverside Council" organisation tails.
function H.body_from_title(t, rules)
  local org
  t = names.squash(t)
  t = t:gsub("^[Aa]genda and [Mm]inutes%s*", ""):gsub("^[Mm]inutes of%s+", ""):gsub("^[Mm]inutes%s*[%-:]%s*", "")
  t = t:gsub("^[Mm]eeting of%s+", ""):gsub("^[Tt]he%s+", "")
  for _, d in ipairs(dates.find_all(t, { year = 2000 })) do t = t:gsub(d.text:gsub("%p", "%%%0"), "", 1) end
  local head, tail = t:match("^(.-)%s+[%-\u{2013}\u{2014}]%s+(.+)$")
  if head then
    if tail:match("[Cc]ouncil$") or tail:match("^[Ll]ondon [Bb]orough") or tail:match("[Aa]uthority$") then
      org = tail; t = head
    elseif tail:find("%d") or tail:lower():match("^quarter") or tail:lower():match("^q%d") or tail:match("^%s*$") then
      t = head
    end
  end
  t = t:gsub("%s+[Mm]eeting [Nn]otes%s*$", ""):gsub("%s+[Mm]inutes%s*$", ""):gsub("%s+[Nn]otes%s*$", "")
  t = t:gsub("%s+[Mm]eeting%s*$", ""):gsub("[%s%-:,]+$", ""):gsub("^[%s%-:,]+", "")
  if names.is_shouting(t) then t = names.title_case(t, rules) end
  return t ~= "" and t or nil, org
end

-- The trailing run of capitalised words before a phrase: "... Feb COMMUNITY
-- SAFETY BOARD" -> "COMMUNITY SAFETY BOARD" (a run in capitals wins).
local function trailing_name(s)
  local ws = {}
  for w in s:gmatch("%S+") do ws[#ws + 1] = w end
  local caps, cap = {}, {}
  for k = #ws, 1, -1 do
    local w = ws[k]
    if w:match("^%u[%u%-&']*$") and #w > 1 or (w == "&") then table.insert(caps, 1, w) else break end
  end
  if #caps >= 2 then return table.concat(caps, " ") end
  for k = #ws, 1, -1 do
    local w = ws[k]
    if w:match("^%u") or w == "and" or w == "of" or w == "&" then table.insert(cap, 1, w) else break end
    if #cap >= 8 then break end
  end
  return #cap >= 1 and table.concat(cap, " ") or nil
end

local function clean_venue(v)
  v = v:gsub("https?://%S+", ""):gsub("%S+%.com/%S*", "")
  v = v:gsub("%.%s+[Vv]iew directions.*$", ""):gsub("%s*[Vv]iew directions.*$", "")
  v = v:gsub(",?%s+[Pp]lease%s.*$", ""):gsub("%.%s.*$", "")
  v = names.squash(v):gsub("[%s%.,;:]+$", "")
  return v ~= "" and v or nil
end

-- Reads header fields from the units before the first item or list.
-- Returns a table of fields plus .rules = { field = rule name }.
function H.parse(units, stop, rules)
  rules = rules or defaults
  local f = { rules = {} }
  local last = math.min(stop or #units, #units, 80)
  local function set(field, value, rule, span)
    if value and f[field] == nil then
      f[field] = value
      f.rules[field] = rule
      f.spans = f.spans or {}
      f.spans[field] = span
    end
  end

  -- body and title, strongest rules first
  for k = 1, last do
    local t = units[k].text
    -- a heading in capitals wrapped over several lines (PDF text): read on
    local j = k
    while j < math.min(#units, k + 2) and t:sub(-1) ~= "." and t:sub(-1) ~= ":" and names.is_shouting(t)
        and names.is_shouting(units[j + 1].text) and not t:match("[Hh][Ee][Ll][Dd]%s") do
      j = j + 1
      t = t .. " " .. units[j].text
    end
    -- (both forms need "minutes of ... held": plain finds before the scans)
    local l = defaults.lower(t)
    local body = l:find("minutes of ", 1, true) and l:find("held", 1, true) and t:match("^.-[Mm][Ii][Nn][Uu][Tt][Ee][Ss] [Oo][Ff] [%a ]-[Mm][Ee][Ee][Tt][Ii][Nn][Gg] [Oo]?[Ff]? ?(.-)%s+[Hh][Ee][Ll][Dd]%s")
      or l:find("minutes of ", 1, true) and t:match("^[Mm][Ii][Nn][Uu][Tt][Ee][Ss] [Oo][Ff] (.-)%s+[Hh][Ee][Ll][Dd]%s")
    -- "Minutes of the meeting held on ..." names no body
    local generic = body and body:lower():gsub("^the%s+", ""):gsub("^an?%s+", ""):match("^%a*%s*meeting$")
    if body and body ~= "" and not generic then
      local sp = units[k].span and units[j].span and { units[k].span[1], units[j].span[2] }
      set("title", names.squash(t:match("^(.-)%s+[Hh][Ee][Ll][Dd]%s")), "header.minutes_of", sp)
      set("body", (H.body_from_title(body, rules)), "header.minutes_of", sp)
      local v = t:match("[Hh][Ee][Ll][Dd] [Ii][Nn] (.-),?%s+[Oo][Nn]%f[%A]") or t:match("[Hh][Ee][Ll][Dd] [Aa][Tt] (.-),?%s+[Oo][Nn]%f[%A]")
      if v then set("venue", clean_venue(names.is_shouting(v) and names.title_case(v, rules) or v), "header.minutes_of", sp) end
      f.date_unit = f.date_unit or j
    end
  end
  for k = 1, last do
    local t = units[k].text
    for st, e in (defaults.lower(t):find("meeting notes", 1, true) and t or ""):gmatch("()[Mm]eeting [Nn]otes:?%s*()") do
      if dates.find_all(t:sub(e), {})[1] and dates.find_all(t:sub(e), {})[1].s == 1 then
        local name = trailing_name(t:sub(1, st - 1))
        if name then
          set("body", (H.body_from_title(name, rules)), "header.notes_date", units[k].span)
          set("title", (H.body_from_title(name, rules)) .. " Meeting Notes", "header.notes_date", units[k].span)
          f.date_unit = f.date_unit or k
        end
      end
    end
  end
  -- "Meeting Title: Governance Committee Meeting" (a form's label and value)
  for k = 1, last do
    local label, value
    if units[k].text:find(":", 1, true) then
      label, value = units[k].text:match("^%s*([%a ]-)%s*:%s*(%S.-)%s*$")
    end
    label = label and label:lower()
    if value and #value < 120 and (label == "meeting title" or label == "title" or label == "meeting"
        or label == "meeting name" or label == "name of meeting" or label == "committee") then
      set("title", names.squash(value), "header.title_label", units[k].span)
      set("body", (H.body_from_title(value, rules)), "header.title_label", units[k].span)
      break
    end
  end
  for k = 1, last - 1 do
    -- the labels are short: a longer text is none of them
    local l = not units[k].text:find("[^%s:]", 19) and units[k].text:lower():gsub("[%s:]+$", "") or ""
    if l == "agenda and minutes" or l == "minutes" or l == "agenda" or l == "draft minutes" then
      local nt = units[k + 1].text
      if #nt < 120 and not nt:find(":") and residue(nt, 0) > 0 then
        set("title", names.squash(nt), "header.after_label", units[k + 1].span)
        set("body", (H.body_from_title(nt, rules)), "header.after_label", units[k + 1].span)
      end
    end
  end
  for k = 1, last do
    local u = units[k]
    local t = u.text
    if (u.kind == "heading" and (u.level or 1) == 1 or u.kind == "paragraph" or u.kind == "pageheader") and not u.link
        and #t < 120 and residue(t, 0) >= 1 and not t:find("://") and (not t:match(":%s") or u.kind == "heading" and (u.level or 1) == 1)
        and t:match("^[%u%d]") then
      local body, org = H.body_from_title(t, rules)
      if body then
        set("title", names.squash(t), "header.first_line", u.span)
        set("body", body, "header.first_line", u.span)
        set("organisation", org and defaults.expand(org, rules), "header.first_line", u.span)
        break
      end
    end
  end

  -- the date: on the line that named the meeting, else the best-placed one
  local best, best_score, best_k, best_d
  for k = 1, last do
    local t = units[k].text
    local ds = dates.find_all(t, {})
    for _, d in ipairs(ds) do
      if d.has_year then
        local score = 1
        if k == f.date_unit then score = 4
        elseif t:lower():find("meeting", 1, true) or t:lower():find("held", 1, true) then score = 3
        elseif residue(t, 3) <= 3 then score = 2 end
        if t:lower():match("next meeting") then score = 0 end
        if not best_score or score > best_score then best, best_score, best_k, best_d = d.iso, score, k, d end
      end
    end
  end
  if best and best_score >= 2 then
    set("date", best, "header.date", units[best_k].span)
    local t = units[best_k].text
    local times = dates.find_times(t:sub(best_d.e + 1), { bare = true })
    if times[1] then set("start", times[1].hm, "header.time", units[best_k].span) end
    if times[2] and t:sub(best_d.e + 1):sub(times[1].e + 1, times[2].s - 1):match("^%s*[%-\u{2013}to]+%s*$") then
      set("end", times[2].hm, "header.time", units[best_k].span)
    end
    if not times[1] and units[best_k + 1] then
      local nt = units[best_k + 1].text
      local t2 = dates.find_times(nt, { bare = true })
      if t2[1] and residue(nt, 2) <= 2 then set("start", t2[1].hm, "header.time", units[best_k + 1].span) end
    end
  end

  -- venue
  for k = 1, last do
    local t = units[k].text
    local v = t:match("^[Vv]enue%s*:%s*(.+)$") or t:match("^[Ll]ocation%s*:%s*(.+)$")
      or t:match("^[Pp]lace%s*:%s*(.+)$") or t:match("^[Ww]here%s*:%s*(.+)$")
    if v then set("venue", clean_venue(v), "header.venue", units[k].span) end
  end
  for k = 1, last do
    local l = units[k].text:lower()
    for _, w in ipairs(rules.virtual_venue_words) do
      if #l < 200 and l:find(w, 1, true) then
        set("venue", clean_venue(units[k].text), "header.venue_virtual", units[k].span)
      end
    end
  end
  return f
end

-- Acronym of a phrase: "Parks Steering Group" -> "PSG".
local function acronym(words, a, b, small)
  local t = {}
  for k = a, b do
    local c = words[k]:match("^%a")
    if c and not small[words[k]:lower()] then t[#t + 1] = c:upper() end
  end
  return table.concat(t)
end

-- Every acronym of a contiguous run of the body's words. Memoised (bounded):
-- the same body comes back for every meeting and every item of a file.
-- Callers treat the set as read-only.
local acr_memo, acr_count = {}, 0
defaults.on_reset(function() acr_memo, acr_count = {}, 0 end)
function H.body_acronyms(body)
  if not body then return {} end
  local hit = acr_memo[body]
  if hit then return hit end
  if acr_count >= 256 then acr_memo, acr_count = {}, 0 end
  local set = {}
  acr_memo[body], acr_count = set, acr_count + 1
  local small = defaults.set_of(defaults.small_words)
  local ws = {}
  for w in body:gmatch("[%a%-]+") do
    ws[#ws + 1] = w
    if #ws >= 16 then break end   -- no body's name is longer; bounds the cubic work
  end
  for a = 1, #ws do
    for b = a + 1, #ws do set[acronym(ws, a, b, small):lower()] = true end
  end
  set[body:lower()] = true
  return set
end

-- Next meeting: "next <X> meeting ... <date>", preferring an X that names
-- this body ("PSG" for a Parks Steering Group); else the first date of a
-- "Date(s) of next/future meeting(s)" item. ref = {year=, after=}.
function H.next_meeting(units, items, body, ref)
  local found = {}
  for k, u in ipairs(units) do
    local t = u.text
    local lower = defaults.lower(t)
    -- each "next" found plainly, the rest of the pattern tried only there
    -- (as gmatch("()next%s+([%w%-]*)%s*meeting()") would, without trying
    -- every byte): after a match the search goes on from its end
    local p = lower:find("next", 1, true)
    while p do
      local qual, e = lower:match("^next%s+([%w%-]*)%s*meeting()", p)
      if qual then
        local ds = dates.find_all(t:sub(e), ref)
        local d = ds[1]
        if d and d.s <= 60 then
          local q = qual ~= "" and qual or nil
          found[#found + 1] = { iso = d.iso, qual = q, k = k }
        end
        p = lower:find("next", e, true)
      else
        p = lower:find("next", p + 1, true)
      end
    end
  end
  local acr = found[1] and H.body_acronyms(body) or {}
  for _, f in ipairs(found) do
    if f.qual and acr[f.qual] then return f.iso, "header.next_meeting_named", units[f.k].span end
  end
  for _, f in ipairs(found) do
    if not f.qual or f.qual == "partnership" or f.qual == "board" or f.qual == "committee"
        or f.qual == "full" or f.qual == "scheduled" then
      return f.iso, "header.next_meeting", units[f.k].span
    end
  end
  if found[1] and not found[1].qual then return found[1].iso, "header.next_meeting", units[found[1].k].span end
  for _, it in ipairs(items) do
    local tl = (it.title or ""):lower()
    if tl:match("next meeting") or tl:match("future meeting") then
      for k = it.at + 1, #units do
        if units[k].item ~= units[it.at].item then break end
        local d = dates.find_all(units[k].text, ref)[1]
        if d and (not ref.after or d.iso > ref.after) then return d.iso, "header.next_meeting_item", units[k].span end
      end
    end
  end
  if found[1] then return found[1].iso, "header.next_meeting", units[found[1].k].span end
  return nil
end

return H
