-- plugins/import/moderngov_html.lua -- pages saved from a ModernGov site.
-- Reads, with libxml2's HTML parser (clerk.xml.html), only what is inside
-- the page's <div id="modgov">: navigation, scripts, forms, link lists and
-- file-size labels are dropped.
--   "Agenda and minutes" / "Agenda, decisions and minutes" / "Meeting"
--     (ieListDocuments.aspx): the meeting (body, date, time, venue, status),
--     its items (number, title), each item's Minutes and Decision blocks
--     through the interpreter -- decisions from the Decision block when
--     there is one, so a resolution shown in both counts once
--   "Meeting attendance" (mgMeetingAttendance.aspx): the meeting and who
--     attended, through moderngov.attendance
--   "Browse meetings" (ieListMeetings.aspx): the body and its meeting index
--   "Committee structure" (mgListCommittees.aspx): bodies
-- Refused, with the reason: committee details pages (members and contacts,
-- no meeting), decision pages and lists (decisions outside a meeting).
local when = require "moderngov.when"
local att = require "moderngov.attendance"
local html = require "moderngov.html"
local interpret = require "minutes.interpret"

local function has_class(n, cls)
  local c = n.attrs and n.attrs.class
  if not c then return false end
  for w in c:gmatch("%S+") do if w == cls then return true end end
  return false
end

-- First element satisfying pred, depth first.
local function find(n, pred)
  if type(n) ~= "table" then return nil end
  if pred(n) then return n end
  for _, c in ipairs(n) do
    local r = find(c, pred)
    if r then return r end
  end
  return nil
end

local function find_all(n, pred, out)
  out = out or {}
  if type(n) ~= "table" then return out end
  if pred(n) then out[#out + 1] = n end
  -- on: saved pages nest real content inside unclosed elements (an <a>)
  for _, c in ipairs(n) do find_all(c, pred, out) end
  return out
end

local function by_class(cls) return function(n) return has_class(n, cls) end end
local function by_name(name) return function(n) return n.name == name end end

-- Page furniture inside #modgov that carries no minutes.
local NOISE = { "mgLinks", "mgFooter", "mgHelpLine", "mgFileSize", "mgHide", "mgHiddenField",
  "mgBulletList", "mgActionList", "mgLinkSep" }
local function noise(n)
  if n.name == "form" or n.name == "select" or n.name == "input" or n.name == "img"
      or n.name == "nav" or n.name == "button" then return true end
  for _, c in ipairs(NOISE) do if has_class(n, c) then return true end end
  return false
end

-- Text of a node without the furniture.
local function text_of(n)
  local parts = {}
  local function walk(x)
    if type(x) == "string" then parts[#parts + 1] = x
    elseif x.name == "br" then parts[#parts + 1] = " "
    elseif not noise(x) and not html.SKIP[x.name] then for _, c in ipairs(x) do walk(c) end end
  end
  walk(n)
  return html.squash(table.concat(parts))
end

local function detect(input)
  local head = input.head or ""
  local name = (input.name or ""):lower()
  local is_html = name:match("%.html?$") or head:find("<!DOCTYPE html", 1, true) or head:find("<html", 1, true)
  if not is_html and not head:find('id="modgov"', 1, true) then return 0 end
  if head:find('id="modgov"', 1, true) or head:find("mgTabTable", 1, true) or head:find("Modern.gov", 1, true)
      or head:find("Modern Council", 1, true) or head:find("moderngov", 1, true)
      or head:find("mgSubTitleTxt", 1, true) then
    return 85
  end
  return 0
end

-- Label paragraphs: <p><span class="mgLabel">Venue: </span>Civic Centre</p>
local function labelled(root, pattern)
  for _, p in ipairs(find_all(root, by_name("p"))) do
    local label = find(p, function(n) return has_class(n, "mgLabel") or has_class(n, "mgMainTxtBold") end)
    if label and text_of(label):lower():find(pattern) then
      local kept = { name = "p" }     -- without links ("View directions", e-mail)
      for _, c in ipairs(p) do if type(c) == "string" or c.name ~= "a" then kept[#kept + 1] = c end end
      local t = text_of(kept)
      local l = text_of(label)
      return html.squash(t:sub(#l + 1))
    end
  end
  return nil
end

-- "Audit Committee - Thursday 4 December 2025 7:30 pm, CANCELLED" and the
-- attendance page's "Monday 8th January, 2018 6.15 pm, Monthly Council Meeting".
local function read_subtitle(s)
  local date, after, at = when.long_date(s)
  local m = { date = date, start = when.find_time(s) }
  if s:upper():find("CANCELLED", 1, true) then m.status = "cancelled" end
  if date then
    local before = html.squash(s:sub(1, at - 1):gsub("[%s,%-\u{2013}]+$", ""))
    -- drop a weekday that ends the part before the date
    before = html.squash(before:gsub("%f[%a]%a+day,?$", ""):gsub("[%s,%-\u{2013}]+$", ""))
    local rest = s:sub(after):gsub("^%s*%d%d?[.:]%d%d%s*[aApP]%.?%s*[mM]%.?", ""):gsub("^[%s,]+", "")
    rest = html.squash(rest:gsub("CANCELLED", ""):gsub("^[%s,%-]+", ""):gsub("[%s,%-]+$", ""))
    m.body = before ~= "" and before or (rest ~= "" and rest or nil)
  end
  return m
end

local function interpret_blocks(number, title, blocks, data, rules)
  if #blocks == 0 then return { decisions = {}, actions = {}, attendance = {}, reviews = {} } end
  local all = { { kind = "item", number = number, text = title, span = { 1, 0 }, line = 0 } }
  for _, b in ipairs(blocks) do all[#all + 1] = b end
  local m = interpret.meeting(all, { rules = rules, data = data })
  -- reviews: what the minutes say of earlier actions, for the linker
  local out = { decisions = {}, actions = {}, attendance = m.attendance or {}, reviews = m.reviews or {} }
  for _, it in ipairs(m.items or {}) do
    for _, d in ipairs(it.decisions or {}) do d.span = nil; out.decisions[#out.decisions + 1] = d end
    for _, a in ipairs(it.actions or {}) do a.span = nil; out.actions[#out.actions + 1] = a end
  end
  for _, a in ipairs(m.actions or {}) do a.span = nil; out.actions[#out.actions + 1] = a end
  for _, r in ipairs(out.reviews) do r.span = nil end
  return out
end

-- Blocks of the mgWordPara divs that follow a "Minutes:" / "Decision:" label.
local function sections(td)
  local out, current = { agenda = {} }, "agenda"
  local function walk(n)
    for _, c in ipairs(n) do
      if type(c) == "table" then
        if has_class(c, "mgSubItemTitleTxt") then
          local l = text_of(c):lower()
          current = l:find("^minute") and "minutes" or l:find("^decision") and "decision" or "other"
          out[current] = out[current] or {}
        elseif has_class(c, "mgWordPara") then
          local list = out[current] or {}
          out[current] = list
          list[#list + 1] = c
        elseif not noise(c) and not has_class(c, "mgAiTitleTxt") then
          walk(c)
        end
      end
    end
  end
  walk(td)
  return out
end

local function blocks_of(nodes)
  local all, data = {}, {}
  local shift = 0
  for _, n in ipairs(nodes or {}) do
    local b, d = html.blocks(n, noise)
    for _, x in ipairs(b) do
      x.span = { x.span[1] + shift, x.span[2] + shift }
      all[#all + 1] = x
    end
    data[#data + 1] = d
    shift = shift + #d + 2
  end
  return all, table.concat(data, "\n\n")
end

local function read_agenda(root, sink, opts)
  local sub = find(root, by_class("mgSubTitleTxt"))
  local m = read_subtitle(sub and text_of(sub) or "")
  if not m.date then error("agenda page: no meeting date in its title", 0) end
  m.title = m.body
  m.venue = labelled(root, "venue")
  m.items, m.attendance = {}, {}
  local table_ = find(root, function(n) return n.name == "table" and (has_class(n, "mgItemTable") or (n.attrs and n.attrs.id == "mgItemTable")) end)
  for _, tr in ipairs(table_ and find_all(table_, by_name("tr")) or {}) do
    local num = find(tr, by_class("mgItemNumberCell"))
    local cells = find_all(tr, by_name("td"))
    local main = cells[#cells]
    local title_p = main and find(main, by_class("mgAiTitleTxt"))
    if num and title_p then
      local number = text_of(num):gsub("%.$", "")
      local title = text_of(title_p)
      local sec = sections(main)
      local mb, md = blocks_of(sec.minutes)
      local db, dd = blocks_of(sec.decision)
      local fm = interpret_blocks(number, title, mb, md, opts and opts.rules)
      local fd = interpret_blocks(number, title, db, dd, opts and opts.rules)
      local item = { number = number, title = title, decisions = {}, actions = {} }
      local seen = {}
      local function add(list, d)
        local k = (type(d) == "table" and d.text or d):lower():gsub("[%p%s]+", " ")
        if not seen[k] then seen[k] = true; list[#list + 1] = d end
      end
      for _, d in ipairs(#db > 0 and fd.decisions or fm.decisions) do add(item.decisions, d) end
      seen = {}
      for _, a in ipairs(fm.actions) do add(item.actions, a) end
      for _, a in ipairs(fd.actions) do add(item.actions, a) end
      if #mb > 0 then item.text = md end
      m.items[#m.items + 1] = item
      for _, list in ipairs { fm.reviews, fd.reviews } do
        for _, r in ipairs(list) do m.reviews = m.reviews or {}; m.reviews[#m.reviews + 1] = r end
      end
      if title:lower():find("^apolog") then
        for _, a in ipairs(fm.attendance) do
          m.attendance[#m.attendance + 1] = { name = a.name, status = a.status, role = a.role }
        end
      end
    end
  end
  sink:meeting(m)
end

local function read_attendance(root, sink)
  local sub = find(root, by_class("mgSubTitleTxt"))
  local m = read_subtitle(sub and text_of(sub) or "")
  if not m.date then error("attendance page: no meeting date in its title", 0) end
  m.title = m.body
  m.venue = labelled(root, "venue")
  m.attendance, m.items, m.attendance_other = {}, {}, {}
  local tbl = find(root, function(n) return n.name == "table" and has_class(n, "mgStatsTable") end)
  if not tbl then error("attendance page without its attendance table", 0) end
  local cols = {}
  for i, th in ipairs(find_all(tbl, by_name("th"))) do cols[text_of(th):lower()] = i end
  local ci_name, ci_role, ci_att = cols["attendee"] or 1, cols["role"] or 2, cols["attendance"] or 3
  for _, tr in ipairs(find_all(tbl, by_name("tr"))) do
    local tds = find_all(tr, by_name("td"))
    if #tds >= ci_att then
      local name = att.name(text_of(tds[ci_name]))
      local role = text_of(tds[ci_role])
      local phrase = text_of(tds[ci_att])
      local status, known = att.status(phrase)
      if name ~= "" then
        if status then
          m.attendance[#m.attendance + 1] = { name = name, status = status, role = role ~= "" and role or nil }
          if role:lower() == "chair" and status == "present" then m.chair = name end
        else
          m.attendance_other[#m.attendance_other + 1] = { name = name, attendance = phrase, role = role }
          if not known then
            sink:warn(("attendee '%s': attendance '%s' is not one Clerk knows; kept as written"):format(name, phrase))
          end
        end
      end
    end
  end
  if #m.attendance + #m.attendance_other == 0 then error("empty result: the attendance table lists nobody", 0) end
  if #m.attendance_other == 0 then m.attendance_other = nil end
  sink:meeting(m)
end

local function read_browse(root, sink)
  local sub = find(root, by_class("mgSubTitleTxt"))
  local body = sub and text_of(sub) or nil
  if body then sink:body { name = body } end
  local n = 0
  local li_status = {}
  for _, li in ipairs(find_all(root, by_name("li"))) do
    local link, after = nil, {}
    for _, c in ipairs(li) do
      if type(c) == "table" and has_class(c, "mgMeetingTableLnk") then link = c
      elseif link and type(c) == "string" then after[#after + 1] = c end
    end
    if link then
      local st = html.squash(table.concat(after)):gsub("^[%-%s]+", "")
      li_status[link] = st:upper():find("CANCELLED") and "cancelled" or nil   -- else a list of papers
    end
  end
  for _, a in ipairs(find_all(root, by_class("mgMeetingTableLnk"))) do
    local t = text_of(a)
    local date = when.long_date(t)
    if date then
      local href = a.attrs and a.attrs.href or ""
      -- what follows the link says what is published, or " - CANCELLED"
      local li_text = li_status[a]
      sink:listing { body = body, external_id = href:match("MId=(%d+)"), date = date,
        start = when.find_time(t), status = li_text }
      n = n + 1
    end
  end
  if n == 0 then error("empty result: the meetings page lists no meetings", 0) end
end

local function read_structure(root, sink)
  local n, seen = 0, {}
  for _, a in ipairs(find_all(root, by_name("a"))) do
    local href = a.attrs and a.attrs.href or ""
    local id = href:match("mgCommitteeDetails%.aspx%?ID=(%d+)")
    local name = text_of(a)
    if id and name ~= "" and not seen[id] then
      seen[id] = true
      sink:body { name = name, external_id = id }
      n = n + 1
    end
  end
  if n == 0 then error("empty result: the committee structure page lists no committees", 0) end
end

local function page_kind(root, modgov)
  local h1 = find(modgov, by_name("h1"))
  local t = h1 and text_of(h1):lower() or ""
  if t:find("^agenda") or t == "meeting" then return "agenda", t end
  if t:find("attendance") then return "attendance", t end
  if t:find("browse meetings") then return "browse", t end
  if t:find("committee structure") then return "structure", t end
  if t:find("committee details") then
    error("a committee details page (members and contacts, no meeting): nothing to import", 0)
  end
  if t:find("decision") or find(modgov, by_class("mgTabTable")) then
    error("a decision page or list (decisions outside a meeting's minutes): not imported", 0)
  end
  if find(modgov, by_class("mgSubTitleTxt")) and (t == "") then
    error("a decision page or list (decisions outside a meeting's minutes): not imported", 0)
  end
  return nil, t
end

local READ = { agenda = read_agenda, attendance = read_attendance, browse = read_browse,
  structure = read_structure }

local function import(input, sink, opts)
  local data = input.data or ""
  if not data:find("%S") then error("empty file: no page to read", 0) end
  local root, err = clerk.xml.html(data)
  if not root then error("unreadable HTML: " .. tostring(err), 0) end
  local modgov = find(root, function(n) return n.attrs and n.attrs.id == "modgov" end)
    or find(root, by_class("mgTabTable"))
  if not modgov then
    local title = find(root, by_name("title"))
    error(("not a ModernGov page: no <div id=\"modgov\">%s"):format(
      title and (" (title '" .. text_of(title):sub(1, 80) .. "')") or ""), 0)
  end
  local kind, heading = page_kind(root, modgov)
  if not kind then
    error(("a ModernGov page this importer does not read (heading '%s')"):format(heading), 0)
  end
  READ[kind](modgov, sink, opts)
end

return {
  api = 1,
  kind = "importer",
  name = "moderngov_html",
  description = "Pages saved from a ModernGov site: agenda and minutes, attendance, meeting and committee lists",
  extensions = { "html", "htm" },
  detect = detect,
  import = import,
}
