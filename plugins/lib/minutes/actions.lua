-- minutes/actions.lua -- actions and who owns them. Rules:
--   actions.marked        "ACTION: Jo Bloggs to circulate ...", "Action Item: @jb will ..."
--   actions.block         lines under an "Actions:" heading, until a heading,
--                         a label, an agenda item or a short title line
--   actions.inline        "... Actions Jo Bloggs to send ..." inside a cell
--   actions.owner_cell    a line that is only names ("Jo Bloggs/ Raj Patel"),
--                         the owner column of a flattened action table
--                         (after an "Action by" / "Owner" heading)
--   actions.requested     "The Board requested that a report be brought ..."
--   actions.agreed_would  "It was agreed that X would <do> ..."
-- Owner prefixes: "X to <do>", "X will <do>", "X <Do> ..." (X a name),
-- "<do> ... (X)", "X: <do>". "X to be <done>" is passive: no owner.
local defaults = require "minutes.defaults"
local names = require "minutes.names"
local dates = require "minutes.dates"

local A = {}
local byte, find = string.byte, string.find
local none = {}            -- an empty list to loop over (read only)

local function sets(rules)
  if not rules._act then
    rules._act = {
      verbs = defaults.set_of(rules.action_verbs),
      groups = defaults.set_of(rules.group_words),
      owner_cols = defaults.set_of(rules.owner_columns),
    }
  end
  return rules._act
end

local marker_stop = defaults.set_of { "plan", "plans", "log", "tracker", "group", "fraud",
  "research", "team", "learning", "day", "week", "network", "area", "areas", "and", "by" }

-- One owner as written: a name, initials, @handle, a group or "Chair".
function A.owner_like(part, rules)
  rules = rules or defaults
  local p = names.squash(part)
  -- without its trailing . , ; : (read from the end: a "[%.,;:]+$" gsub
  -- would try every byte)
  local cut = #p
  local c = byte(p, cut)
  while c == 46 or c == 44 or c == 59 or c == 58 do cut = cut - 1; c = byte(p, cut) end
  if cut < #p then p = p:sub(1, cut) end
  if p == "" then return false end
  if p:match("^@[%w_%-]+$") or p:match("^%u%u%u?%u?$") then return true end
  local bare = names.strip_honorifics(p, rules)
  if names.is_name(bare, rules, { single = true }) then return true end
  local lower = p:lower():gsub("^the ", "")
  if lower:match("^chairs?%f[%A]") then return true end
  -- a post: "Security Officer", "Head of IT Services Manager" (capitalised words
  -- ending in a job title)
  -- the last run of letters and hyphens, when the text ends with one
  local last
  local e = #lower
  local k = e
  c = byte(lower, k)
  while c and (c >= 97 and c <= 122 or c >= 65 and c <= 90 or c == 45) do k = k - 1; c = byte(lower, k) end
  if k < e then last = lower:sub(k + 1) end
  if last and defaults.set_of(rules.job_titles or {})[last] then
    local n, ok = 0, true
    for w in p:gsub("^[Tt]he%s+", ""):gmatch("%S+") do
      n = n + 1
      if not (w:match("^%u") or w == "of" or w == "and" or w == "for") then ok = false end
    end
    if ok and n <= 5 then return true end
  end
  local ws = {}
  for w in lower:gmatch("%S+") do
    if #ws == 4 then ws[5] = w; break end    -- more than four words: no group
    ws[#ws + 1] = w
  end
  if #ws >= 1 and #ws <= 4 then
    local s = sets(rules)
    if ws[1] == "all" or s.groups[ws[#ws]] then
      -- every other word must be capitalised or a group word: "RHB members"
      local ok = true
      local orig = {}
      for w in p:gmatch("%S+") do orig[#orig + 1] = w end
      for k = 2, #orig - 1 do
        if not orig[k]:match("^%u") and not s.groups[ws[k]] and ws[1] ~= "all" then ok = false end
      end
      return ok
    end
  end
  return false
end

-- Memoised per rules table: the scan asks about the same short phrases
-- (owner cells, "X to ..." prefixes) many times.
local owners_memo = { rules = nil, map = {}, n = 0 }
defaults.on_reset(function() owners_memo.map, owners_memo.n = {}, 0 end)

-- The first words of the honorifics, as names.strip_honorifics looks them
-- up ("detective chief inspector" -> "detective"), memoised per list.
local hon_firsts_cache = setmetatable({}, { __mode = "k" })
local function honorific_firsts(list)
  local c = hon_firsts_cache[list]
  if c and c.n == #list then return c.set end
  c = { n = #list, set = {} }
  for _, h in ipairs(list) do
    local w = h:match("^%S+")
    if w then c.set[w] = true end
  end
  hon_firsts_cache[list] = c
  return c.set
end

-- True when the phrase's first owner cannot be one, found with a match or
-- two on its first words before the list is split and each part read by
-- patterns.
-- The first owner is taken as the text before any separator the lists are
-- split at (";,/&()" or "and", anywhere, even inside a word: an earlier
-- cut only leaves fewer words to judge). A first owner that may begin with
-- a title, "the", "all" or "chair" is left to the full rules. Otherwise it
-- cannot be one when
--   its second word starts with a small letter and is no particle ("de"),
--     "of", "and", "for" or group word: no name, initials, post or group
--     ("Review workplan", "Merit looking at ...") reads so;
--   or it has seven words or more: no name (four words after its titles),
--     group (four) or post (five) is that long, once one word that is only
--     stops is dropped from its end.
local separators = { ";", ",", "/", "&", "(", ")" }
local small_links = { ["of"] = true, ["and"] = true, ["for"] = true }
-- True when the list is cut (at a separator or "and") at or before byte x:
-- only the first x + 2 bytes are lowered, not the whole phrase.
local function cut_by(phrase, x)
  for _, c in ipairs(separators) do
    local at = find(phrase, c, 1, true)
    if at and at <= x then return true end
  end
  return find(phrase:sub(1, x + 2):lower(), "and", 1, true) ~= nil
end
-- The words are found first and the cut asked about only where it matters:
-- the first owner must hold the second word (and, unless that word rules
-- it out, the seventh).
local function first_owner_impossible(phrase, rules)
  -- the first two words with no separator in them, in one match: a
  -- separator cuts the list at or before the second word ("and" inside
  -- either word too: it cannot run across a blank)
  local _, we, first, second = find(phrase, "^%s*([^%s%.;,/&()]+)%s+([^%s;,/&()]+)")
  if not we then return false end
  local nb = byte(phrase, we + 1)
  if nb and nb ~= 32 and (nb < 9 or nb > 13) then return false end
  first = first:lower()
  if first == "the" or first == "all" or first:sub(1, 5) == "chair"
      or honorific_firsts(rules.honorifics)[first] then
    return false
  end
  local low = second:lower()
  if find(first, "and", 1, true) or find(low, "and", 1, true) then return false end
  local b = byte(second, 1)
  if b >= 97 and b <= 122 then
    -- the word as the rules may read it: as it is, or as the last word
    -- without its trailing stops; a group word in lower case (cut from
    -- the lowered word: lowering keeps every byte in its place)
    local cut = #second
    local c = byte(second, cut)
    while c == 46 or c == 44 or c == 59 or c == 58 do cut = cut - 1; c = byte(second, cut) end
    local bare, low_bare = second, low
    if cut < #second then bare, low_bare = second:sub(1, cut), low:sub(1, cut) end
    local groups = sets(rules).groups
    if not (names.particles[second] or names.particles[bare] or small_links[second] or small_links[bare]
        or groups[low] or groups[low_bare]) then
      return true
    end
  end
  -- words three to seven, in one match
  _, we = find(phrase, "^%s+%S+%s+%S+%s+%S+%s+%S+%s+%S+", we + 1)
  return we ~= nil and not cut_by(phrase, we)
end

local function owners_like_uncached(phrase, rules)
  if first_owner_impossible(phrase, rules) then return false end
  -- five owners of at most a few words each: a long phrase is not a list of owners
  -- (31 words take at least 61 bytes: a shorter phrase is not counted)
  if #phrase >= 61 and select(2, phrase:gsub("%S+", "")) > 30 then return false end
  local parts = names.split_list(phrase)
  if #parts == 0 or #parts > 5 then return false end
  for _, p in ipairs(parts) do
    -- (11 words take at least 21 bytes)
    if #p >= 21 and select(2, p:gsub("%S+", "")) > 10 or not A.owner_like(p, rules) then return false end
  end
  return true
end

local function owners_like(phrase, rules)
  if not phrase or phrase == "" then return false end
  local memo = owners_memo
  if memo.rules ~= rules or memo.n >= 4096 then memo.rules, memo.map, memo.n = rules, {}, 0 end
  local hit = memo.map[phrase]
  if hit == nil then
    hit = owners_like_uncached(phrase, rules)
    memo.map[phrase], memo.n = hit, memo.n + 1
  end
  return hit
end
A.owners_like = owners_like

-- A unit that is only owners: "Jo Bloggs/ Cllr Nandra", "All/ Raj Patel".
function A.is_owner_line(text, rules)
  if #text > 160 then return false end    -- five names at most: never a paragraph
  -- ends with a full stop not after a capital ("J. Bloggs." is not a line of owners)
  if byte(text, -1) == 46 then
    local c = byte(text, -2)
    if not (c and c >= 65 and c <= 90) then return false end
  end
  return owners_like(text, rules)
end

-- Splits "owner prefix + task". Returns owner phrase (or nil), task, rule.
function A.parse_owner(text, rules)
  rules = rules or defaults
  local s = sets(rules)
  -- "X to <verb> ..." (first " to " whose prefix is owners)
  local pos = 1
  while true do
    local a, b = text:find("%s+to%s+", pos)
    if not a or a > 80 then break end
    local who = text:sub(1, a - 1)
    local rest = text:sub(b + 1)
    if owners_like(who, rules) then
      local verb = rest:match("^(%a+)")
      if verb == "be" then return nil, text, "actions.passive" end
      if verb and verb:match("^%l") then return who, rest, "actions.owner_to" end
    end
    pos = b + 1
  end
  -- "X will <verb> ..."
  local who, rest = text:match("^(.-)%s+will%s+(%l.*)$")
  if who and owners_like(who, rules) then return who, rest, "actions.owner_will" end
  -- "X must <verb> ..." / "X shall <verb> ..."
  who, rest = text:match("^(.-)%s+must%s+(%l.*)$")
  if not who then who, rest = text:match("^(.-)%s+shall%s+(%l.*)$") end
  if who and owners_like(who, rules) then return who, rest, "actions.owner_must" end
  -- "X: <task>"
  who, rest = text:match("^([^:]-):%s+(.+)$")
  if who and owners_like(who, rules) then return who, rest, "actions.owner_colon" end
  -- "<task> (X)"
  rest, who = text:match("^(.-)%s*%(([^%)]+)%)%.?$")
  if who and owners_like(who, rules) then return who, rest, "actions.owner_after" end
  -- "Jo Bloggs Share the paper ..."
  local ws = {}
  for st, w in text:gmatch("()(%S+)") do ws[#ws + 1] = { st = st, w = w } end
  for n = 1, 3 do
    local v = ws[n + 1]
    if v and v.w:match("^%u%l+$") and s.verbs[v.w:lower()] then
      local phrase = text:sub(1, v.st - 1)
      if owners_like(phrase, rules) then return names.trim(phrase), text:sub(v.st), "actions.owner_verb" end
    end
  end
  return nil, text, nil
end

-- The first words the markers can start with, or false when a marker is a
-- pattern that does not start with a plain word (then every unit is tried).
-- With them, the bytes those words start with (each word's first byte: a
-- word without its final "s" starts with the same byte, or is "" only
-- when the word is "s").
local marker_firsts = setmetatable({}, { __mode = "k" })
local function marker_filter(markers)
  local f = marker_firsts[markers]
  if f == nil then
    f = { words = {}, bytes = {} }
    for _, m in ipairs(markers) do
      local w = m:lower():match("^[%a%d]+")
      if not w then f = false; break end
      f.words[w] = true
      f.words[w:gsub("s$", "")] = true
      f.bytes[byte(w, 1)] = true
    end
    marker_firsts[markers] = f
  end
  return f
end

local marker_pats = {}     -- marker -> its two patterns, made once
local function marker_rest(text, rules)
  local f = marker_filter(rules.action_markers)
  if f then
    -- the first byte of the first word (after a "["), in lower case: most
    -- units fail here, before any string is made
    local b = byte(text, 1)
    if b == 91 then b = byte(text, 2) end
    if b and b >= 65 and b <= 90 then b = b + 32 end
    if not f.bytes[b] then return nil end
    f = f.words
  end
  -- the first word from the text, lowered alone: lowering keeps letters and
  -- digits where they are
  local first = text:match("^%[?([%a%d]+)")
  if first then first = first:lower() end
  -- (the word, or the word without one final "s")
  if f and not (first and (f[first] or byte(first, -1) == 115 and f[first:sub(1, -2)])) then return nil end
  local lower = defaults.lower(text)
  for _, m in ipairs(rules.action_markers) do
    local pats = marker_pats[m]
    if not pats then
      pats = { "^%[?" .. m .. "%]?%s*[:%-\u{2013}]%s*()", "^" .. m .. "%s*$" }
      marker_pats[m] = pats
    end
    local e = lower:match(pats[1])
    if e then return text:sub(e) end
    if lower:match(pats[2]) then return "" end
  end
  -- "Action In framing ...": the marker without a colon, then a capital
  local w = text:match("^Actions?%s+(%u[%w']*)")
  if w and not marker_stop[w:lower()] then return text:match("^Actions?%s+(.*)$") end
  return nil
end
A.marker_rest = marker_rest

-- Splits run-on actions: "... practitioners Victim Support to be linked ..."
local soft = defaults.set_of { "with", "to", "and", "for", "from", "by", "of", "or", "the", "at", "on", "in", "send", "inform", "ask", "contact", "tell" }
local function split_run_on(text, rules)
  local out, start = {}, 1
  local pos = 1
  while true do
    local a, b, w1 = text:find("%s(%u[%w%-']+%s?%u?[%w%-']*)%s+to%s+%l", pos)
    if not a then break end
    local prev = text:sub(1, a - 1):match("(%S+)$") or ""
    if a - start > 25 and prev:match("^%l") and not soft[prev:lower()] and owners_like(w1, rules) then
      out[#out + 1] = names.trim(text:sub(start, a - 1))
      start = a + 1
    end
    pos = b
  end
  out[#out + 1] = names.trim(text:sub(start))
  return out
end

local function is_done(text, rules)
  local lower = defaults.lower(text)
  for _, m in ipairs(rules.done_markers) do
    if lower:find(m, 1, true) then return true end
  end
  -- "... complete", "... done." : only a text ending in e, d or a full
  -- stop is tried (the patterns would be tried at every byte)
  local last = byte(lower, -1)
  if last ~= 101 and last ~= 100 and last ~= 46 then return false end
  return lower:match("%f[%a]complete[d]?%.?$") ~= nil or lower:match("%f[%a]done%.?$") ~= nil
end

-- Due date of an action: {due=iso|nil, due_text=phrase|nil}.
-- The due date of an action's text. Returns iso date (or nil), the phrase
-- as written, and where the due clause starts when it ends the text ("...
-- by 31 March 2026."), so the caller can take it out of the task.
local function trailing(text, e)
  return text:sub(e + 1):match("^[%s%p]*$") ~= nil
end
local next_meeting_phrases = {
  "by%s+the%s+next%s+meeting", "by%s+next%s+meeting",
  "before%s+the%s+next%s+meeting", "for%s+the%s+next%s+meeting",
}
local due_prepositions = {
  "()by%s+the%s+end%s+of%s*$", "()by%s+end%s+of%s*$", "()by%s+the%s+$", "()by%s+$",
  "()due:?%s+$", "()deadline:?%s+$", "()before%s+$",
}
function A.due(text, ctx)
  local lower = text:lower()
  -- every phrase says "next" (a plain find before four patterns)
  for _, pat in ipairs(find(lower, "next", 1, true) and next_meeting_phrases or none) do
    local a, e = lower:find(pat)
    if a then
      return ctx.next_meeting, (lower:sub(a, e):gsub("^%a+%s+", "")), trailing(text, e) and a or nil
    end
  end
  local ref = { year = ctx.year, after = ctx.date }
  for _, d in ipairs(dates.find_all(text, ref)) do
    local from = math.max(1, d.s - 20)
    local before = lower:sub(from, d.s - 1)
    local at
    for _, pat in ipairs(due_prepositions) do
      at = before:match(pat)
      if at then break end
    end
    if at or d.e >= #text - 1 or d.text:lower():match("^end of") then
      local cut = nil
      if trailing(text, d.e) then cut = at and (from + at - 1) or d.s end
      return d.iso, d.text, cut
    end
  end
  return nil, nil, nil
end

-- The task without its trailing due clause, when enough task is left.
local function without_due(task, cut)
  if not cut then return task end
  local t = task:sub(1, cut - 1):gsub("[%s%(%-\u{2013},;:]+$", "")
  if #t < 3 or not t:find("%a") then return task end
  return t
end

-- True for a line that is only a heading opening a list of actions
-- ("Next Steps:", "## Actions required").
local whole_line = {}      -- heading -> "^heading$", made once
local function block_heading_of(text, rules)
  if #text >= 40 then return false end
  local lower = text:lower():gsub("^[%s%*#]+", "")
  -- without trailing blanks, * and : (read from the end, not by a "[%s%*:]+$" gsub)
  local k = #lower
  local c = byte(lower, k)
  while c and (c == 32 or c >= 9 and c <= 13 or c == 42 or c == 58) do k = k - 1; c = byte(lower, k) end
  if k < #lower then lower = lower:sub(1, k) end
  for _, h in ipairs(rules.action_block_headings or {}) do
    local pat = whole_line[h]
    if not pat then pat = "^" .. h .. "$"; whole_line[h] = pat end
    if lower:match(pat) then return true end
  end
  return false
end

-- "X must / will / should / shall <verb>": a task, however short.
local function has_modal(text)
  local l = " " .. text:lower() .. " "
  for _, m in ipairs({ " must ", " will ", " should ", " shall " }) do
    local at = l:find(m, 1, true)
    if at and l:sub(at + #m):match("^%l") then return true end
  end
  return false
end

local function closes_block(u, text, rules)
  if u.kind == "heading" then return true end
  if text:match(":%s*$") then return true end
  if text:match("%(%d+ ?mins?%)") then return true end
  local n, first = 0, text:match("^(%S+)")
  for _ in text:gmatch("%S+") do n = n + 1 end
  -- a short line with no full stop, no owner and no leading verb is the
  -- next sub-heading ("Night time economy"), not an action
  if n <= 10 and not text:match("[%.!%?]$") and not sets(rules).verbs[(first or ""):lower()]
      and not A.parse_owner(text, rules)
      and not (u.bullet and has_modal(text)) then
    return true
  end
  return false
end

local function owner_column(text, rules)
  -- no column heading is longer than the longest in the list
  local s = sets(rules)
  if not s.owner_col_max then
    s.owner_col_max = 0
    for _, c in ipairs(rules.owner_columns) do s.owner_col_max = math.max(s.owner_col_max, #c) end
  end
  -- (the last byte is one of those the find below looks at: when it is
  -- no blank or colon the find would succeed)
  local c = byte(text, -1)
  if #text > s.owner_col_max and c ~= 58 and c ~= 32 and (c < 9 or c > 13) then return false end
  if text:find("[^%s:]", s.owner_col_max + 1) then return false end
  local l = text:lower():gsub("[%s:]+$", "")
  return s.owner_cols[l] == true
end

local function clean_task(t)
  t = names.squash(t):gsub("^[%-\u{2022}\u{00B7}%*%s]+", ""):gsub("^[Tt]o%s+", "")
  t = t:gsub("[%s%.;,]+$", "")
  return t
end

-- Every built-in sentence rule needs " requested " or "it was agreed " in
-- the lower-cased text (memoised: other rules lower the same unit), so
-- "quested" (found fast: q is rare) or "was agreed ": a text without
-- either is not given to them. A rule added to A.sentence_rules by a user
-- is given every text.
local builtin_sentence_rule = {}
local function sentence_may(text)
  local l = defaults.lower(text)
  return find(l, "quested", 1, true) or find(l, "was agreed ", 1, true)
end

-- Scans units for actions. units carry .item (index of their item) and
-- .item_start (true on the first unit of an item). ctx: {year=, date=,
-- next_meeting=}. Returns a list of
-- { text=, owner=phrase|nil, cell_owner=phrase|nil, status=, due=, due_text=,
--   unit=index, item=, span=, rule= }.
function A.scan(units, rules, ctx, sub_span)
  rules = rules or defaults
  ctx = ctx or {}
  local out = {}
  local open, owner_mode, last_kind = false, false, nil
  local open_indent
  local pending_ref          -- the printed reference of the line being emitted
  local function emit(text, k, rule, s_off)
    local u = units[k]
    -- a printed reference leading the line: "TCS04 – Jo Bloggs to ..." (see A.ref)
    local ref, body = A.ref(text)
    if ref then text, pending_ref = body, ref end
    for _, piece in ipairs(split_run_on(text, rules)) do
      local who, task, orule = A.parse_owner(piece, rules)
      task = clean_task(task)
      if #task >= 3 then
        local due, due_text, cut = A.due(task, ctx)
        task = without_due(task, cut)
        local a = { text = task, owner = who, status = (is_done(piece, rules) or u.checked) and "done" or "open",
          due = due, due_text = due_text, unit = k, item = u.item, ref = pending_ref,
          span = sub_span and sub_span(u, text, s_off) or u.span,
          rule = orule and (rule .. "+" .. orule) or rule }
        -- an owner in the next cell of the same row: | task | owner |
        local nxt = units[k + 1]
        if not who and nxt and nxt.row and nxt.row == u.row and A.is_owner_line(nxt.text, rules) then
          a.cell_owner = nxt.text
        end
        out[#out + 1] = a
      end
    end
  end

  for k, u in ipairs(units) do
    local text = u.text
    if u.cut then text = text:sub(u.cut) end
    if u.item_start then open = false end
    if u.title_only then
      -- an item heading may itself open a list: "Next Steps:", "Actions"
      if block_heading_of(text, rules) then open, open_indent, last_kind = true, nil, "marker" end
      goto continue
    end
    if owner_column(text, rules) then owner_mode = true; goto continue end

    do
      -- "Next steps:" standing alone opens a list of actions
      local block_heading = block_heading_of(text, rules) and "" or nil
      -- a line of owners
      if not block_heading and A.is_owner_line(text, rules) and not (u.kind == "cell" and u.cell == 1 and units[k + 1] and units[k + 1].row == u.row) then
        if owner_mode then
          -- the owner cell belongs to the last action, if it has none yet;
          -- else the paragraph just before is an action whose label was lost
          local target = out[#out]
          if target and target.cell_owner then target = nil end
          if target then
            target.cell_owner = text
          else
            local p = units[k - 1]
            if p and p.kind == "paragraph" and not p.title_only and not p.cut and #p.text > 15 then
              local n0 = #out
              emit(p.text, k - 1, "actions.owner_cell")
              if #out > n0 then out[#out].cell_owner = text end
            end
          end
        elseif open and last_kind == "action" and out[#out] and not out[#out].owner and out[#out].unit == k - 1 then
          out[#out].cell_owner = text
        end
        last_kind = "owner"
        goto continue
      end

      -- "Action 13: Jo Bloggs to ...": a numbered action, its number its reference
      local num, after = A.numbered(text)
      if num and is_done(after, rules) then
        num = nil                      -- "Action 1 - figures sent ✅ Complete": a review (minutes.reviews)
      elseif num then
        pending_ref = num
        emit(after, k, "actions.numbered", #text - #after + 1)
        pending_ref = nil
        open = false
        last_kind = "action"
        goto continue
      end
      local rest = block_heading or marker_rest(text, rules)
      if rest then
        if rest:match("^[%s%p]*$") then
          open = true
          open_indent = u.bullet and u.indent or nil
        else
          emit(rest, k, "actions.marked", #text - #rest + 1)
          open = false
        end
        last_kind = "marker"
        goto continue
      end

      -- "... Actions Jo Bloggs to send ..." inside a longer text
      local has_action = text:find("Action", 1, true)   -- plain, before the scans below
      local at = has_action and text:find("%sActions?:?%s+%u")
      if at then
        local tail = text:sub(at + 1):gsub("^Actions?:?%s+", "")
        local who = A.parse_owner(tail, rules)
        if who or text:sub(at + 1):match("^Actions?:") then
          emit(tail, k, "actions.inline", #text - #tail + 1)
          open = false
          last_kind = "action"
          goto continue
        end
      end
      -- "... Actions:" closing a paragraph opens a block
      if has_action and text:match("%f[%a]Actions?:%s*$") then
        open = true
        last_kind = "marker"
        goto continue
      end

      if open then
        -- a bullet no deeper than the "Action items:" bullet ends its list
        local outdented = open_indent and u.bullet and (u.indent or 0) <= open_indent
        -- a bullet nested under the last action is a note on it, not an action
        local last = out[#out] and units[out[#out].unit]
        local note = u.bullet and (last_kind == "action" or last_kind == "note") and last and last.bullet
          and (u.indent or 0) > (last.indent or 0)
        if note then
          last_kind = "note"
          goto continue
        end
        if outdented or closes_block(u, text, rules) or (owner_mode and last_kind == "action") then
          open = false
        else
          emit(text, k, "actions.block")
          pending_ref = nil
          last_kind = "action"
          goto continue
        end
      end

      -- sentences recording a task the meeting asked for
      local may      -- sentence_may(text), asked once, for the built-in rules
      for _, rule in ipairs(A.sentence_rules) do
        if builtin_sentence_rule[rule] then
          if may == nil then may = sentence_may(text) and true or false end
          if not may then goto next_rule end
        end
        for _, hit in ipairs(rule(text, rules)) do
          local due, due_text, cut = A.due(hit.text, ctx)
          out[#out + 1] = { text = clean_task(without_due(hit.text, cut)), owner = hit.owner, status = "open", due = due, due_text = due_text,
            unit = k, item = u.item, span = sub_span and sub_span(u, text, hit.s) or u.span, rule = hit.rule }
        end
        ::next_rule::
      end
      last_kind = "text"
    end
    ::continue::
  end
  return out
end

-- A printed reference leading an action line: "TCS04 – Jo Bloggs to ...",
-- "A3: ...". Returns the reference and the rest, or nil.
local function dashes(s)
  -- plain finds first: gsub would try its pattern at every byte
  if s:find("\u{2013}", 1, true) then s = s:gsub("\u{2013}", "-") end
  if s:find("\u{2014}", 1, true) then s = s:gsub("\u{2014}", "-") end
  return s
end
function A.ref(text)
  if not text:find("^%u+%d") then return nil end
  local ref, rest = dashes(text):match("^(%u+%d+%a?)%s*[%-:]%s+(.+)$")
  if ref then return ref, rest end
  return nil
end

-- "Action 13: Jo Bloggs to ...": the number and the rest, or nil.
function A.numbered(text)
  -- "Action 13:", "ACTION #2 -", "Action No. 4:"
  if not text:find("^[Aa][Cc][Tt][Ii][Oo][Nn]") then return nil end
  return dashes(text):match("^[Aa][Cc][Tt][Ii][Oo][Nn]%s+[#Nn]?[Oo]?%.?%s*(%u*%d+%a?)%s*[:%.%-]%s*(.+)$")
end

-- Sentence rules: each returns { {text=, owner=, s=, rule=} }. scan gives
-- these built-in ones only the texts sentence_may lets through: a built-in
-- rule needing other words must be let in there too.
local function subjects(rules)
  return rules.meeting_subjects
end

A.sentence_rules = {
  -- "The Partnership requested that an update be circulated ..."
  function(text, rules)
    local out = {}
    local lower = defaults.lower(text)
    if not lower:find(" requested ", 1, true) then return out end
    for _, subj in ipairs(subjects(rules)) do
      for st, e in lower:gmatch("()" .. subj:gsub("%-", "%%-") .. " requested ()") do
        if st == 1 or lower:sub(st - 2, st - 1):match("[%.;]%s") or lower:sub(st - 1, st - 1) == " " and st < 3 then
          local rest = text:sub(e):gsub("^that%s+", "")
          rest = rest:match("^(.-[^%.]*)%.%s") or rest
          out[#out + 1] = { text = rest, s = e, rule = "actions.requested" }
        end
      end
    end
    return out
  end,
  -- "It was agreed that the Chair would write to ..."
  function(text, rules)
    local out = {}
    local lower = defaults.lower(text)
    local st, e = lower:find("it was agreed that ", 1, true)
    if not st then st, e = lower:find("it was agreed ", 1, true) end
    if st then
      local rest = text:sub(e + 1)
      local who, verb, task = rest:match("^(.-)%s+w[io][ul]l?d?%s+((%l+).*)$")
      local w = rest:match("^.-%s+w[io][ul]l?d?%s+(%l+)")
      local bare_who = who and who:gsub("^[Tt]he%s+", "")
      local owner_ok = bare_who and (owners_like(bare_who, rules) or bare_who:match("^%u%a-s? of "))
      task = rest:match("^.-%s+w[io][ul]l?d?%s+(.*)$")
      local passive = task and (task:match("^be%s") or task:match("^%a+ly%s+be%s") or task:match("^also%s+be%s"))
      if owner_ok and w and not passive and #who < 90 then
        task = task:gsub("%.%s.*$", "")
        out[#out + 1] = { text = task, owner = who, s = e + 1, rule = "actions.agreed_would" }
      end
    end
    return out
  end,
}
for _, rule in ipairs(A.sentence_rules) do builtin_sentence_rule[rule] = true end

return A
