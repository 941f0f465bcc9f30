-- minutes/reviews.lua -- what a meeting says about earlier actions, for the
-- linker to tie to them. Rules:
--   reviews.numbered   "Action 13 to be rag rated to Amber", "Actions 7, 8 and
--                      10 to be closed", "Action 4 has been completed"
--   reviews.code       "HSP07 – this action had been completed" (a printed
--                      reference leading the line)
--   reviews.carried    "(action from Feb carried over)", "carried forward":
--                      the line is a re-listed action, named by its text
--   reviews.tick       "... ✅ Complete", "✔ Done": an action ticked off,
--                      named by its reference when it has one, else by text
-- Each review is { ref=|refs=, status="open"|"done"|"dropped"|nil, note=,
-- text=, span=, rule= }; status nil means a note only (a RAG rating).
local names = require "minutes.names"
local defaults = require "minutes.defaults"
local actions = require "minutes.actions"

local R = {}

-- A printed action reference: "13", "7a", "HSP07", "A3".
local REF = "^%u*%d+%a?$"

-- The status a phrase about an action gives it, and a note for the history.
function R.classify(phrase)
  local p = phrase:lower()
  local rag = p:match("rated%s+to%s+(%a+)") or p:match("rated%s+as%s+(%a+)")
    or p:match("rag%s*%-?%s*rated%s+(%a+)") or p:match("rag%s+status%s+is%s+(%a+)")
    or p:match("rag%s+status%s+(%a+)")
  if rag and (rag == "amber" or rag == "red" or rag == "green" or rag == "blue") then
    local note = "RAG: " .. rag:sub(1, 1):upper() .. rag:sub(2)
    if rag == "blue" then return "done", note end       -- blue: complete in BRAG ratings
    return nil, note
  end
  if p:find("no longer required", 1, true) or p:find("withdrawn", 1, true) or p:match("%f[%a]dropped%f[%A]") then
    return "dropped", "dropped"
  end
  if p:find("\u{2705}", 1, true) or p:find("\u{2714}", 1, true) or p:find("\u{2611}", 1, true) then
    return "done", "ticked complete"
  end
  if p:match("%f[%a]closed%f[%A]") or p:match("%f[%a]close%f[%A]") or p:match("removed from the %a*%s*log") then
    return "done", "closed"
  end
  if p:match("%f[%a]complete%f[%A]") or p:match("%f[%a]completed%f[%A]") or p:match("%f[%a]done%f[%A]")
      or p:match("%f[%a]discharged%f[%A]") or p:match("%f[%a]achieved%f[%A]") then
    return "done", "completed"
  end
  if p:match("carried%s+over") or p:match("carried%s+forward") or p:match("rolled%s+over")
      or p:match("brought%s+forward") or p:match("remains?%s+open") or p:match("%f[%a]ongoing%f[%A]") then
    return "open", "carried over"
  end
  return nil, nil
end

-- "7, 8 and 10" -> {"7", "8", "10"}; nil when a word is not a reference.
local function ref_list(list)
  local out = {}
  for tok in list:gmatch("[^%s,&]+") do
    local t = tok:gsub("[%.:;]+$", "")
    if t ~= "and" then
      if not t:match(REF) then return nil end
      out[#out + 1] = t
    end
  end
  return #out > 0 and out or nil
end

-- Every "Actions 7, 8 and 10 <phrase>" in text: { {refs=, phrase=} }, each
-- phrase running to the next such statement (lines run together in
-- extracted text) or the end of its sentence.
-- The first "[Aa]ctions?%s+" at or after `at` (start, end), by plain finds
-- of "ction": the pattern would be tried at every byte.
local function actions_word(text, at)
  local c = text:find("ction", at + 1, true)
  while c do
    local b = text:byte(c - 1)
    if b == 65 or b == 97 then
      local _, e = text:find("^s?%s+", c + 5)
      if e then return c - 1, e end
    end
    c = text:find("ction", c + 1, true)
  end
  return nil
end

local function numbered_all(text)
  local s, e = actions_word(text, 1)
  local found = {}
  while s do
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
      local refs = last and ref_list(text:sub(e + 1, last))
      if refs then
        found[#found + 1] = { refs = refs, from = last + 1, at = s }
        e = last
      end
    end
    s, e = actions_word(text, e + 1)
  end
  for i, f in ipairs(found) do
    local stop = found[i + 1] and found[i + 1].at - 1 or #text
    local phrase = text:sub(f.from, stop)
    f.phrase = phrase:match("^(.-[%.;])%s") or phrase
  end
  return found
end

-- The text of a re-listed action without the review's own words.
local function action_text(text)
  local t = text:gsub("%b()", ""):gsub("\u{2705}", ""):gsub("\u{2714}", "")
  t = t:gsub("\u{2013}", "-"):gsub("[%-:]%s*[Cc]omplete[d]?%s*$", ""):gsub("%s[Cc]omplete[d]?%s*$", "")
  t = names.squash(t):gsub("^[%-\u{2022}%*%s]+", ""):gsub("[%s%.;,]+$", "")
  local _, without_ref = actions.ref(t)
  t = without_ref or t
  local _, task = actions.parse_owner(t)          -- the task, as the action's text is kept
  return (task or t):gsub("^[Tt]o%s+", "")
end

-- Adds the reviews in one piece of text (a unit) to out.
local function scan_into(text, out)
  local n0 = #out
  -- numbered statements say "[Aa]ction": most units have no "ction"
  if text:find("ction", 2, true) then
    for _, f in ipairs(numbered_all(text)) do
      local status, note = R.classify(f.phrase)
      if status or note then
        out[#out + 1] = { refs = #f.refs > 1 and f.refs or nil, ref = #f.refs == 1 and f.refs[1] or nil,
          status = status, note = note, rule = "reviews.numbered" }
      end
    end
    if #out > n0 then return end
  end
  local code, after
  if text:find("^%s*%u+%d") then  -- "HSP07 - ...": a code first (cheap test before the copies)
    code, after = text:gsub("\u{2013}", "-"):gsub("\u{2014}", "-"):match("^%s*(%u+%d+%a?)%s*[%-:%.]+%s*(.+)$")
  end
  if code and code:match("%a") then
    local status, note = R.classify(after)
    -- the line names an earlier action by its code and says what became of it
    if status and (after:lower():find("this action", 1, true) or #after < 60 or status ~= "open") then
      out[#out + 1] = { ref = code, status = status, note = note, rule = "reviews.code" }
      return
    end
  end
  local lower = defaults.lower(text)
  if not (lower:find("carried", 1, true) or lower:find("brought forward", 1, true)) then
    lower = nil   -- none of the carried-over forms can match
  end
  local paren = lower and (text:match("%(([^%)]*[Cc]arried[^%)]*)%)") or text:match("%(([^%)]*[Bb]rought forward[^%)]*)%)"))
  if paren or lower and lower:match("carried%s+over%.?%s*$") or lower and lower:match("carried%s+forward%.?%s*$") then
    local t = action_text(text)
    if #t >= 10 then
      out[#out + 1] = { text = t, status = "open", note = paren and names.squash(paren) or "carried over",
        rule = "reviews.carried" }
    end
    return
  end
  -- (both ticks start with the bytes E2 9C: one plain find for most texts)
  if text:find("\xE2\x9C", 1, true) and (text:find("\u{2705}", 1, true) or text:find("\u{2714}", 1, true)) then
    local status, note = R.classify(text)
    local t = action_text(text)
    if status and #t >= 10 then
      out[#out + 1] = { text = t, status = status, note = note, rule = "reviews.tick" }
    end
  end
end

-- Reviews in one piece of text (a unit). Returns a list (maybe empty).
function R.scan_text(text)
  local out = {}
  scan_into(text, out)
  return out
end

-- Reviews of a meeting: one scan per unit, each with the unit's span (into
-- one list: most units have none, and make no list of their own).
function R.find(units)
  local out = {}
  for _, u in ipairs(units) do
    if not u.title_only then
      local n0 = #out
      scan_into(u.text, out)
      for k = n0 + 1, #out do
        local r = out[k]
        r.span = u.span
        r.text = r.text or (u.text ~= "" and names.squash(u.text) or nil)
      end
    end
  end
  return out
end

return R
