-- minutes/dates.lua -- finds dates and clock times in prose and returns them
-- as ISO strings ("2018-12-19", "15:00"). Day-first, as British minutes are.
local D = {}

local months = {
  january = 1, february = 2, march = 3, april = 4, may = 5, june = 6, july = 7,
  august = 8, september = 9, october = 10, november = 11, december = 12,
  jan = 1, feb = 2, mar = 3, apr = 4, jun = 6, jul = 7, aug = 8, sep = 9,
  sept = 9, oct = 10, nov = 11, dec = 12,
}
D.months = months

local month_days = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
local function days_in(y, m)
  if m == 2 and (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) then return 29 end
  return month_days[m]
end
D.days_in = days_in

local function valid(y, m, d)
  return y and m and d and m >= 1 and m <= 12 and d >= 1 and d <= days_in(y, m)
end

function D.iso(y, m, d) return string.format("%04d-%02d-%02d", y, m, d) end

local function full_year(y)
  y = tonumber(y)
  if y < 100 then y = y + 2000 end
  return y
end

-- The positions of s's digits, ascending, found with plain finds: every
-- form below starts at a digit or at the word just before one, and a Lua
-- pattern tried at every byte costs some hundreds of instructions a byte,
-- so the forms are tried only there (the matches, in order and without
-- overlaps, are those gmatch gives).
local find, byte = string.find, string.byte
local DIGITS = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" }
local function digit_positions(s)
  local ps = {}
  for i = 1, 10 do
    local d = DIGITS[i]
    local p = find(s, d, 1, true)
    while p do ps[#ps + 1] = p; p = find(s, d, p + 1, true) end
  end
  table.sort(ps)
  return ps
end

-- Calls f(captures...) for each start, ascending, with what `anchored` (a
-- pattern starting with "^()") matches there, nil when nothing: f returns
-- the position after a match, and a start inside the last match is passed
-- over, so the matches are those gmatch of the same pattern would find.
local function each_at(subject, starts, anchored, f)
  local next_at = 1
  for i = 1, #starts do
    local p = starts[i]
    if p >= next_at then
      local e = f(subject:match(anchored, p))
      if e then next_at = e end
    end
  end
end

local function is_space(c) return c == 32 or c >= 9 and c <= 13 end
local function is_alpha(c) return c and (c >= 97 and c <= 122 or c >= 65 and c <= 90) end

-- Where "Feb 22" could start for each digit run: the word before it, over
-- blanks and an optional stop ("()%f[%a](%a+)%.?%s+(%d%d?)").
local function month_first_starts(lower, digits)
  local out = {}
  for i = 1, #digits do
    local q = digits[i] - 1
    local blanks = q
    while q >= 1 and is_space(byte(lower, q)) do q = q - 1 end
    if q < blanks then
      if byte(lower, q) == 46 then q = q - 1 end        -- "."
      if is_alpha(byte(lower, q)) then
        while q > 1 and is_alpha(byte(lower, q - 1)) do q = q - 1 end
        if out[#out] ~= q then out[#out + 1] = q end
      end
    end
  end
  return out
end

-- Every date in s, in order, without overlaps. ref = {year=, after="YYYY-MM-DD"}
-- supplies the year of a date written without one ("21st February"): the
-- ref year, or the year after when the date would fall before ref.after.
-- Each result: {iso=, s=, e=, has_year=bool, text=}.
local function find_all(s, ref)
  local found = {}
  local function add(st, en, y, m, d, has_year, last_day)
    if not m then return end
    if not y then
      if not ref.year then return end
      y = ref.year
      if ref.after and D.iso(y, m, math.min(d or 1, 28)) < ref.after then y = y + 1 end
    end
    if last_day then d = days_in(y, m) end
    if valid(y, m, d) then
      found[#found + 1] = { iso = D.iso(y, m, d), s = st, e = en, has_year = has_year, text = s:sub(st, en) }
    end
  end
  -- every form below has a digit
  local digits = digit_positions(s)
  if #digits == 0 then return found end
  local lower = s:lower()
  -- 2018-12-19
  if find(s, "-", 1, true) then
    each_at(s, digits, "^()(%d%d%d%d)%-(%d%d)%-(%d%d)()", function(st, y, m, d, en)
      if not st then return nil end
      add(st, en - 1, tonumber(y), tonumber(m), tonumber(d), true)
      return en
    end)
  end
  -- 30-01-17, 30/01/2017, 30.01.2017 (day first)
  each_at(s, digits, "^()(%d%d?)[/%-%.](%d%d?)[/%-%.](%d%d%d?%d?)()", function(st, d, m, y, en)
    if not st then return nil end
    if #y == 2 or #y == 4 then
      local prev = st > 1 and s:sub(st - 1, st - 1) or ""
      if not prev:match("[%d%-/%.]") then
        add(st, en - 1, full_year(y), tonumber(m), tonumber(d), true)
      end
    end
    return en
  end)
  -- end of March 2018 -> last day of the month
  if lower:find("end of", 1, true) then
    for st, mon, rest, en in lower:gmatch("()end of (%a+)(,?%s*%d*)()") do
      local m = months[mon]
      local y = rest:match("(%d%d%d%d)")
      if m then add(st, y and en - 1 or st + 6 + #mon, y and tonumber(y), m, 1, y ~= nil, true) end
    end
  end
  -- 12th December, 2013 / 2nd Feb / 13 March
  each_at(lower, digits, "^()(%d%d?)(%a*)%s+(%a+)()", function(st, d, sfx, mon, en)
    if not st then return nil end
    local after = en      -- the match ends here, whatever "of" reads on
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
    return after
  end)
  -- Feb 22, 2012 / November 28
  each_at(lower, month_first_starts(lower, digits), "^()%f[%a](%a+)%.?%s+(%d%d?)%f[%D]()", function(st, mon, d, en)
    if not st then return nil end
    local m = months[mon]
    if m and #mon >= 3 and not lower:sub(en):match("^%s*[%.:]%d") then
      local after = lower:sub(en)
      local sfx = after:match("^[snrt][tdh]") or ""
      local y = after:sub(#sfx + 1):match("^,?%s*(%d%d%d%d)%f[%D]")
      local ylen = y and #after:sub(#sfx + 1):match("^(,?%s*%d%d%d%d)") or 0
      add(st, en - 1 + #sfx + ylen, y and tonumber(y), m, tonumber(d), y ~= nil)
    end
    return en
  end)
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

-- Several rules ask for the same text's dates with the same reference:
-- memoised (bounded) by text and reference. Callers treat results as read-only.
local memo, memo_n = {}, 0
require("minutes.defaults").on_reset(function() memo, memo_n = {}, 0 end)
function D.find_all(s, ref)
  ref = ref or {}
  local key = (ref.year or "") .. "/" .. (ref.after or "")
  local by_ref = memo[s]
  local hit = by_ref and by_ref[key]
  if hit then return hit end
  if memo_n >= 2048 then memo, memo_n = {}, 0; by_ref = nil end
  if not by_ref then by_ref = {}; memo[s] = by_ref end
  hit = find_all(s, ref)
  by_ref[key], memo_n = hit, memo_n + 1
  return hit
end

function D.first(s, ref)
  return (D.find_all(s, ref)[1] or {}).iso
end

-- Clock times: "3.00 pm", "10:00am", "9.30 A.M.", "13.00". Bare "H.MM"
-- without am/pm counts only when opts.bare (a header line, not prose).
-- A range "10.00-1.00pm" lends its pm to the start only when that keeps
-- the start before the end. Results: {hm="HH:MM", s=, e=}.
function D.find_times(s, opts)
  local out = {}
  if not s:find("%d") then return out end   -- every time has a digit
  local lower = s:lower()
  local pos = 1
  while true do
    local st, en, h, mi = lower:find("(%d%d?)[%.:](%d%d)%f[%D]", pos)
    if not st then break end
    pos = en + 1
    local prev = st > 1 and lower:sub(st - 1, st - 1) or ""
    local rest = lower:sub(en + 1)
    local mer, mlen = rest:match("^(%s*([ap])%.?m%.?)%f[%A]")
    local merid = mlen
    if mer then mer = #mer end
    h, mi = tonumber(h), tonumber(mi)
    local colon = s:sub(st, en):find(":") ~= nil
    -- (not glued to a date: "2025-10-01:00:00Z" holds no time of day)
    local glued = prev == ":" or prev == "-" and lower:sub(math.max(1, st - 8), st - 1):match("%d%d%d%d%-%d%d%-$")
    if not glued and not prev:match("[%d%.£$,/]") and mi < 60 and h <= 23 then
      out[#out + 1] = { h = h, m = mi, merid = merid, s = st, e = en + (mer or 0),
        weak = not (merid or colon or (opts and opts.bare)) }
    end
  end
  -- an hour with a meridiem and no minutes: "at 3pm", "11 a.m."
  for st, h, m, en in lower:gmatch("()(%d%d?)%s?([ap])%.?m%.?%f[%A]()") do
    local prev = st > 1 and lower:sub(st - 1, st - 1) or ""
    h = tonumber(h)
    if not prev:match("[%d%.:£$,/]") and h >= 1 and h <= 12 then
      out[#out + 1] = { h = h, m = 0, merid = m, s = st, e = en - 1, weak = false }
    end
  end
  table.sort(out, function(a, b) return a.s < b.s end)
  -- a meridiem carries back over a range: "3.00 - 5.00 pm"
  for i = 1, #out - 1 do
    local a, b = out[i], out[i + 1]
    if not a.merid and b.merid and s:sub(a.e + 1, b.s - 1):match("^%s*[%-–to]+%s*$") then
      local bh = b.h % 12 + (b.merid == "p" and 12 or 0)
      local ah = a.h % 12 + (b.merid == "p" and 12 or 0)
      if a.h <= 12 and ah < bh then a.merid = b.merid end
      a.weak = false
    end
  end
  -- unmarked numbers in prose ("rose 4.30 per cent") are not times
  local kept = {}
  for _, t in ipairs(out) do if not t.weak then kept[#kept + 1] = t end end
  out = kept
  for _, t in ipairs(out) do
    local h = t.h
    if t.merid == "p" and h < 12 then h = h + 12 end
    if t.merid == "a" and h == 12 then h = 0 end
    t.hm = string.format("%02d:%02d", h, t.m)
  end
  return out
end

return D
