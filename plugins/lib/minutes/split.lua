-- minutes/split.lua -- one file, several meetings. A file that keeps a
-- year of notes ("## 7 December 2017 ... ## 8 November 2017 ...") is cut
-- at headings that are, in essence, only a date: every such heading of the
-- same level opens a meeting, and what comes before the first (a title)
-- is shared by all of them.
local dates = require "minutes.dates"

local S = {}

-- Words a dated meeting heading may carry besides its date.
local filler = {
  meeting = true, meetings = true, minutes = true, notes = true, agenda = true,
  call = true, sync = true, session = true, the = true, of = true, on = true,
  held = true, monday = true, tuesday = true, wednesday = true, thursday = true,
  friday = true, saturday = true, sunday = true, mon = true, tue = true, wed = true,
  thu = true, fri = true, sat = true, sun = true, am = true, pm = true, utc = true,
}

-- The ISO date of a heading that is only a date (and filler words), or nil.
function S.dated_heading(text)
  local d = dates.find_all(text)[1]
  if not d then return nil end
  local rest = (text:sub(1, d.s - 1) .. " " .. text:sub(d.e + 1)):lower()
  local extra = 0
  for w in rest:gmatch("%a+") do
    if not filler[w] and not dates.months[w] then extra = extra + 1 end
  end
  if extra > 1 then return nil end
  return d.iso
end

-- Splits blocks into meetings. Returns a list of block lists: just
-- { blocks } when the file holds one meeting.
function S.split(blocks)
  -- dated headings, by level
  local by_level = {}
  for i, b in ipairs(blocks) do
    if b.kind == "heading" and #(b.text or "") <= 80 then
      local iso = S.dated_heading(b.text)
      if iso then
        local lv = b.level or 0
        by_level[lv] = by_level[lv] or {}
        table.insert(by_level[lv], { at = i, iso = iso })
      end
    end
  end
  -- the shallowest level with two or more distinct dates cuts the file
  local cuts
  for lv = 0, 6 do
    local list = by_level[lv]
    if list and #list >= 2 then
      local seen, distinct = {}, 0
      for _, c in ipairs(list) do
        if not seen[c.iso] then seen[c.iso] = true; distinct = distinct + 1 end
      end
      if distinct >= 2 then cuts = list; break end
    end
  end
  if not cuts then return { blocks } end
  local preamble = {}
  for i = 1, cuts[1].at - 1 do
    if blocks[i].kind == "heading" then preamble[#preamble + 1] = blocks[i] end
  end
  local out = {}
  for n, c in ipairs(cuts) do
    local stop = cuts[n + 1] and cuts[n + 1].at - 1 or #blocks
    local seg = {}
    for _, b in ipairs(preamble) do seg[#seg + 1] = b end
    for i = c.at, stop do seg[#seg + 1] = blocks[i] end
    -- a segment with nothing under its heading is not a meeting
    if stop > c.at then out[#out + 1] = seg end
  end
  if #out == 0 then return { blocks } end
  return out
end

return S
