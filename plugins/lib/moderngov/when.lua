-- moderngov/when.lua -- ModernGov's dates and times in ISO form.
--   date("21/11/2025") -> "2025-11-21"     (dd/mm/yyyy, as every mgWebService
--                                            response and page writes them)
--   time("12.30 pm")   -> "12:30"          ("12 noon", "10.00 am", "6 pm")
-- Both return nil for blank or unreadable text; they never guess.
local W = {}

local function trim(s) return (s or ""):match("^%s*(.-)%s*$") end

function W.date(s)
  local d, m, y = trim(s):match("^(%d%d?)/(%d%d?)/(%d%d%d%d)")
  d, m, y = tonumber(d), tonumber(m), tonumber(y)
  if not d or m < 1 or m > 12 or d < 1 or d > 31 then return nil end
  return ("%04d-%02d-%02d"):format(y, m, d)
end

function W.time(s)
  local t = trim(s):lower()
  if t == "" then return nil end
  if t:match("^12%s*noon") or t == "noon" or t == "midday" then return "12:00" end
  if t == "midnight" then return "00:00" end
  local h, mi, ap = t:match("^(%d%d?)[.:](%d%d)%s*([ap])%.?%s*m%.?")
  if not h then
    h, ap = t:match("^(%d%d?)%s*([ap])%.?%s*m%.?")
    mi = "00"
  end
  if not h then   -- 24-hour "14:30"
    h, mi = t:match("^(%d%d?)[.:](%d%d)$")
  end
  h, mi = tonumber(h), tonumber(mi)
  if not h or h > 23 or mi > 59 then return nil end
  if ap then
    if h < 1 or h > 12 then return nil end
    if ap == "p" and h ~= 12 then h = h + 12 elseif ap == "a" and h == 12 then h = 0 end
  end
  return ("%02d:%02d"):format(h, mi)
end

local MONTHS = { jan = 1, feb = 2, mar = 3, apr = 4, may = 5, jun = 6, jul = 7, aug = 8,
  sep = 9, oct = 10, nov = 11, dec = 12 }

-- A date written out on ModernGov pages: "Thursday 4 December 2025",
-- "Wednesday, 27th January, 2016", "15 Jun 2026". Returns the ISO date and
-- the byte after it, or nil.
function W.long_date(s)
  for a, d, mon, y, e in s:gmatch("()(%d%d?)%a%a?,? (%a+),? (%d%d%d%d)()") do
    local m = MONTHS[mon:sub(1, 3):lower()]
    d = tonumber(d)
    if m and d >= 1 and d <= 31 then return ("%s-%02d-%02d"):format(y, m, d), e, a end
  end
  for a, d, mon, y, e in s:gmatch("()(%d%d?),? (%a+),? (%d%d%d%d)()") do
    local m = MONTHS[mon:sub(1, 3):lower()]
    d = tonumber(d)
    if m and d >= 1 and d <= 31 then return ("%s-%02d-%02d"):format(y, m, d), e, a end
  end
  return nil
end

-- The first clock time in s: "7:30 pm", "7.00 p.m.", "6.15 pm".
function W.find_time(s)
  local t = s:match("(%d%d?[.:]%d%d%s*[aApP]%.?%s*[mM]%.?)")
  if t then return W.time((t:gsub("([aApP])%.?%s*([mM])%.?", "%1%2"))) end
  return nil
end

return W
