-- decisions.find and decisions.sentences must give what the first, simple
-- code gave (the reference below: a sentence split searching from each
-- sentence start, every sentence tested for the decision stems), on random
-- texts of awkward words.
local T = require "testing"
local decisions = require "minutes.decisions"
local defaults = require "minutes.defaults"

local function ref_sentences(text)
  local function sentence_end(pos)
    local best
    for _, c in ipairs({ ".", "?", "!" }) do
      local p = pos
      while true do
        local at = text:find(c, p, true)
        if not at or (best and at >= best) then break end
        if text:find("^%s+[%u\"'\u{2018}%d]", at + 1) then best = at; break end
        p = at + 1
      end
    end
    return best
  end
  local out, pos = {}, 1
  while pos <= #text do
    local stop = sentence_end(pos) or #text
    local a = text:find("%S", pos)
    if a and a <= stop then out[#out + 1] = { text = text:sub(a, stop), s = a, e = stop } end
    pos = stop + 1
  end
  return out
end

local stems = { "agree", "resol", "decid", "approv", "consensus", "confirmed as", "endorse", "ratifie" }
local function may_decide(l)
  for _, w in ipairs(stems) do if l:find(w, 1, true) then return true end end
  return false
end

local function subject_ok(l, rules)
  for _, subj in ipairs(rules.meeting_subjects) do
    if l:sub(1, #subj + 1) == subj .. " " then
      local rest = l:sub(#subj + 2):gsub("^unanimously ", ""):gsub("^also ", "")
      for _, v in ipairs({ "agreed", "approved", "resolved", "endorsed", "decided", "ratified" }) do
        if rest:sub(1, #v) == v then return true end
      end
    end
  end
  return false
end

local function ref_agreed(text, rules)
  local out = {}
  if not may_decide(text:lower()) then return out end
  for _, sen in ipairs(ref_sentences(text)) do
    local t, l = sen.text, sen.text:lower()
    if may_decide(l) and not t:find("?", 1, true) then
      local hit = l:find("it was agreed", 1, true) or l:find("it was resolved", 1, true)
        or l:find("it was decided", 1, true) or l:find("there was agreement", 1, true)
        or l:find("there was consensus", 1, true)
      for _, p in ipairs({ "overall agreement", "general agreement", "broad agreement", "agreement " }) do
        if not hit and l:sub(1, #p) == p then hit = 1 end
      end
      if not hit and subject_ok(l, rules) then hit = 1 end
      local e = l:match("^(.-)%.?$")
      for _, x in ipairs({ " were agreed", " was agreed", " were approved", " was approved" }) do
        if not hit and #e >= #x and e:sub(-#x) == x then hit = 1 end
      end
      if not hit and l:find(" were confirmed as", 1, true) then hit = 1 end
      if hit then
        out[#out + 1] = { text = (t:sub(hit):gsub("^%l", string.upper)), s = sen.s + hit - 1, e = sen.e,
          rule = "decisions.agreed" }
      end
    end
  end
  return out
end

local WORDS = { "It", "it", "was", "agreed", "agreed.", "Agreed", "AGREED", "resolved", "decided.",
  "there", "There", "agreement", "consensus", "Members", "members", "the", "The", "Board", "board",
  "unanimously", "also", "approved", "approved.", "were", "confirmed", "as", "endorsed", "ratified",
  "disagreed", "unresolved", "Overall", "general", "broad", "noted.", "Why?", "ok?", "e.g.", "Dr.",
  "2020.", "\"Quoted", "'tis", "\u{2018}x", "\u{201C}y", "\u{C9}t\u{E9}", "Committee", "we", "We",
  "1.", "Is", "it", "agreed?", "forum", "approve", "ratifies", "consensus.", "a", "bit", "submit",
  "!", ".", "?", "Ann", "Lee.", "Members agreed", "It was agreed that", "The Board approved",
  "were agreed.", "was approved", "There was consensus", "Overall agreement", "were confirmed as",
  "We also resolved", "The committee unanimously endorsed", "x. It was decided", "y! Members agreed." }
local BLANKS = { " ", " ", " ", "  ", "\n", "\t", " \r\n", "" }

T.test("decisions: as the simple sentence-by-sentence code, on 6000 random texts", function()
  local rules = defaults.merge(nil)
  local rnd = 4242
  local function rand(n) rnd = (rnd * 1103515245 + 12345) % 2147483648; return rnd // 65536 % n + 1 end   -- high bits: the low ones repeat with short periods
  local found, several = 0, 0
  for k = 1, 6000 do
    local parts = {}
    for _ = 1, rand(40) do
      parts[#parts + 1] = WORDS[rand(#WORDS)]
      parts[#parts + 1] = BLANKS[rand(#BLANKS)]
    end
    if rand(2) == 1 then parts[#parts] = nil end
    if rand(4) == 1 then table.insert(parts, 1, BLANKS[rand(#BLANKS)]) end
    local s = table.concat(parts)
    defaults.reset_memos()
    T.eq(decisions.sentences(s), ref_sentences(s), ("sentences of %q (text %d)"):format(s, k))
    -- the sentence rule alone: texts the earlier rules take are left out
    local first = s:match("^%a*"):lower()
    if not (first == "resolved" or first == "resolution" or first == "decision" or first == "decisions"
        or first == "agreed" or first == "conclusion" or first == "decided" or s:match("^That%s")) then
      local want = ref_agreed(s, rules)
      if #want > 0 then found = found + 1 end
      if #want > 0 and #ref_sentences(s) > 2 then several = several + 1 end
      T.eq(decisions.find(s, rules), want, ("decisions of %q (text %d)"):format(s, k))
    end
  end
  T.ok(found > 2500, "texts with decisions: " .. found)
  T.ok(several > 1800, "with decisions and several sentences: " .. several)
end)
