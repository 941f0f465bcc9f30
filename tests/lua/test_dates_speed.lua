-- Tests that dates.find_all, which tries its forms only at the digits and
-- at the words before them, finds what trying every byte found: the
-- reference below is the rule as it was first written (gmatch over the
-- whole text), compared on random texts of dates, near-dates and noise.
local T = require "testing"
local dates = require "minutes.dates"
local defaults = require "minutes.defaults"

local months = dates.months
local function iso(y, m, d) return string.format("%04d-%02d-%02d", y, m, d) end
local function valid(y, m, d)
  return y and m and d and m >= 1 and m <= 12 and d >= 1 and d <= dates.days_in(y, m)
end
local function full_year(y)
  y = tonumber(y)
  if y < 100 then y = y + 2000 end
  return y
end

local function reference_find_all(s, ref)
  local found = {}
  local function add(st, en, y, m, d, has_year, last_day)
    if not m then return end
    if not y then
      if not ref.year then return end
      y = ref.year
      if ref.after and iso(y, m, math.min(d or 1, 28)) < ref.after then y = y + 1 end
    end
    if last_day then d = dates.days_in(y, m) end
    if valid(y, m, d) then
      found[#found + 1] = { iso = iso(y, m, d), s = st, e = en, has_year = has_year, text = s:sub(st, en) }
    end
  end
  -- every form below has a digit; each scan below tries every byte, so the
  -- cheap tests come first
  if not s:find("%d") then return found end
  local lower = s:lower()
  -- 2018-12-19
  if s:find("-", 1, true) then
    for st, y, m, d, en in s:gmatch("()(%d%d%d%d)%-(%d%d)%-(%d%d)()") do
      add(st, en - 1, tonumber(y), tonumber(m), tonumber(d), true)
    end
  end
  -- 30-01-17, 30/01/2017, 30.01.2017 (day first)
  for st, d, m, y, en in s:gmatch("()(%d%d?)[/%-%.](%d%d?)[/%-%.](%d%d%d?%d?)()") do
    if #y == 2 or #y == 4 then
      local prev = st > 1 and s:sub(st - 1, st - 1) or ""
      if not prev:match("[%d%-/%.]") then
        add(st, en - 1, full_year(y), tonumber(m), tonumber(d), true)
      end
    end
  end
  -- end of March 2018 -> last day of the month
  if lower:find("end of", 1, true) then
    for st, mon, rest, en in lower:gmatch("()end of (%a+)(,?%s*%d*)()") do
      local m = months[mon]
      local y = rest:match("(%d%d%d%d)")
      if m then add(st, y and en - 1 or st + 6 + #mon, y and tonumber(y), m, 1, y ~= nil, true) end
    end
  end
  -- 12th December, 2013 / 2nd Feb / 13 March
  for st, d, sfx, mon, en in lower:gmatch("()(%d%d?)(%a*)%s+(%a+)()") do
    if mon == "of" then
      local m2, e2 = lower:sub(en):match("^%s+(%a+)()")
      if m2 then mon, en = m2, en + e2 - 1 end
    end
    local m = months[mon]
    local ok_sfx = sfx == "" or sfx == "st" or sfx == "nd" or sfx == "rd" or sfx == "th"
    if m and ok_sfx and not s:sub(st - 1, st - 1):match("[%d%.:]") then
      local y = lower:sub(en):match("^,?%s*(%d%d%d%d)%f[%D]")
      local ylen = y and #lower:sub(en):match("^(,?%s*%d%d%d%d)") or 0
      add(st, en - 1 + ylen, y and tonumber(y), m, tonumber(d), y ~= nil)
    end
  end
  -- Feb 22, 2012 / November 28 (from word starts only: a match from inside
  -- a word has the same tail and fails too, after backtracking over it)
  for st, mon, d, en in lower:gmatch("()%f[%a](%a+)%.?%s+(%d%d?)%f[%D]()") do
    local m = months[mon]
    if m and #mon >= 3 and not lower:sub(en):match("^%s*[%.:]%d") then
      local after = lower:sub(en)
      local sfx = after:match("^[snrt][tdh]") or ""
      local y = after:sub(#sfx + 1):match("^,?%s*(%d%d%d%d)%f[%D]")
      local ylen = y and #after:sub(#sfx + 1):match("^(,?%s*%d%d%d%d)") or 0
      add(st, en - 1 + #sfx + ylen, y and tonumber(y), m, tonumber(d), y ~= nil)
    end
  end
  table.sort(found, function(a, b)
    if a.s ~= b.s then return a.s < b.s end
    return a.e > b.e
  end)
  local out, last_e = {}, 0
  for _, f in ipairs(found) do
    if f.s > last_e then out[#out + 1] = f; last_e = f.e end
  end
  return out
end


local function show(list)
  local out = {}
  for _, d in ipairs(list) do
    out[#out + 1] = ("%s@%d-%d%s[%s]"):format(d.iso, d.s, d.e, d.has_year and "y" or "", d.text)
  end
  return table.concat(out, " ")
end

T.test("dates.find_all: as gmatch over every byte, on 6000 random texts", function()
  local rnd = 1122
  -- the high bits: the low ones repeat with short periods
  local function rand(n) rnd = (rnd * 1103515245 + 12345) % 2147483648; return rnd // 65536 % n + 1 end
  local vocab = { "1", "2", "12", "31", "30", "2018", "2025", "17", "05", "9", "123", "2024-03-05", "1999-13-40",
    "January", "february", "Feb", "Feb.", "feb", "sept", "Sept.", "MARCH", "may", "Dec", "decx", "of", "end of",
    "End of", "st", "nd", "th", "rd", "1st", "22nd", "3rd", "4th", "5x", "am", "pm", "/", "-", ".", ",", ":",
    "\t", "\n", " ", "  ", "(", ")", "the", "by", "meeting", "next", "on", "\u{2013}", "é", "x1", "a2b",
    "30/01/2017", "30-01-17", "30.01.2017", "1/2/3", "12.30", "10:00", "£5", "4.5" }
  local refs = { {}, { year = 2025 }, { year = 2025, after = "2025-06-01" }, { year = 2000 }, { year = 2019, after = "2019-12-31" } }
  for round = 1, 6000 do
    local parts = {}
    for i = 1, rand(14) do parts[i] = vocab[rand(#vocab)] end
    local joiner = ({ " ", "", " ", "  ", ", " })[rand(5)]
    local s = table.concat(parts, joiner)
    local ref = refs[rand(#refs)]
    defaults.reset_memos()
    T.eq(show(dates.find_all(s, ref)), show(reference_find_all(s, ref)), ("round %d: %q"):format(round, s))
  end
end)

T.test("dates.find_all: the forms at the edges of a text", function()
  local ref = { year = 2025 }
  for _, s in ipairs({ "1 may", "may 1", "feb. 22", "feb 22nd, 2012", "22 of march 2019", "2024-01-02",
      "x2024-01-02", "01/02/2003", ".01/02/2003", "end of march", "end of march 2018", "5", "may\t\n3" }) do
    defaults.reset_memos()
    T.eq(show(dates.find_all(s, ref)), show(reference_find_all(s, ref)), s)
  end
end)
