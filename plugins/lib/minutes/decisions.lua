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
function Dc.sentences(text)
  local out, pos = {}, 1
  while pos <= #text do
    local e = text:find("[%.%?!]%s+[%u\"'\u{2018}%d]", pos)
    local stop = e or #text
    local s = text:sub(pos, stop)
    local a = pos + #s:match("^%s*")
    if s:match("%S") then out[#out + 1] = { text = text:sub(a, stop), s = a, e = stop } end
    pos = stop + 1
  end
  return out
end

local labels = { "resolved", "resolution", "decision", "decisions", "agreed", "conclusion", "decided" }
local label_patterns = {}
-- "Resolution:", "Resolution #2:", "Decision 3 -"
for i, l in ipairs(labels) do label_patterns[i] = "^" .. l .. "%s*#?%d*%s*[:%-\u{2013}]%s*()" end

-- Words without which no sentence rule below can fire: a cheap first test.
local stems = { "agree", "resol", "decid", "approv", "consensus", "confirmed as", "endorse", "ratifie" }
local function may_decide(lower)
  for _, w in ipairs(stems) do
    if lower:find(w, 1, true) then return true end
  end
  return false
end

local function subject_pattern_ok(lower, rules)
  local first = lower:match("^[^%s%p]+")
  if not first or not defaults.first_words(rules.meeting_subjects)[first] then return false end
  for _, subj in ipairs(rules.meeting_subjects) do
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
  local lower = text:lower()
  for _, pat in ipairs(label_patterns) do
    local rest = lower:match(pat)
    if rest and #text > rest + 3 then
      local t = text:sub(rest)
      out[#out + 1] = { text = t, s = rest, e = #text, rule = "decisions.labelled" }
      return out
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
  for _, sen in ipairs(Dc.sentences(text)) do
    local t = sen.text
    local l = t:lower()
    if may_decide(l) and not t:find("?", 1, true) then
      local at = l:find("it was agreed", 1, true) or l:find("it was resolved", 1, true)
        or l:find("it was decided", 1, true) or l:find("there was agreement", 1, true)
        or l:find("there was consensus", 1, true)
      local hit = at
      if not hit and (l:match("^overall agreement") or l:match("^general agreement")
          or l:match("^broad agreement") or l:match("^agreement ")) then hit = 1 end
      if not hit and subject_pattern_ok(l, rules) then hit = 1 end
      if not hit and (l:match(" were agreed%.?$") or l:match(" was agreed%.?$") or l:match(" were approved%.?$")
          or l:match(" was approved%.?$") or l:match(" were confirmed as")) then hit = 1 end
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
  local l = text:lower():gsub("[%s:%-]+$", ""):gsub("^and ", "")
  return l == "resolved" or l == "decisions" or l == "decision" or l == "agreed"
    or l == "resolutions" or l == "decisions made"
end

return Dc
