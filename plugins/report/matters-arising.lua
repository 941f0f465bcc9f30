-- matters-arising.lua -- the paper for the next meeting of a body: every
-- action from its last meeting with its status now, then the actions of
-- earlier meetings still open. Goes on the agenda as "Matters arising".
local reg = require "register"
local isodate = require "isodate"

local COLUMNS = { { key = "ref", title = "Ref" }, { key = "item", title = "Item" },
  { key = "text", title = "Action" }, { key = "owners", title = "Owner" },
  { key = "due", title = "Due" }, { key = "status", title = "Status" }, { key = "notes", title = "Notes" } }

local function row(a, today, where)
  local status = reg.status_label(a, today)
  return { ref = a.ref or ("#" .. a.id), item = reg.item_label(a), text = a.text, owners = a.owners,
    due = a.due, status = status, notes = a.notes,
    line = string.format("%s  %s%s [%s]%s", a.ref or ("#" .. a.id), a.text or "",
      a.owners and (" (" .. a.owners .. ")") or "", status, a.due and (" due " .. a.due) or ""),
    todo = reg.todo(a, where) }
end

local function build(db, opts)
  isodate.check_option(opts, "before")
  local today = isodate.check_option(opts, "today") or os.date("%Y-%m-%d")
  local m = reg.last_meeting(db, opts.body, opts.before)
  if not m then
    error(opts.body and ("no meeting of '" .. opts.body .. "' in the database") or "no meetings in the database", 0)
  end
  local where = (m.date or "?") .. " " .. (m.body or m.title or "")
  local rows, counts = {}, { open = 0, done = 0 }
  for a in db:query(reg.MEETING_ACTIONS, m.id) do
    rows[#rows + 1] = row(a, today, where)
    counts[a.status] = (counts[a.status] or 0) + 1
  end
  local blocks = {
    { type = "paragraph", text = string.format("Actions from the meeting of %s held on %s, with their status on %s.",
      m.body or "the body", m.date or "(no date)", today) },
  }
  if #rows > 0 then
    blocks[#blocks + 1] = { type = "table", columns = COLUMNS, rows = rows, compact = "line" }
  else
    blocks[#blocks + 1] = { type = "paragraph", text = "That meeting recorded no actions." }
  end
  -- still open from before: the same body's earlier meetings
  local older = {}
  for a in db:query([[SELECT a.id FROM action a WHERE a.status = 'open' AND a.body_id IS ?1
      AND a.meeting_date < ?2 ORDER BY a.meeting_date, a.id LIMIT 500]], m.body_id, m.date or "") do
    older[#older + 1] = a.id
  end
  if #older > 0 then
    local orows = {}
    for _, id in ipairs(older) do
      local a = reg.one(db, [[SELECT a.id, a.ref, a.text, a.status, a.due, a.meeting_date, i.number AS item_number,
          (SELECT group_concat(coalesce(p.name, o.name), ', ') FROM action_owner o
            LEFT JOIN person p ON p.id = o.person_id WHERE o.action_id = a.id) AS owners,
          (SELECT group_concat(coalesce(r.note, r.status), '; ') FROM review r WHERE r.action_id = a.id) AS notes
          FROM action a LEFT JOIN item i ON i.id = a.item_id WHERE a.id = ?1]], id)
      local r = row(a, today, a.meeting_date)
      r.item = a.meeting_date
      orows[#orows + 1] = r
    end
    local cols = { table.unpack(COLUMNS) }
    cols[2] = { key = "item", title = "Meeting" }
    blocks[#blocks + 1] = { type = "section", level = 2, title = "Still open from earlier meetings",
      blocks = { { type = "table", columns = cols, rows = orows, compact = "line" } } }
  end
  return {
    title = "Matters arising: " .. (m.body or "meeting"),
    subtitle = string.format("from %s: %d actions, %d open, %d done; %d older still open",
      m.date or "?", #rows, counts.open or 0, counts.done or 0, #older),
    meta = { generated = today, next_meeting = m.next_meeting },
    blocks = blocks,
  }
end

return {
  api = 1, kind = "report", name = "matters-arising",
  description = "Every action of a body's last meeting with its status now, for the next agenda",
  options = {
    body = { help = "the body (committee or partnership); default: the latest meeting's" },
    before = { help = "the last meeting before this date (YYYY-MM-DD), not the latest" },
    today = { help = "the date overdue is measured against (YYYY-MM-DD)" },
  },
  build = build,
}
