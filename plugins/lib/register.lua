-- register.lua -- what the register's reports share: the actions of a
-- meeting with their current status, owners and reviews, labels, and the
-- task form calendar writers read.
local M = {}

-- The actions agreed at one meeting, in agenda order, with current status.
M.MEETING_ACTIONS = [[
  SELECT a.id, a.ref, a.text, a.status, a.said_status, a.due, a.meeting_date, i.number AS item_number,
         i.title AS item_title,
         (SELECT group_concat(coalesce(p.name, o.name), ', ') FROM action_owner o
            LEFT JOIN person p ON p.id = o.person_id WHERE o.action_id = a.id) AS owners,
         (SELECT n.id FROM action n WHERE n.follows = a.id ORDER BY n.meeting_date LIMIT 1) AS relisted_as,
         (SELECT group_concat(coalesce(r.note, r.status), '; ') FROM review r WHERE r.action_id = a.id) AS notes
  FROM action a LEFT JOIN item i ON i.id = a.item_id
  WHERE a.meeting_id = ?1
  ORDER BY coalesce(i.position, 1e9), a.position, a.id]]

function M.is_overdue(a, today)
  return a.status == "open" and type(a.due) == "string" and a.due:match("^%d%d%d%d%-%d%d%-%d%d$") ~= nil
    and a.due < today
end

function M.status_label(a, today)
  local s = a.status or "open"
  if s == "superseded" and a.relisted_as then s = "carried over (#" .. a.relisted_as .. ")" end
  if M.is_overdue(a, today) then s = s .. " (overdue)" end
  return s
end

function M.todo(a, where)
  return { uid = "action-" .. tostring(a.id) .. "@clerk", summary = a.text, due = a.due,
    status = a.status, owner = a.owners, description = where }
end

function M.item_label(a)
  if a.item_number and a.item_title then return a.item_number .. " " .. a.item_title end
  return a.item_number or a.item_title
end

-- The latest meeting of a body (by name, case-insensitive), or of any body;
-- through the (body, date) index, so it costs the same in any database.
function M.last_meeting(db, body, before)
  local best
  local function consider(sql, ...)
    for m in db:query(sql, ...) do
      if not best or (m.date or "") > (best.date or "") then best = m end
    end
  end
  local COLS = [[SELECT m.id, m.date, m.title, m.next_meeting, b.name AS body, b.id AS body_id
    FROM meeting m LEFT JOIN body b ON b.id = m.body_id ]]
  if body then
    for b in db:query("SELECT id FROM body WHERE name = ?1 COLLATE NOCASE", body) do
      consider(COLS .. [[WHERE m.body_id = ?1 AND (?2 IS NULL OR m.date < ?2)
        ORDER BY m.date DESC, m.id DESC LIMIT 1]], b.id, before)
    end
  elseif before then
    consider(COLS .. "WHERE m.date < ?1 ORDER BY m.date DESC, m.id DESC LIMIT 1", before)
  else
    consider(COLS .. "ORDER BY m.date DESC, m.id DESC LIMIT 1")
  end
  return best
end

function M.one(db, sql, ...)
  for r in db:query(sql, ...) do return r end
  return nil
end

return M
