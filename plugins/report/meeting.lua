-- meeting.lua -- one meeting's record: who attended and how, each item with
-- its decisions and actions (status now), and what the meeting said about
-- earlier actions.
local reg = require "register"
local isodate = require "isodate"

local STATUS_WORD = { present = "Present", apologies = "Apologies", absent = "Absent",
  in_attendance = "In attendance", substitute = "Substitute" }

local function find_meeting(db, opts)
  if opts.id then
    local id = math.tointeger(tonumber(opts.id))
    if not id then error("option id: expected a meeting number, got " .. opts.id, 0) end
    return reg.one(db, [[SELECT m.*, b.name AS body FROM meeting m LEFT JOIN body b ON b.id = m.body_id
      WHERE m.id = ?1]], id)
  end
  isodate.check_option(opts, "date")
  return reg.one(db, [[SELECT m.*, b.name AS body FROM meeting m LEFT JOIN body b ON b.id = m.body_id
    WHERE (?1 IS NULL OR m.date = ?1) AND (?2 IS NULL OR b.name = ?2 COLLATE NOCASE)
    ORDER BY m.date DESC, m.id DESC LIMIT 1]], opts.date, opts.body)
end

local function build(db, opts)
  local today = isodate.check_option(opts, "today") or os.date("%Y-%m-%d")
  local m = find_meeting(db, opts)
  if not m then error("no such meeting", 0) end
  local blocks = {}
  local details = {}
  for _, f in ipairs({ { "Date", m.date }, { "Time", m.start and (m.start .. (m.end_time and ("-" .. m.end_time) or "")) },
      { "Venue", m.venue }, { "Chair", m.chair }, { "Next meeting", m.next_meeting } }) do
    if f[2] then details[#details + 1] = { field = f[1], value = f[2] } end
  end
  blocks[#blocks + 1] = { type = "table", columns = { { key = "field", title = "" }, { key = "value", title = "" } },
    rows = details }

  local att = {}
  for a in db:query([[SELECT a.name, a.status, a.role, a.organisation, a.substitute_for FROM attendance a
      WHERE a.meeting_id = ?1 ORDER BY CASE a.status WHEN 'present' THEN 0 WHEN 'substitute' THEN 1
      WHEN 'in_attendance' THEN 2 WHEN 'apologies' THEN 3 ELSE 4 END, a.id]], m.id) do
    local how = STATUS_WORD[a.status] or a.status
    if a.substitute_for then how = how .. " (for " .. a.substitute_for .. ")" end
    att[#att + 1] = { name = a.name, how = how, org = a.organisation or a.role,
      line = a.name .. ": " .. how .. ((a.organisation or a.role) and (", " .. (a.organisation or a.role)) or "") }
  end
  blocks[#blocks + 1] = { type = "section", level = 2, title = "Attendance", blocks = {
    #att > 0 and { type = "table", compact = "line", rows = att, columns = {
      { key = "name", title = "Name" }, { key = "how", title = "Attendance" }, { key = "org", title = "Organisation / role" } } }
      or { type = "paragraph", text = "No attendance recorded." } } }

  -- actions by item
  local by_item = {}
  for a in db:query(reg.MEETING_ACTIONS, m.id) do
    local k = a.item_number or a.item_title or ""
    by_item[k] = by_item[k] or {}
    table.insert(by_item[k], a)
  end
  local items = {}
  for it in db:query("SELECT id, number, title FROM item WHERE meeting_id = ?1 ORDER BY position", m.id) do
    items[#items + 1] = it
  end
  local where = (m.date or "?") .. " " .. (m.body or m.title or "")
  local function action_rows(list)
    local rows = {}
    for _, a in ipairs(list or {}) do
      local st = reg.status_label(a, today)
      rows[#rows + 1] = { id = "#" .. a.id, ref = a.ref, text = a.text, owners = a.owners, due = a.due, status = st,
        line = string.format("#%d %s%s [%s]", a.id, a.text or "", a.owners and (" (" .. a.owners .. ")") or "", st),
        todo = reg.todo(a, where) }
    end
    return rows
  end
  local ACOLS = { { key = "id", title = "#" }, { key = "ref", title = "Ref" }, { key = "text", title = "Action" },
    { key = "owners", title = "Owner" }, { key = "due", title = "Due" }, { key = "status", title = "Status now" } }
  local ib = {}
  for _, it in ipairs(items) do
    local sub = {}
    local decisions = {}
    for d in db:query("SELECT text FROM decision WHERE item_id = ?1 ORDER BY position", it.id) do
      decisions[#decisions + 1] = d.text
    end
    if #decisions > 0 then sub[#sub + 1] = { type = "paragraph", text = "Decisions:" } end
    if #decisions > 0 then sub[#sub + 1] = { type = "list", items = decisions } end
    local acts = by_item[it.number or it.title or ""]
    if acts then
      sub[#sub + 1] = { type = "table", compact = "line", columns = ACOLS, rows = action_rows(acts) }
      by_item[it.number or it.title or ""] = nil
    end
    if #sub == 0 then sub[1] = { type = "paragraph", text = "No decisions or actions recorded." } end
    ib[#ib + 1] = { type = "section", level = 3,
      title = ((it.number and (it.number .. ". ")) or "") .. (it.title or "(untitled item)"), blocks = sub }
  end
  if by_item[""] then
    ib[#ib + 1] = { type = "section", level = 3, title = "Other actions", blocks = {
      { type = "table", compact = "line", columns = ACOLS, rows = action_rows(by_item[""]) } } }
  end
  blocks[#blocks + 1] = { type = "section", level = 2, title = "Items", blocks = ib }

  local rv = {}
  for r in db:query([[SELECT r.ref, r.status, r.note, r.text, r.action_id, a.text AS action_text
      FROM review r LEFT JOIN action a ON a.id = r.action_id WHERE r.meeting_id = ?1 ORDER BY r.id]], m.id) do
    rv[#rv + 1] = { ref = r.ref, said = r.note or r.status, action = r.action_id and ("#" .. r.action_id .. " " .. (r.action_text or ""))
      or "(no earlier action found)", words = r.text,
      line = string.format("%s: %s -> %s", r.ref or "(by text)", r.note or r.status or "",
        r.action_id and ("#" .. r.action_id) or "not linked") }
  end
  if #rv > 0 then
    blocks[#blocks + 1] = { type = "section", level = 2, title = "Earlier actions reviewed", blocks = {
      { type = "table", compact = "line", rows = rv, columns = { { key = "ref", title = "Ref" },
        { key = "said", title = "Said" }, { key = "action", title = "Action" }, { key = "words", title = "Words" } } } } }
  end
  return {
    title = (m.body or m.title or "Meeting") .. ", " .. (m.date or "(no date)"),
    subtitle = m.title,
    meta = { generated = today, meeting = tostring(m.id) },
    blocks = blocks,
  }
end

return {
  api = 1, kind = "report", name = "meeting",
  description = "One meeting's record: attendance, items, decisions, actions and reviews",
  options = {
    id = { help = "the meeting's number" },
    date = { help = "the meeting on this date (YYYY-MM-DD)" },
    body = { help = "the body (with date, or alone for its latest meeting)" },
    today = { help = "the date overdue is measured against (YYYY-MM-DD)" },
  },
  build = build,
}
