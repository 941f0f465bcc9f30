-- minutes/items.lua -- where agenda items begin. Rules, tried in order:
--   items.numbered      "168. FILMING AT MEETINGS" (number and title on a line)
--   items.number_line   "9a" on its own line, the title on the next
--   items.agenda_row    a tab-separated agenda row: number or time, title, lead
--   items.heading       markdown headings, when nothing is numbered
--   items.run_in        a paragraph opening with a title and then a speaker
--                       ("Trust in Policing Jo Bloggs gave an update ..."),
--                       only when the other rules find fewer than three items
local defaults = require "minutes.defaults"
local names = require "minutes.names"
local attendance = require "minutes.attendance"

local I = {}

local byte, find = string.byte, string.find

-- Words in s, counted up to `most` when given (a caller that only asks
-- "more than 25?" need not read a long paragraph to its end).
local function word_count(s, most)
  local n = 0
  for _ in s:gmatch("%S+") do
    n = n + 1
    if most and n >= most then break end
  end
  return n
end

local function blank(c) return c == 32 or c and c >= 9 and c <= 13 end   -- %s

-- The last byte of s that is not blank, and its position (":%s*$" read
-- from the end: the pattern would be tried at every byte).
local function last_nonblank(s)
  local k = #s
  local c = byte(s, k)
  while c and blank(c) do k = k - 1; c = byte(s, k) end
  return c, k
end

-- Removes download noise and shouting from a title.
function I.clean_title(s, rules)
  -- each gsub only when its words are there (gsub tries every byte)
  if find(s, "pdf icon", 1, true) then s = s:gsub("%s*pdf icon%s*", " ") end
  if find(s, "PDF", 1, true) then s = s:gsub("%s*PDF%s+[%d%.]+%s*[KMG]?B%f[%A]", "") end
  if find(s, "View the reason", 1, true) then s = s:gsub("%s*View the reasons? why.*$", "") end
  if find(s, " min", 1, true) then s = s:gsub("%s*%(%d+ mins?%)", "") end
  s = names.squash(s)
  -- without trailing blanks and : ; , (read from the end)
  local k = #s
  local c = byte(s, k)
  while c and (blank(c) or c == 58 or c == 59 or c == 44) do k = k - 1; c = byte(s, k) end
  if k < #s then s = s:sub(1, k) end
  s = s:gsub("^[%-%s]+", "")
  if names.is_shouting(s) then s = names.title_case(s, rules) end
  return s
end

local function is_label(s, rules)
  if not s:find(":", 1, true) then return false end   -- every label ends in a colon
  local lower = s:lower()
  for _, l in ipairs(rules.item_labels) do
    if lower:sub(1, #l) == l and lower:sub(#l + 1):match("^%s*:") then return true end
  end
  return false
end

-- Could s be an item title?
function I.title_like(s, rules)
  rules = rules or defaults
  if not s or s == "" then return false end
  if not s:match("^[%u%d\"'\u{2018}\u{201C}%(%[]") then return false end
  local n = word_count(s, 26)
  if n > 25 then return false end
  if last_nonblank(s) == 58 or is_label(s, rules) then return false end
  local c = byte(s, -1)
  if (c == 46 or c == 63) and n > 12 then return false end
  if s:match("^%(?%d+ mins?%)?$") then return false end
  return true
end

local function split_number(n)
  local d, a = n:match("^(%d+)(%a?)$")
  return tonumber(d), a or ""
end

-- Does number n come after prev ("9a" after "9", "84" after "83")?
local function follows(n, prev)
  if not prev then return true end
  local d, a = split_number(n)
  local pd, pa = split_number(prev)
  if not d or not pd then return true end
  if d > pd then return d - pd <= 30 end
  return d == pd and a > pa
end

local function is_time_cell(s)
  return s:match("^%d%d?[%.: ]%d%d%s*[apn]%.?m%.?") ~= nil
end
local function is_duration(s)
  return s:match("^%(?%d+ ?mins?%)?$") ~= nil or s:match("^%(%d+[^%)]*%)$") ~= nil
end

-- Finds items in units (see interpret.lua). Returns a list of
-- { number=, title=, at=unit index, skip={unit indexes used by the title}, rule= }.
function I.find(units, rules)
  rules = rules or defaults
  local items, last_num = {}, nil
  local used = {}
  local function push(it)
    items[#items + 1] = it
    if it.number then last_num = it.number end
  end
  local i = 1
  while i <= #units do
    local u = units[i]
    if u.kind == "item" and u.number and not u.bullet then
      local title = u.text
      if title == "" then
        local nxt = units[i + 1]
        if nxt and nxt.kind ~= "cell" and not (nxt.kind == "item" and nxt.number) and I.title_like(I.clean_title(nxt.text, rules), rules)
            and follows(u.number, last_num) then
          push { number = u.number, title = I.clean_title(nxt.text, rules), at = i, skip = { [i] = true, [i + 1] = true },
            rule = "items.number_line", span = { u.span[1], nxt.span[2] } }
          i = i + 2
          goto continue
        end
      elseif I.title_like(I.clean_title(title, rules), rules) and follows(u.number, last_num) then
        push { number = u.number, title = I.clean_title(title, rules), at = i, skip = { [i] = true },
          rule = "items.numbered", span = u.span }
      end
    elseif u.kind == "cell" and u.cell == 1 then
      -- agenda row: number and/or time, then the title, then maybe a lead
      local c = u.text
      local num = c:match("^(%d%d?%d?%a?)[%.%)]?$")
      local timed = is_time_cell(c)
      if num or timed then
        local j = i + 1
        local skip = { [i] = true }
        while units[j] and units[j].row == u.row and (is_time_cell(units[j].text) or is_duration(units[j].text)) do
          skip[j] = true
          j = j + 1
        end
        local cell = units[j] and units[j].row == u.row and units[j] or nil
        local title = cell and I.clean_title(cell.text, rules)
        local ok = title and I.title_like(title, rules)
        if num and last_num and num == last_num and ok and items[#items].title
            and items[#items].title:find(title, 1, true) then
          -- the same item printed again, more cleanly
          items[#items].title = title
          skip[j] = true
          for k in pairs(skip) do items[#items].skip[k] = true end
        elseif ok or (num and follows(num, last_num)) then
          if ok then skip[j] = true end
          if not num or follows(num, last_num) then
            push { number = num, title = ok and title or nil, at = i, skip = skip,
              rule = "items.agenda_row", span = u.span }
          end
        end
      end
    end
    ::continue::
    i = i + 1
  end
  if #items >= 2 then return items end

  -- markdown headings
  local heads = {}
  local struct = defaults.set_of(rules.structural_headings)
  for k, u in ipairs(units) do
    if u.kind == "heading" and (u.level or 2) >= 2 then
      local t = I.clean_title(u.text, rules)
      local lower = t:lower():gsub("[:%s]+$", "")
      if not struct[lower] and attendance.label_of(t, rules) == nil and I.title_like(t, rules)
          and not t:match("^%d%d%d%d%-%d%d%-%d%d") then
        -- "1.2. TAG review": a numbered heading keeps its number apart
        local num, rest = t:match("^(%d+[%.%d]*%a?)[%.%)]?%s+(%S.*)$")
        if num and (rest:match("^%d") or #num:match("^%d+") > 3) then num = nil end   -- not "2026 budget"
        heads[#heads + 1] = { title = num and rest or t, number = num and num:gsub("%.$", ""), at = k,
          skip = { [k] = true }, rule = "items.heading", span = u.span }
      end
    end
  end
  if #heads >= 1 and #heads >= #items then return heads end

  -- run-in titles before a speaker
  local run = {}
  local pending_num
  for k, u in ipairs(units) do
    if u.kind == "paragraph" then
      local sp = attendance.speakers(u.text, rules)[1]
      if sp and sp.s <= 220 then
        local before = u.text:sub(1, sp.s - 1)
        local num, after = before:match("^.*%f[%w](%d%d?)%.%s+(.-)$")
        local title = I.clean_title((after or before):gsub("%.%s*$", ""), rules)
        local n = word_count(title)
        if n >= 2 and n <= 25 and title:match("^%u") then
          run[#run + 1] = { number = num or pending_num, title = title, at = k, cut = sp.s,
            rule = "items.run_in", span = u.span }
        end
      end
      -- "... 4." ending a paragraph numbers the next: "%s(%d%d?)%.$", read from the end
      local t = u.text
      local L = #t
      pending_num = nil
      if byte(t, L) == 46 then
        local d1, d2, d3 = byte(t, L - 1), byte(t, L - 2), byte(t, L - 3)
        if L >= 3 and d1 and d1 >= 48 and d1 <= 57 then
          if L >= 4 and d2 >= 48 and d2 <= 57 and blank(d3) then pending_num = t:sub(L - 2, L - 1)
          elseif blank(d2) then pending_num = t:sub(L - 1, L - 1) end
        end
      end
    end
  end
  if #run > #items then return run end
  return items
end

return I
