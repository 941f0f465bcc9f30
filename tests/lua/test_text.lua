-- Tests for clerk.text (core/lua_text.c), and for the rules built on it:
-- attendance.speakers and attendance.titled must give what reading every
-- token gives (the reference below, the rules as they were written before
-- clerk.text), on random texts of awkward words.
local T = require "testing"
local text = require("clerk").text
local defaults = require "minutes.defaults"
local names = require "minutes.names"
local attendance = require "minutes.attendance"

local function all(m, s)
  local out, at, z = {}, m:find(s)
  while at do out[#out + 1] = s:sub(at, z) .. "@" .. at; at, z = m:find(s, z + 1) end
  return table.concat(out, " ")
end

T.test("text.words: whole words only, letters and digits end a word", function()
  local m = text.words({ "noted", "put" })
  T.eq(all(m, "annoted noted, (noted) notedly noted2 put-up putt"), "noted@9 noted@17 put@39")
  T.eq(m:find("Noted"), nil)                -- case counts without fold
  T.eq(m:find(""), nil)
end)
T.test("text.words: the longest word at a byte; init; past the end", function()
  local m = text.words({ "put", "put forward", "cllr" })
  T.eq({ m:find("we put forward it") }, { 4, 14 })
  T.eq({ m:find("put put", 2) }, { 5, 7 })
  T.eq({ m:find("put put", -5) }, { 1, 3 })  -- an init before the start is the start
  T.eq(m:find("put", 4), nil)
  T.eq(m:find("put", 99), nil)
end)
T.test("text.words: fold compares in any ASCII case", function()
  local m = text.words({ "Cllr", "dr" }, true)
  T.eq(all(m, "CLLR Lee, cllr. Dr.Who, dR X"), "CLLR@1 cllr@11 Dr@17 dR@25")
  T.ok(tostring(m):find("2 words, any case", 1, true))
end)
T.test("text.words: bad lists are refused, saying which word", function()
  T.eq(pcall(text.words, "noted"), false)
  local ok, err = pcall(text.words, { "a", "" })
  T.ok(not ok and err:find("word 2 is empty", 1, true), err)
  ok, err = pcall(text.words, { "a", 7 })
  T.ok(not ok and err:find("word 2 is a number", 1, true), err)
  ok, err = pcall(text.words, { ("x"):rep(256) })
  T.ok(not ok and err:find("longer than 255", 1, true), err)
  local many = {}
  for i = 1, 4097 do many[i] = "w" .. i end
  T.eq(pcall(text.words, many), false)
  -- read raw: a list's metamethods cannot change it while it is built
  local proxy = setmetatable({}, { __index = function() return "x" end, __len = function() return 3 end })
  T.eq(text.words(proxy):find("x x"), nil)
end)
-- The matcher's contract, read byte by byte: a match starts where the byte
-- before is no ASCII letter or digit, the longest listed word first, and no
-- letter or digit follows it.
local function is_alnum(c) return c and (c >= 48 and c <= 57 or c >= 65 and c <= 90 or c >= 97 and c <= 122) end
local function reference_find(list, fold, s, init)
  local sorted = {}
  for i, w in ipairs(list) do sorted[i] = fold and w:lower() or w end
  table.sort(sorted, function(a, b) return #a > #b end)
  local subject = fold and s:gsub("%u", string.lower) or s
  for p = math.max(init or 1, 1), #s do
    if p == 1 or not is_alnum(s:byte(p - 1)) then
      for _, w in ipairs(sorted) do
        if subject:sub(p, p + #w - 1) == w and not is_alnum(s:byte(p + #w)) then return p, p + #w - 1 end
      end
    end
  end
  return nil
end
T.test("text.words: find as the byte-by-byte reference, on random texts and starts", function()
  local rnd = 20261123
  -- the high bits of the generator: its low bits repeat with short periods
  local function random(n) rnd = (rnd * 1103515245 + 12345) % 2147483648; return rnd // 65536 % n + 1 end
  local vocab = { "noted", "note", "Noted", "NOTED", "not", "annoted", "noted2", "-x", "x", "'s", "s",
    "put", "put forward", "forward", "Cllr", "cllr.", "(noted)", "\u{2019}noted", "a", "A", "9", "é", "-", " ", "  ", "\t", "," }
  local lists = { { "noted", "note", "not" }, { "put forward", "put", "forward", "x" }, { "-x", "'s", "a" },
    { "Cllr", "cllr", "A", "9" } }
  for round = 1, 5000 do
    local parts = {}
    for i = 1, random(12) do parts[i] = vocab[random(#vocab)] end
    local s = table.concat(parts, random(3) == 1 and "" or " ")
    local list = lists[random(#lists)]
    local fold = random(2) == 1
    local m = text.words(list, fold)
    local init = random(#s + 3) - 2
    -- often just after a letter or digit: the start must not be taken there
    local after = {}
    for q = 2, #s do if is_alnum(s:byte(q - 1)) then after[#after + 1] = q end end
    if #after > 0 and random(2) == 1 then init = after[random(#after)] end
    local want = { reference_find(list, fold, s, init) }
    T.eq({ m:find(s, init) }, want, ("round %d: find %q from %d"):format(round, s, init))
  end
end)
T.test("text.token and token_before: runs of non-blanks", function()
  local s = "  Ann\tLee,\n noted  "
  T.eq({ text.token(s, 3) }, { 3, 5 })
  T.eq({ text.token(s, 5) }, { 3, 5 })
  T.eq({ text.token(s, 8) }, { 7, 10 })
  T.eq(text.token(s, 6), nil)               -- a blank
  T.eq(text.token(s, 0), nil)
  T.eq(text.token(s, #s + 1), nil)
  T.eq({ text.token_before(s, 13) }, { 7, 10 })
  T.eq({ text.token_before(s, 9) }, { 7, 8 })   -- the part before p of a token
  T.eq({ text.token_before(s, #s + 50) }, { 13, 17 })
  T.eq(text.token_before(s, 3), nil)
  T.eq(text.token_before(s, 1), nil)
  T.eq(text.token_before("", 1), nil)
end)

-- The reference: every token read, as the rules were first written.
local function tokenize(s)
  local out = {}
  for st, w in s:gmatch("()(%S+)") do
    local bare = w
    if not w:match("^[%w]") then bare = w:sub(#w:match("^[%(\"'\u{2018}\u{201C}]*") + 1) end
    if not w:match("[%w]$") then bare = bare:gsub("[%.,;:!%?%)\"'\u{2019}\u{201D}]+$", "") end
    out[#out + 1] = { w = w, s = st, e = st + #w - 1, bare = bare }
  end
  return out
end
local function hon_of(rules, t1, t2)
  local h = defaults.set_of(rules.honorifics)
  local a = t1 and t1.bare:lower():gsub("%.$", "")
  if a and h[a] then return 1 end
  if t2 and a and h[t2.bare:lower() .. " " .. a] then return 2 end
end
local function name_before(toks, j, rules)
  local t = toks[j]
  if not t or t.w ~= t.bare and not t.w:match("^[%w\128-\255'%-]+$") then return nil end
  if not names.name_word(t.bare) then return nil end
  local prev = toks[j - 1]
  local hon = hon_of(rules, prev, toks[j - 2])
  if hon then
    if not names.is_name(t.bare, rules, { single = true }) then return nil end
    return j - hon, t.bare, prev.bare
  end
  if not prev or prev.w ~= prev.bare or not names.name_word(prev.bare) then return nil end
  local first = j - 1
  local p2 = toks[j - 2]
  if p2 and (prev.bare:match("^%l+$") or prev.bare:match("^%u%.?$")) and names.name_word(p2.bare) and p2.w == p2.bare then
    first = j - 2
  end
  if toks[first].bare:match("^%l") then return nil end
  local parts = {}
  for k = first, j do parts[#parts + 1] = toks[k].bare end
  local name = table.concat(parts, " ")
  if not names.is_name(name, rules) then return nil end
  local h = hon_of(rules, toks[first - 1], toks[first - 2])
  if h then return first - h, name, toks[first - 1].bare end
  return first, name, nil
end
local function reference_speakers(s, rules)
  local out = {}
  local verbs, firsts = defaults.set_of(rules.speech_verbs), defaults.first_words(rules.speech_verbs)
  if not attendance.may_speak(s, verbs, firsts) then return out end
  local toks = tokenize(s)
  for i = 2, #toks do
    local t = toks[i]
    local w = t.bare:lower()
    local verb = verbs[w] or firsts[w] and toks[i + 1] and verbs[w .. " " .. toks[i + 1].bare:lower()]
    if t.w:match("^%l") and (verbs[t.bare] or firsts[t.bare]) and verb then
      local j = i - 1
      for back = 1, 4 do
        local b = toks[i - back]
        if not b then break end
        if b.bare == "from" then j = i - back - 1; break end
        if not b.bare:match("^%u") then break end
      end
      local first, name, hon = name_before(toks, j, rules)
      if first then
        out[#out + 1] = { name = name, honorific = hon, s = toks[first].s, e = toks[j].e }
        if toks[first - 1] and toks[first - 1].bare == "and" then
          local f2, n2, h2 = name_before(toks, first - 2, rules)
          if f2 then table.insert(out, #out, { name = n2, honorific = h2, s = toks[f2].s, e = toks[first - 2].e }) end
        end
      end
    end
  end
  return out
end
local function reference_titled(s, rules)
  local out, toks = {}, tokenize(s)
  local hon = defaults.set_of(rules.honorifics)
  for i = 1, #toks - 2 do
    if toks[i].bare:match("^%u") and hon[toks[i].bare:lower():gsub("%.$", "")] and toks[i + 1].w == toks[i + 1].bare then
      local n = toks[i + 1].bare .. " " .. toks[i + 2].bare
      if names.is_name(n, rules) then out[#out + 1] = n end
    end
  end
  return out
end

-- Invented words: names, titles, verbs with punctuation, particles, quotes.
local WORDS = { "Ann", "Lee", "Cllr", "cllr", "CLLR", "Dr", "Dr.", "Mrs.", "Detective", "Superintendent",
  "Peter", "de", "Bourg", "van", "C.", "from", "Riverside", "Trust,", "(Trust)", "and", "noted", "noted,",
  "noted.", "reported", "put", "forward", "said:", "(noted", "\"noted\"", "the", "The", "Chair", "council",
  "O'Brien", "McLeod", "Llyr-Jones", "(Cllr", "Lee)", "Lee,", "\u{201C}Ann", "Lee\u{201D}", "Ésme", "2020",
  "...", "-", "Jo", "Bloggs", "questioned", "welcomed", "updated", "members", "Ann's", "al", "A.", "led",
  "seconded", "Cllr.Lee", "x-Cllr", "Mayor", "Ms" }
local BLANKS = { " ", " ", " ", "  ", "\n", "\t", " \r\n" }

T.test("text.tokens: four arrays, bare forms as the reference's, on random texts", function()
  local LEAD, TRAIL = "(\"'\u{2018}\u{201C}", ".,;:!?)\"'\u{2019}\u{201D}"
  T.eq({ text.tokens("", LEAD, TRAIL) }, { {}, {}, {}, {} })
  T.eq({ text.tokens(" \t\r\n ", LEAD, TRAIL) }, { {}, {}, {}, {} })
  T.eq({ text.tokens("(x) y.", "", "") }, { { "(x)", "y." }, { "(x)", "y." }, { 1, 5 }, { 3, 6 } })
  T.eq({ text.tokens("\"...\"", LEAD, TRAIL) }, { { "\"...\"" }, { "" }, { 1 }, { 5 } })   -- all punctuation
  local rnd = 777
  local function rand(n) rnd = (rnd * 1103515245 + 12345) % 2147483648; return rnd // 65536 % n + 1 end   -- high bits: the low ones repeat with short periods
  for _ = 1, 500 do
    local parts = {}
    for _ = 1, rand(20) do parts[#parts + 1] = WORDS[rand(#WORDS)]; parts[#parts + 1] = BLANKS[rand(#BLANKS)] end
    local s = table.concat(parts)
    local w, bare, st, en = text.tokens(s, LEAD, TRAIL)
    local want = tokenize(s)
    T.eq(#w, #want, s)
    for k, t in ipairs(want) do
      T.eq({ w[k], bare[k], st[k], en[k] }, { t.w, t.bare, t.s, t.e }, s)
    end
  end
end)

T.test("attendance.speakers and titled: as reading every token, on 4000 random texts", function()
  local rules = defaults.merge(nil)
  local rnd = 12345
  local function rand(n) rnd = (rnd * 1103515245 + 12345) % 2147483648; return rnd // 65536 % n + 1 end   -- high bits: the low ones repeat with short periods
  local found = 0
  for k = 1, 4000 do
    local parts = {}
    for _ = 1, rand(24) do
      parts[#parts + 1] = WORDS[rand(#WORDS)]
      parts[#parts + 1] = BLANKS[rand(#BLANKS)]
    end
    if rand(2) == 1 then parts[#parts] = nil end
    local s = table.concat(parts)
    defaults.reset_memos()
    local want = reference_speakers(s, rules)
    if #want > 0 then found = found + 1 end
    T.eq(attendance.speakers(s, rules), want, ("speakers of %q (text %d)"):format(s, k))
    T.eq(attendance.titled(s, rules), reference_titled(s, rules), ("titled of %q"):format(s))
  end
  T.ok(found > 500, "the texts hold speakers: " .. found)
end)
T.test("attendance.speakers: a user's own verbs are found too", function()
  -- the defaults read first, with no rules given: what the rules cache on
  -- the defaults table must not leak into a merged one
  defaults.reset_memos()
  T.eq(#attendance.speakers("Then Ann Lee noted the date."), 1)
  T.eq(#attendance.titled("Then Cllr Ann Lee noted the date."), 1)
  local rules = defaults.merge({ speech_verbs = { "opined" }, honorifics = { "alderwoman" } })
  defaults.reset_memos()
  T.eq(attendance.titled("Alderwoman Rita Oduya spoke.", rules), { "Rita Oduya" })
  local sp = attendance.speakers("Then Ann Lee opined, at length.", rules)
  T.eq(#sp, 1)
  T.eq(sp[1].name, "Ann Lee")
end)
