-- minutes/decisions.lua -- what the meeting decided. Rules:
--   decisions.resolution  "That the update be noted." (a resolution, with or
--                         without a RESOLVED heading)
--   decisions.resolution_numbered  "(1) to submit ..." under a RESOLVED heading
--   decisions.labelled    "Resolution: ...", "Decision: ...", "AGREED: ...",
--                         "RESOLVED - that ...", "**Conclusion**: ..."
--   decisions.agreed      a sentence recording agreement by the meeting:
--                         "It was agreed that ...", "Members agreed ...",
--                         "The Board approved ...", "... were agreed",
--                         "There was agreement ...", "Overall agreement ..."
local defaults = require "minutes.defaults"

local Dc = {}

-- Splits text into sentences with their positions: { {text=, s=, e=} }.
-- The next sentence end at or after pos: a '.', '?' or '!' followed by
-- blanks and a capital, a quote or a digit. Plain finds jump between the
-- stops (a pattern scan would try every byte).
local find = string.find
local stops = { ".", "?", "!" }
local function sentence_end(text, pos)
  local best
  for _, c in ipairs(stops) do
    local p = pos
    while true do
      local at = find(text, c, p, true)
      if not at or (best and at >= best) then break end
      if find(text, "^%s+[%u\"'\u{2018}%d]", at + 1) then best = at; break end
      p = at + 1
    end
  end
  return best
end

function Dc.sentences(text)
  local out, pos = {}, 1
  while pos <= #text do
    local e = sentence_end(text, pos)
    local stop = e or #text
    -- the sentence starts at its first non-blank; none before stop: no sentence
    local a = text:find("%S", pos)
    if a and a <= stop then out[#out + 1] = { text = text:sub(a, stop), s = a, e = stop } end
    pos = stop + 1
  end
  return out
end

local labels = { "resolved", "resolution", "decision", "decisions", "agreed", "conclusion", "decided" }
local label_set = defaults.set_of(labels)
local label_patterns = {}
-- "Resolution:", "Resolution #2:", "Decision 3 -"
for i, l in ipairs(labels) do label_patterns[i] = "^" .. l .. "%s*#?%d*%s*[:%-\u{2013}]%s*()" end

-- Words without which no sentence rule below can fire: a cheap first test.
local stems = { "agree", "resol", "decid", "approv", "consensus", "confirmed as", "endorse", "ratifie" }
local function may_decide(lower)
  for _, w in ipairs(stems) do
    if find(lower, w, 1, true) then return true end
  end
  return false
end

-- True when l ends with " were agreed", " was agreed", " were approved" or
-- " was approved", with or without a full stop. All four end in 'd': one
-- byte read turns most sentences away, and the rest compare their last bytes
-- (a "x%.?$" pattern would try every byte).
local byte, sub = string.byte, string.sub
local agreed_endings = { " were agreed", " was agreed", " were approved", " was approved" }
local function agreed_at_end(l)
  local e = #l
  if byte(l, e) == 46 then e = e - 1 end
  if byte(l, e) ~= 100 then return false end
  for _, x in ipairs(agreed_endings) do
    local n = #x
    if e >= n and sub(l, e - n + 1, e) == x then return true end
  end
  return false
end

-- The meeting subjects ("the board", "members") by their first word,
-- memoised per list: a sentence is only tried against its own first word's.
local by_first_cache = setmetatable({}, { __mode = "k" })
local function subjects_by_first(list)
  local c = by_first_cache[list]
  if c and c.n == #list then return c.map end
  c = { n = #list, map = {} }
  for _, subj in ipairs(list) do
    local w = subj:lower():match("^[^%s%p]+")
    if w then
      c.map[w] = c.map[w] or {}
      table.insert(c.map[w], subj)
    end
  end
  by_first_cache[list] = c
  return c.map
end

local function subject_pattern_ok(lower, rules)
  local first = lower:match("^[^%s%p]+")
  local candidates = first and subjects_by_first(rules.meeting_subjects)[first]
  if not candidates then return false end
  for _, subj in ipairs(candidates) do
    if lower:sub(1, #subj + 1) == subj .. " " then
      local rest = lower:sub(#subj + 2):gsub("^unanimously ", ""):gsub("^also ", "")
      if rest:match("^agreed") or rest:match("^approved") or rest:match("^resolved")
          or rest:match("^endorsed") or rest:match("^decided") or rest:match("^ratified") then
        return true
      end
    end
  end
  return false
end

-- Decisions in one unit of text. in_resolved: the unit follows a RESOLVED
-- heading. Returns { {text=, s=, e=, rule=} }.
function Dc.find(text, rules, in_resolved)
  rules = rules or defaults
  local out = {}
  local lower = defaults.lower(text)
  if label_set[lower:match("^%a*")] then
    for _, pat in ipairs(label_patterns) do
      local rest = lower:match(pat)
      if rest and #text > rest + 3 then
        local t = text:sub(rest)
        out[#out + 1] = { text = t, s = rest, e = #text, rule = "decisions.labelled" }
        return out
      end
    end
  end
  if text:match("^That%s") and (lower:find(" be ", 1, true) or in_resolved) then
    out[#out + 1] = { text = text, s = 1, e = #text, rule = "decisions.resolution" }
    return out
  end
  -- under RESOLVED, numbered resolutions: "(1) to submit ...", "(a) That ..."
  if in_resolved then
    local rest = text:match("^%(%w%w?%)%s+()") or text:match("^%w%w?%)%s+()")
    if rest and #text > rest + 3 then
      out[#out + 1] = { text = text:sub(rest):gsub("^%l", string.upper), s = rest, e = #text,
        rule = "decisions.resolution_numbered" }
      return out
    end
  end
  if not may_decide(lower) then return out end
  local sens = Dc.sentences(text)
  -- a lone sentence holds every word of the text: it passes may_decide too
  local only = #sens == 1
  for _, sen in ipairs(sens) do
    local t = sen.text
    local l = lower:sub(sen.s, sen.e)      -- t:lower(), without lowering again
    if (only or may_decide(l)) and not t:find("?", 1, true) then
      local at
      if l:find("it was ", 1, true) then
        at = l:find("it was agreed", 1, true) or l:find("it was resolved", 1, true)
          or l:find("it was decided", 1, true)
      end
      if not at and l:find("there was ", 1, true) then
        at = l:find("there was agreement", 1, true) or l:find("there was consensus", 1, true)
      end
      local hit = at
      if not hit and (l:match("^overall agreement") or l:match("^general agreement")
          or l:match("^broad agreement") or l:match("^agreement ")) then hit = 1 end
      if not hit and subject_pattern_ok(l, rules) then hit = 1 end
      if not hit and (agreed_at_end(l) or l:find(" were confirmed as", 1, true)) then hit = 1 end
      if hit then
        local s = sen.s + hit - 1
        local d = text:sub(s, sen.e):gsub("^%l", string.upper)
        out[#out + 1] = { text = d, s = s, e = sen.e, rule = "decisions.agreed" }
      end
    end
  end
  return out
end

-- True for a RESOLVED / DECISION heading line with nothing after it.
function Dc.is_heading(text)
  -- the longest heading is "and decisions made": anything after that is text
  if text:find("[^%s:%-]", 19) then return false end
  local l = text:lower():gsub("[%s:%-]+$", ""):gsub("^and ", "")
  return l == "resolved" or l == "decisions" or l == "decision" or l == "agreed"
    or l == "resolutions" or l == "decisions made"
end

return Dc
