-- actions.scan's and reviews.find's quick tests must say what the first,
-- simple code said (the references below, compact copies of it), on random
-- texts of awkward words: the owner-list gate (owners_like), the marker
-- rule (marker_rest), the owner-column heading (owner_column), the sentence
-- rules' gate (a text it turns away gives every sentence rule nothing), the
-- due date and done test, and reviews.find.
local T = require "testing"
local actions = require "minutes.actions"
local defaults = require "minutes.defaults"
local names = require "minutes.names"

-- a local of the module, reached through the functions that use it
local function upvalue(f, name)
  for i = 1, 200 do
    local n, v = debug.getupvalue(f, i)
    if not n then return nil end
    if n == name then return v end
  end
end

-- The gate as first written: the cut (first separator or "and") found in
-- the whole phrase, then the words read one by one.
local ref_seps = { ";", ",", "/", "&", "(", ")" }
local ref_links = { ["of"] = true, ["and"] = true, ["for"] = true }
local function ref_impossible(phrase, rules)
  local stop = #phrase + 1
  for _, c in ipairs(ref_seps) do
    local at = phrase:find(c, 1, true)
    if at and at < stop then stop = at end
  end
  local at = phrase:lower():find("and", 1, true)
  if at and at < stop then stop = at end
  local _, e, first = phrase:find("^%s*([^%s%.]+)")
  if not e or e >= stop then return false end
  first = first:lower()
  local hon = {}
  for _, h in ipairs(rules.honorifics) do hon[h:match("^%S+") or ""] = true end
  if first == "the" or first == "all" or first:sub(1, 5) == "chair" or hon[first] then return false end
  local _, we, second = phrase:find("^%s+(%S+)", e + 1)
  if not we or we >= stop then return false end
  if second:match("^%l") then
    local bare = second:gsub("[%.,;:]+$", "")
    local groups = defaults.set_of(rules.group_words)
    if not (names.particles[second] or names.particles[bare] or ref_links[second] or ref_links[bare]
        or groups[second:lower()] or groups[bare:lower()]) then
      return true
    end
  end
  local pos = we + 1
  for _ = 3, 7 do
    _, we = phrase:find("^%s+%S+", pos)
    if not we or we >= stop then return false end
    pos = we + 1
  end
  return true
end

local function ref_owners_like(phrase, rules)
  if not phrase or phrase == "" then return false end
  if ref_impossible(phrase, rules) then return false end
  if select(2, phrase:gsub("%S+", "")) > 30 then return false end
  local parts = names.split_list(phrase)
  if #parts == 0 or #parts > 5 then return false end
  for _, p in ipairs(parts) do
    if select(2, p:gsub("%S+", "")) > 10 or not actions.owner_like(p, rules) then return false end
  end
  return true
end

-- The marker rule as first written: the whole text lowered, its first word
-- looked up.
local function ref_marker_rest(text, rules)
  local lower = text:lower()
  local f = {}
  for _, m in ipairs(rules.action_markers) do
    local w = m:lower():match("^[%a%d]+")
    if not w then f = false; break end
    f[w] = true
    f[w:gsub("s$", "")] = true
  end
  local first = lower:match("^%[?([%a%d]+)")
  if f and not (first and (f[first] or f[first:gsub("s$", "")])) then return nil end
  for _, m in ipairs(rules.action_markers) do
    local e = lower:match("^%[?" .. m .. "%]?%s*[:%-\u{2013}]%s*()")
    if e then return text:sub(e) end
    if lower:match("^" .. m .. "%s*$") then return "" end
  end
  local w = text:match("^Actions?%s+(%u[%w']*)")
  local stop = { plan = 1, plans = 1, log = 1, tracker = 1, group = 1, fraud = 1, research = 1, team = 1,
    learning = 1, day = 1, week = 1, network = 1, area = 1, areas = 1, ["and"] = 1, by = 1 }
  if w and not stop[w:lower()] then return text:match("^Actions?%s+(.*)$") end
  return nil
end

local function ref_owner_column(text, rules)
  local max = 0
  for _, c in ipairs(rules.owner_columns) do max = math.max(max, #c) end
  if text:find("[^%s:]", max + 1) then return false end
  return defaults.set_of(rules.owner_columns)[(text:lower():gsub("[%s:]+$", ""))] == true
end

local WORDS = { "Jo", "Bloggs", "Raj", "Patel", "Sandra", "ANDREW", "Andy", "and", "AND", "aNd", "&",
  "the", "The", "THE", "all", "All", "Chair", "chairs", "Chairman", "Cllr", "cllr", "Dr", "Dr.",
  "Detective", "Chief", "Inspector", "de", "van", "of", "for", "members", "Members", "team", "Team",
  "Board", "board", "RHB", "JB", "@jb", "J.", "Bloggs.", "to", "will", "circulate", "review", "x",
  "Review", "workplan", "Merit", "looking", "at", "a;b", "a,", "/", "(Chair)", "(", ")", "c/o",
  "Head", "IT", "Services", "Manager", "Security", "Officer", "standing", "planned", "landed", ".",
  ".x", "x.", ":", "Owner", "owner:", "Action", "ACTION", "Actions", "[Action", "action]", "Action:",
  "Agreed", "agreed", "actions", "Follow-ups", "follow-up", "todo", "To", "do", "ap", "AP", "Apple",
  "s", "S", "[", "[[", "-", "\u{2013}", "Next", "steps", "by", "whom", "Who", "responsible", "lead",
  "requested", "REQUESTED", "Requested", "requestedly", "it", "It", "was", "Was", "agreed.", "would",
  "submit", "Partnership", "that", "write", "be", "\u{C9}t\u{E9}", "1.", "7", "A3", "\u{2019}s", "members.",
  "of.", "team:", "de:", "and." }
local BLANKS = { " ", " ", " ", " ", "  ", "\t", "\n", " \r\n", "" }

local MARKERS = { "Action: ", "ACTIONS - ", "[Action items]: ", "Agreed actions \u{2013} ", "Follow-ups",
  "todo:", "AP: ", "Action In ", "Actions Plan ", "action point:", "[action", "To do - ", "Actions",
  "Notes: ", "note s - ", "NOTES", "Note:", "sss: ", "ss", "S: ", "[notes] - " }
local COLUMNS = { "Owner", "OWNERS", "Action by", "By whom", "Lead officer", "who", "Responsible",
  "Action lead", "action  by", "Owner(s)", "Action owner" }
local SENTENCES = { "The Board requested that ", "x. The Partnership requested ", "members requested ",
  "It was agreed that Jo Bloggs would ", "it was agreed the Chair will ", "It was agreed that the Clerk would ",
  "So it was agreed that RHB members would ", "it WAS AGREED Raj would ", "Submit was agreed that Jo would " }

local rnd = 7331
-- (the high bits: the low ones of this generator repeat in short cycles)
local function rand(n) rnd = (rnd * 1103515245 + 12345) % 2147483648; return (rnd // 65536) % n + 1 end
local function random_text(max_words)
  local parts = {}
  if rand(5) == 1 then parts[1] = BLANKS[rand(#BLANKS)] end
  for _ = 1, rand(max_words) do
    parts[#parts + 1] = WORDS[rand(#WORDS)]
    parts[#parts + 1] = BLANKS[rand(#BLANKS)]
  end
  if rand(2) == 1 then parts[#parts] = nil end
  return table.concat(parts)
end

T.test("actions.owners_like: as the simple gate and rules, on 8000 random phrases", function()
  rnd = 7331
  local rules = defaults.merge(nil)
  local impossible = upvalue(upvalue(actions.owners_like, "owners_like_uncached"), "first_owner_impossible")
  T.ok(impossible, "the gate is found")
  local yes, gated = 0, 0
  for k = 1, 8000 do
    local s = random_text(k % 3 == 0 and 12 or 5)
    defaults.reset_memos()
    local want = ref_impossible(s, rules)
    if want then gated = gated + 1 end
    T.eq(impossible(s, rules), want, ("gate of %q (phrase %d)"):format(s, k))
    local like = ref_owners_like(s, rules)
    if like then yes = yes + 1 end
    T.eq(actions.owners_like(s, rules), like, ("owners_like of %q (phrase %d)"):format(s, k))
  end
  T.ok(yes > 300, "phrases of owners: " .. yes)
  T.ok(gated > 1500 and gated < 6500, "phrases the gate turns away: " .. gated)
end)

T.test("actions.marker_rest and the owner column: as the simple code, on 8000 random texts", function()
  rnd = 7332
  local plain = defaults.merge(nil)
  -- markers whose first word may be written with an "s" more
  local more = defaults.merge({ action_markers = { "note%s?s", "ss?" } })
  local owner_column = upvalue(actions.scan, "owner_column")
  T.ok(owner_column, "owner_column is found")
  local marked, cols = 0, 0
  for k = 1, 8000 do
    local s = random_text(k % 4 == 0 and 3 or 8)
    local rules = k % 2 == 0 and plain or more
    if rand(2) == 1 then s = MARKERS[rand(#MARKERS)] .. s end
    if rand(5) == 1 then s = COLUMNS[rand(#COLUMNS)] .. ({ "", ":", " :", "\t", "  ", ": x", "s" })[rand(7)] end
    local want = ref_marker_rest(s, rules)
    if want then marked = marked + 1 end
    T.eq(actions.marker_rest(s, rules), want, ("marker_rest of %q (text %d)"):format(s, k))
    local col = ref_owner_column(s, rules)
    if col then cols = cols + 1 end
    T.eq(owner_column(s, rules), col, ("owner_column of %q (text %d)"):format(s, k))
  end
  T.ok(marked > 400, "texts with a marker: " .. marked)
  T.ok(cols > 20, "owner column headings: " .. cols)
end)

T.test("actions: the sentence rules' gate turns away no text a rule takes, on 8000 random texts", function()
  rnd = 7333
  local rules = defaults.merge(nil)
  local gate = upvalue(actions.scan, "sentence_may")
  T.ok(gate, "the gate is found")
  local taken, passed = 0, 0
  for k = 1, 8000 do
    local s = random_text(14)
    if rand(2) == 1 then s = SENTENCES[rand(#SENTENCES)] .. random_text(6) end
    local hits = 0
    for _, rule in ipairs(actions.sentence_rules) do hits = hits + #rule(s, rules) end
    if hits > 0 then taken = taken + 1 end
    defaults.reset_memos()
    local open = gate(s) ~= nil
    if open then passed = passed + 1 end
    T.ok(open or hits == 0, ("gate turned away %q (text %d)"):format(s, k))
  end
  T.ok(taken > 800, "texts a sentence rule takes: " .. taken)
  T.ok(passed < 7000, "texts the gate lets through: " .. passed)
end)

-- reviews.find as first written: every unit scanned into a list of its own,
-- the numbered statements found with a table made for every unit.
local reviews = require "minutes.reviews"

local function ref_actions_word(text, at)
  local c = text:find("ction", at + 1, true)
  while c do
    local b = text:byte(c - 1)
    if b == 65 or b == 97 then
      local _, e = text:find("^s?%s+", c + 5)
      if e then return c - 1, e end
    end
    c = text:find("ction", c + 1, true)
  end
end

local function ref_refs(list)
  local out = {}
  for tok in list:gmatch("[^%s,&]+") do
    local t = tok:gsub("[%.:;]+$", "")
    if t ~= "and" then
      if not t:match("^%u*%d+%a?$") then return nil end
      out[#out + 1] = t
    end
  end
  return #out > 0 and out or nil
end

local function ref_numbered(text)
  local found, at = {}, 1
  while true do
    local s, e = ref_actions_word(text, at)
    if not s then break end
    if s == 1 or text:sub(s - 1, s - 1):match("[%s%(%-:;%.]") then
      local pos, last = e + 1, nil
      while true do
        local rs, re = text:find("^%u*%d+%a?", pos)
        if not rs then break end
        last = re
        local ss, se = text:find("^%s*[,&]%s*", re + 1)
        if not ss then ss, se = text:find("^%s*,?%s*and%s+", re + 1) end
        if not ss then break end
        pos = se + 1
      end
      local refs = last and ref_refs(text:sub(e + 1, last))
      if refs then
        found[#found + 1] = { refs = refs, from = last + 1, at = s }
        e = last
      end
    end
    at = e + 1
  end
  for i, f in ipairs(found) do
    local phrase = text:sub(f.from, found[i + 1] and found[i + 1].at - 1 or #text)
    f.phrase = phrase:match("^(.-[%.;])%s") or phrase
  end
  return found
end

local function ref_action_text(text)
  local t = text:gsub("%b()", ""):gsub("\u{2705}", ""):gsub("\u{2714}", "")
  t = t:gsub("\u{2013}", "-"):gsub("[%-:]%s*[Cc]omplete[d]?%s*$", ""):gsub("%s[Cc]omplete[d]?%s*$", "")
  t = names.squash(t):gsub("^[%-\u{2022}%*%s]+", ""):gsub("[%s%.;,]+$", "")
  local _, without_ref = actions.ref(t)
  t = without_ref or t
  local _, task = actions.parse_owner(t)
  return (task or t):gsub("^[Tt]o%s+", "")
end

local function ref_scan_text(text)
  local out = {}
  for _, f in ipairs(ref_numbered(text)) do
    local status, note = reviews.classify(f.phrase)
    if status or note then
      out[#out + 1] = { refs = #f.refs > 1 and f.refs or nil, ref = #f.refs == 1 and f.refs[1] or nil,
        status = status, note = note, rule = "reviews.numbered" }
    end
  end
  if #out > 0 then return out end
  local code, after = text:gsub("\u{2013}", "-"):gsub("\u{2014}", "-"):match("^%s*(%u+%d+%a?)%s*[%-:%.]+%s*(.+)$")
  if code and code:match("%a") then
    local status, note = reviews.classify(after)
    if status and (after:lower():find("this action", 1, true) or #after < 60 or status ~= "open") then
      out[#out + 1] = { ref = code, status = status, note = note, rule = "reviews.code" }
      return out
    end
  end
  local lower = text:lower()
  local paren = text:match("%(([^%)]*[Cc]arried[^%)]*)%)") or text:match("%(([^%)]*[Bb]rought forward[^%)]*)%)")
  if paren or lower:match("carried%s+over%.?%s*$") or lower:match("carried%s+forward%.?%s*$") then
    local t = ref_action_text(text)
    if #t >= 10 then
      out[#out + 1] = { text = t, status = "open", note = paren and names.squash(paren) or "carried over",
        rule = "reviews.carried" }
    end
    return out
  end
  if text:find("\u{2705}", 1, true) or text:find("\u{2714}", 1, true) then
    local status, note = reviews.classify(text)
    local t = ref_action_text(text)
    if status and #t >= 10 then out[#out + 1] = { text = t, status = status, note = note, rule = "reviews.tick" } end
  end
  return out
end

local function ref_find(units)
  local out = {}
  for _, u in ipairs(units) do
    if not u.title_only then
      for _, r in ipairs(ref_scan_text(u.text)) do
        r.span = u.span
        r.text = r.text or (u.text ~= "" and names.squash(u.text) or nil)
        out[#out + 1] = r
      end
    end
  end
  return out
end

local RWORDS = { "Action", "Actions", "action", "actions", "ACTION", "Faction", "(Action", "-Action", ".Action",
  "xaction", "13", "7a", "HSP07", "A3", "7,", "8", "and", "&", "10", "7&8", "to", "be", "closed", "closed.",
  "complete", "completed;", "Complete", "done", "dropped", "withdrawn", "no", "longer", "required", "rag",
  "rated", "Amber", "red", "green", "blue", "RAG", "status", "is", "carried", "Carried", "CARRIED", "over",
  "over.", "forward", "brought", "Brought", "(carried", "over)", "(brought", "forward)", "miscarried",
  "remains", "open", "ongoing", "rolled", "removed", "from", "the", "log", "\u{2705}", "\u{2714}",
  "\u{2611}", "\u{2013}", "-", ":", "Jo", "Bloggs", "update", "leaflet", "this", "PKS11", "BRD02", "x.",
  "(action from Jan carried over)", "Carried over." }

T.test("reviews.find: as the simple code, on 3000 random meetings", function()
  rnd = 7334
  local found, by_rule = 0, {}
  for k = 1, 3000 do
    local units = {}
    for j = 1, rand(6) do
      local parts = {}
      if rand(3) == 1 then parts[1] = ({ "HSP07 \u{2013} ", "A3: ", "  BRD02 - ", "12 ", "Action 4 " })[rand(5)] end
      for _ = 1, rand(14) do
        parts[#parts + 1] = RWORDS[rand(#RWORDS)]
        parts[#parts + 1] = BLANKS[rand(#BLANKS)]
      end
      if rand(2) == 1 then parts[#parts] = nil end
      units[j] = { text = table.concat(parts), span = { j, j + 1 }, title_only = rand(8) == 1 or nil }
    end
    defaults.reset_memos()
    local want = ref_find(units)
    found = found + #want
    for _, r in ipairs(want) do by_rule[r.rule] = (by_rule[r.rule] or 0) + 1 end
    T.eq(reviews.find(units), want, ("reviews of meeting %d: %s"):format(k, units[1].text))
    for _, u in ipairs(units) do T.eq(reviews.scan_text(u.text), ref_scan_text(u.text), ("scan_text of %q"):format(u.text)) end
  end
  T.ok(found > 1500, "reviews found: " .. found)
  for _, rule in ipairs({ "reviews.numbered", "reviews.code", "reviews.carried", "reviews.tick" }) do
    T.ok((by_rule[rule] or 0) > 100, rule .. ": " .. tostring(by_rule[rule]))
  end
end)

-- A.due and the done test as first written: every pattern tried on every text.
local dates = require "minutes.dates"
local function ref_is_done(text, rules)
  local lower = text:lower()
  for _, m in ipairs(rules.done_markers) do
    if lower:find(m, 1, true) then return true end
  end
  return lower:match("%f[%a]complete[d]?%.?$") ~= nil or lower:match("%f[%a]done%.?$") ~= nil
end

local ref_next = { "by%s+the%s+next%s+meeting", "by%s+next%s+meeting", "before%s+the%s+next%s+meeting",
  "for%s+the%s+next%s+meeting" }
local ref_preps = { "()by%s+the%s+end%s+of%s*$", "()by%s+end%s+of%s*$", "()by%s+the%s+$", "()by%s+$",
  "()due:?%s+$", "()deadline:?%s+$", "()before%s+$" }
local function ref_due(text, ctx)
  local lower = text:lower()
  local function trailing(e) return text:sub(e + 1):match("^[%s%p]*$") ~= nil end
  for _, pat in ipairs(ref_next) do
    local a, e = lower:find(pat)
    if a then return ctx.next_meeting, (lower:sub(a, e):gsub("^%a+%s+", "")), trailing(e) and a or nil end
  end
  for _, d in ipairs(dates.find_all(text, { year = ctx.year, after = ctx.date })) do
    local from = math.max(1, d.s - 20)
    local before = lower:sub(from, d.s - 1)
    local at
    for _, pat in ipairs(ref_preps) do
      at = before:match(pat)
      if at then break end
    end
    if at or d.e >= #text - 1 or d.text:lower():match("^end of") then
      return d.iso, d.text, trailing(d.e) and (at and (from + at - 1) or d.s) or nil
    end
  end
  return nil, nil, nil
end

local DWORDS = { "by", "By", "BY", "the", "next", "Next", "meeting", "Meeting.", "meetings", "before", "for",
  "complete", "Complete", "completed", "completed.", "incomplete", "done", "Done.", "DONE", "undone",
  "(done)", "[x]", "\u{2705}", "- complete", "action closed", "2", "31", "August", "March", "2025", "2025.",
  "end", "of", "due:", "due", "deadline", "Deadline:", "12/03/2026", "2026-01-31", "Feb", "22,", "1st",
  "send", "report", "to", "Jo", ".", "e", "d", "x", "\u{2013}", "(", ")", "by the next meeting",
  "BY THE NEXT\tMEETING", "before the next meeting", "by next  meeting", "for the next meeting", "by 2 August",
  "by 31 March 2026", "by the end of March", "due: 1st May", "before 12/03/2026", "next meeting" }

T.test("actions.due and the done test: as the simple code, on 6000 random texts", function()
  rnd = 7335
  local rules = defaults.merge(nil)
  local is_done = upvalue(actions.scan, "is_done")
  T.ok(is_done, "is_done is found")
  local ctx = { year = 2025, date = "2025-03-01", next_meeting = "2025-04-01" }
  local dated, done, next_m = 0, 0, 0
  for k = 1, 6000 do
    local parts = {}
    for _ = 1, rand(12) do
      parts[#parts + 1] = DWORDS[rand(#DWORDS)]
      parts[#parts + 1] = BLANKS[rand(#BLANKS)]
    end
    if rand(2) == 1 then parts[#parts] = nil end
    local s = table.concat(parts)
    defaults.reset_memos()
    local want = { ref_due(s, ctx) }
    if want[1] then dated = dated + 1 end
    if want[1] == ctx.next_meeting then next_m = next_m + 1 end
    T.eq({ actions.due(s, ctx) }, want, ("due of %q (text %d)"):format(s, k))
    local d = ref_is_done(s, rules)
    if d then done = done + 1 end
    T.eq(is_done(s, rules), d, ("is_done of %q (text %d)"):format(s, k))
  end
  T.ok(dated > 1500 and next_m > 300 and done > 1000,
    ("dated %d, next meeting %d, done %d"):format(dated, next_m, done))
end)

-- The gate is for the built-in sentence rules: one a user adds is given
-- every text, words or none.
T.test("actions.scan: a user's own sentence rule sees texts the gate keeps from the built-in ones", function()
  local seen = {}
  local mine = function(text) seen[#seen + 1] = text; return { { text = "check the gate", s = 1, rule = "mine" } } end
  actions.sentence_rules[#actions.sentence_rules + 1] = mine
  local ok, err = pcall(function()
    local units = { { kind = "paragraph", text = "The clerk will look into the hall booking.", item = 1 } }
    local out = actions.scan(units, defaults.merge(nil), {})
    T.eq(seen, { "The clerk will look into the hall booking." })
    local rules = {}
    for _, a in ipairs(out) do rules[#rules + 1] = a.rule end
    T.ok(table.concat(rules, " "):find("mine", 1, true), table.concat(rules, " "))
  end)
  table.remove(actions.sentence_rules)
  if not ok then error(err, 0) end
end)
