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

-- Sentence ends: a '.', '?' or '!' followed by blanks and a capital, a
-- quote or a digit. Whether a stop ends a sentence depends only on what
-- follows it, so one pass per stop finds them all, in order (searching again
-- from each sentence start would rescan the text for every sentence).
local find = string.find
local stops = { ".", "?", "!" }
local function sentence_ends(text)
  local ends = {}
  for _, c in ipairs(stops) do
    local at = find(text, c, 1, true)
    while at do
      if find(text, "^%s+[%u\"'\u{2018}%d]", at + 1) then ends[#ends + 1] = at end
      at = find(text, c, at + 1, true)
    end
  end
  table.sort(ends)
  return ends
end

-- Calls f(s, e) for each sentence: from its first non-blank to its end (the
-- stop, or the text's end); a stretch of blanks is no sentence. f returning
-- a position skips the sentences that end before it.
local function each_sentence(text, ends, f)
  local pos, k, n = 1, 1, #text
  while pos <= n do
    local stop = ends[k] or n
    local a = find(text, "%S", pos)
    local skip_to
    if a and a <= stop then skip_to = f(a, stop) end
    pos, k = stop + 1, k + 1
    if skip_to then
      while ends[k] and ends[k] < skip_to do k = k + 1 end
      local prev = ends[k - 1]
      if prev and prev + 1 > pos then pos = prev + 1 end
    end
  end
end

-- Splits text into sentences with their positions: { {text=, s=, e=} }.
function Dc.sentences(text)
  local out = {}
  each_sentence(text, sentence_ends(text), function(s, e)
    out[#out + 1] = { text = text:sub(s, e), s = s, e = e }
  end)
  return out
end

local labels = { "resolved", "resolution", "decision", "decisions", "agreed", "conclusion", "decided" }
local label_set = defaults.set_of(labels)
local label_patterns = {}
-- "Resolution:", "Resolution #2:", "Decision 3 -"
for i, l in ipairs(labels) do label_patterns[i] = "^" .. l .. "%s*#?%d*%s*[:%-\u{2013}]%s*()" end

-- Words without which no sentence rule below can fire ("agree", "resol",
-- "decid", "approv", "consensus", "confirmed as", "endorse", "ratifie"):
-- a cheap first test. Each is sought by a part starting with a rarer letter
-- (a plain find stops at every byte equal to the first), so a few more
-- sentences are read; the rule itself decides. None holds a stop, so no
-- occurrence spans two sentences.
local stems = { "gree", "resol", "cid", "pprov", "consensus", "firmed as", "dorse", "ratifie" }

-- The first position at or after pos where some stem starts, or nil. next_at
-- keeps each stem's next occurrence, so a text is searched once per stem.
local function next_stem(lower, next_at, pos)
  local best
  for i = 1, #stems do
    local at = next_at[i]
    if at and at < pos then at = find(lower, stems[i], pos, true); next_at[i] = at or false end
    if at and (not best or at < best) then best = at end
  end
  return best
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

-- The meeting subjects ("the board", "members") by their first word, each
-- with the space that follows it, memoised per list: a sentence is only
-- tried against its own first word's.
local by_first_cache = setmetatable({}, { __mode = "k" })
local function subjects_by_first(list)
  local c = by_first_cache[list]
  if c and c.n == #list then return c.map end
  c = { n = #list, map = {} }
  for _, subj in ipairs(list) do
    local w = subj:lower():match("^[^%s%p]+")
    if w then
      c.map[w] = c.map[w] or {}
      table.insert(c.map[w], subj .. " ")
    end
  end
  by_first_cache[list] = c
  return c.map
end

local function subject_pattern_ok(lower, rules)
  local first = lower:match("^[^%s%p]+")
  local candidates = first and subjects_by_first(rules.meeting_subjects)[first]
  if not candidates then return false end
  -- compared in place: no copy of the sentence's rest
  for _, subj in ipairs(candidates) do
    if sub(lower, 1, #subj) == subj then
      local p = #subj + 1
      if sub(lower, p, p + 11) == "unanimously " then p = p + 12 end
      if sub(lower, p, p + 4) == "also " then p = p + 5 end
      if sub(lower, p, p + 5) == "agreed" or sub(lower, p, p + 7) == "approved"
          or sub(lower, p, p + 7) == "resolved" or sub(lower, p, p + 7) == "endorsed"
          or sub(lower, p, p + 6) == "decided" or sub(lower, p, p + 7) == "ratified" then
        return true
      end
    end
  end
  return false
end

-- A sentence (s..e) recording agreement by the meeting: added to out.
local function agreed(text, lower, s, e, rules, out)
  local qm = find(text, "?", s, true)    -- a question, read in place
  if qm and qm <= e then return end
  local l = lower:sub(s, e)      -- its lower case, without lowering again
  local at
  -- "was " first: a plain find is cheap when the first letter is rare
  local was = l:find("was ", 1, true)
  if was and l:find("it was ", 1, true) then
    at = l:find("it was agreed", 1, true) or l:find("it was resolved", 1, true)
      or l:find("it was decided", 1, true)
  end
  if not at and was and l:find("there was ", 1, true) then
    at = l:find("there was agreement", 1, true) or l:find("there was consensus", 1, true)
  end
  local hit = at
  if not hit and (l:match("^overall agreement") or l:match("^general agreement")
      or l:match("^broad agreement") or l:match("^agreement ")) then hit = 1 end
  if not hit and subject_pattern_ok(l, rules) then hit = 1 end
  if not hit and (agreed_at_end(l)
      or l:find("firmed as", 1, true) and l:find(" were confirmed as", 1, true)) then hit = 1 end
  if hit then
    local from = s + hit - 1
    local d = text:sub(from, e):gsub("^%l", string.upper)
    out[#out + 1] = { text = d, s = from, e = e, rule = "decisions.agreed" }
  end
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
  local next_at = {}
  for i = 1, #stems do next_at[i] = find(lower, stems[i], 1, true) or false end
  local q = next_stem(lower, next_at, 1)
  if not q then return out end
  -- only the sentences holding a stem are read; the others are skipped whole
  each_sentence(text, sentence_ends(text), function(s, e)
    if q > e then return q end
    q = next_stem(lower, next_at, e + 1) or #text + 1
    agreed(text, lower, s, e, rules, out)
    return q
  end)
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
