-- attendance.lua -- the attendance register of a body: people by meetings
-- with present / apologies / substitute / absent marks, each person's
-- attendance rate, and attendance by organisation (partnerships must show
-- whether each statutory agency was represented).
local reg = require "register"
local isodate = require "isodate"

-- P present, A apologies, S sent a substitute, s attended as a substitute,
-- I in attendance (officer, not a member), - not recorded (absent).
local MARK = { present = "P", apologies = "A", absent = "X", in_attendance = "I" }
local LEGEND = "P present, A apologies, S represented by a substitute, s attended as a substitute, " ..
  "I in attendance, X absent (recorded), - not recorded"

local function pct(n, d)
  if d == 0 then return "" end
  return string.format("%d%%", math.floor(100 * n / d + 0.5))
end

local function build(db, opts)
  isodate.check_option(opts, "since")
  isodate.check_option(opts, "until")
  local last = tonumber(opts.last or "12")
  if not last or last < 1 then error("option last: expected a number of meetings, got " .. tostring(opts.last), 0) end
  local body = opts.body
  if not body then
    local m = reg.last_meeting(db, nil, nil)
    if not m then error("no meetings in the database", 0) end
    body = m.body
  end
  -- the body's meetings in range, newest `last`, shown oldest first
  local meetings = {}
  for b in db:query("SELECT id FROM body WHERE name = ?1 COLLATE NOCASE", body) do
    -- the (body, date) index: as fast in a database of 100,000 meetings as of 10
    for m in db:query([[SELECT m.id, m.date FROM meeting m WHERE m.body_id = ?1
        AND m.date >= coalesce(?2, '') AND m.date <= coalesce(?3, '9999')
        ORDER BY m.date DESC, m.id DESC LIMIT ?4]], b.id, opts.since, opts["until"], math.tointeger(last)) do
      meetings[#meetings + 1] = m
    end
  end
  table.sort(meetings, function(x, y) return (x.date or "") > (y.date or "") end)
  while #meetings > last do meetings[#meetings] = nil end
  for i = 1, #meetings // 2 do meetings[i], meetings[#meetings + 1 - i] = meetings[#meetings + 1 - i], meetings[i] end
  if #meetings == 0 then error("no meetings of '" .. tostring(body) .. "' in that range", 0) end

  local people, order, orgs, org_order = {}, {}, {}, {}
  local function person(key, name)
    if not people[key] then
      people[key] = { name = name, marks = {}, attended = 0, expected = 0, org = nil }
      order[#order + 1] = key
    end
    return people[key]
  end
  for mi, m in ipairs(meetings) do
    local rows = {}
    for a in db:query([[SELECT a.name, a.status, a.role, a.organisation, a.substitute_for, a.person_id,
        coalesce(p.name, a.name) AS pname FROM attendance a LEFT JOIN person p ON p.id = a.person_id
        WHERE a.meeting_id = ?1 ORDER BY a.id]], m.id) do
      rows[#rows + 1] = a
    end
    local org_here = {}
    for _, a in ipairs(rows) do
      local p = person(a.person_id and ("#" .. a.person_id) or a.name:lower(), a.pname)
      local org = a.organisation or a.role
      if org and org ~= "Chair" then p.org = p.org or org end
      if a.substitute_for then
        p.marks[mi] = "s"
      elseif p.marks[mi] ~= "S" then
        p.marks[mi] = MARK[a.status] or "P"
      end
      if org and org ~= "Chair" and (a.status == "present" or a.substitute_for) then org_here[org] = true end
      if org and org ~= "Chair" and not orgs[org] then
        orgs[org] = { seen = {} }
        org_order[#org_order + 1] = org
      end
    end
    -- the member a substitute stood in for: S, counted as represented,
    -- whatever else (apologies) the minutes say of them
    for _, a in ipairs(rows) do
      if a.substitute_for then
        local key
        for k, q in pairs(people) do if q.name == a.substitute_for then key = k end end
        person(key or a.substitute_for:lower(), a.substitute_for).marks[mi] = "S"
      end
    end
    for org in pairs(org_here) do orgs[org].seen[mi] = true end
  end

  -- rates: of the meetings since a person first appears, those attended in
  -- person or by substitute
  local cols = { { key = "name", title = "Name" }, { key = "org", title = "Organisation" } }
  for mi, m in ipairs(meetings) do cols[#cols + 1] = { key = "m" .. mi, title = m.date or ("#" .. m.id) } end
  cols[#cols + 1] = { key = "rate", title = "Attendance" }
  local rows = {}
  table.sort(order, function(x, y) return people[x].name:lower() < people[y].name:lower() end)
  for _, key in ipairs(order) do
    local p = people[key]
    local first
    for mi = 1, #meetings do
      local mk = p.marks[mi]
      if mk and mk ~= "s" and mk ~= "I" then first = first or mi end
    end
    local attended, expected = 0, 0
    local r = { name = p.name, org = p.org }
    local marks = {}
    for mi = 1, #meetings do
      local mk = p.marks[mi] or "-"
      r["m" .. mi] = mk
      marks[#marks + 1] = mk
      if first and mi >= first and mk ~= "s" and mk ~= "I" then
        expected = expected + 1
        if mk == "P" or mk == "S" then attended = attended + 1 end
      end
    end
    -- someone seen only as a substitute or officer has no rate of their own
    r.rate = expected > 0 and (pct(attended, expected) .. " (" .. attended .. "/" .. expected .. ")") or nil
    r.line = string.format("%s  %s  %s", table.concat(marks, " "), p.name, r.rate or "")
    rows[#rows + 1] = r
  end

  local orows = {}
  table.sort(org_order, function(x, y) return x:lower() < y:lower() end)
  for _, org in ipairs(org_order) do
    local n, marks = 0, {}
    for mi = 1, #meetings do
      if orgs[org].seen[mi] then n = n + 1; marks[#marks + 1] = "Y" else marks[#marks + 1] = "-" end
    end
    local r = { org = org, rate = pct(n, #meetings) .. " (" .. n .. "/" .. #meetings .. ")",
      line = table.concat(marks, " ") .. "  " .. org .. " " .. pct(n, #meetings) }
    for mi = 1, #meetings do r["m" .. mi] = marks[mi] end
    orows[#orows + 1] = r
  end
  local ocols = { { key = "org", title = "Organisation" } }
  for mi, m in ipairs(meetings) do ocols[#ocols + 1] = { key = "m" .. mi, title = m.date or ("#" .. m.id) } end
  ocols[#ocols + 1] = { key = "rate", title = "Represented" }

  return {
    title = "Attendance: " .. body,
    subtitle = string.format("%d meetings, %d people, %d organisations", #meetings, #rows, #orows),
    meta = { generated = os.date("%Y-%m-%d") },
    blocks = {
      { type = "paragraph", text = LEGEND },
      { type = "section", level = 2, title = "People", blocks = {
        { type = "table", columns = cols, rows = rows, compact = "line" } } },
      { type = "section", level = 2, title = "Organisations", blocks = {
        { type = "table", columns = ocols, rows = orows, compact = "line" } } },
    },
  }
end

return {
  api = 1, kind = "report", name = "attendance",
  description = "Attendance register of a body: people by meetings, rates, organisations represented",
  options = {
    body = { help = "the body; default: the latest meeting's" },
    since = { help = "meetings on or after this date (YYYY-MM-DD)" },
    ["until"] = { help = "meetings on or before this date (YYYY-MM-DD)" },
    last = { help = "at most this many meetings, the latest (default 12)" },
  },
  build = build,
}
