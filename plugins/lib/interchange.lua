-- interchange.lua -- builds the interchange format (../shared/eval/README.md)
-- from the store: the `export` report and the CLI's `export --json` share it.
-- A constant number of queries per meeting, joined and assembled here, so a
-- database of a thousand meetings does not cost a query per item or action.
local rows = require "rows"

local M = {}

-- Keys first in this order (the rest sorted) when interchange JSON is written,
-- so files read like the format's documentation. Shared by the json writer
-- and `clerk extract`.
M.KEY_ORDER = { "key", "source", "body", "name", "number", "ref", "title", "subtitle", "text", "date",
  "start", "end", "planned_start", "planned_end", "venue", "chair", "status", "said_status",
  "role", "organisation", "substitute_for", "owners", "due", "due_text", "presenter", "time",
  "restricted", "attendance", "items", "decisions", "actions", "updates", "reviews",
  "next_meeting", "meetings", "type", "level", "columns", "rows", "blocks",
  "kind", "value", "old_value", "note", "created_at" }

local SQL = {
  -- schema v4 fields and the file an interchange import read the meeting from
  meeting = [[
SELECT status, planned_start, planned_end, origin FROM meeting WHERE id = ?]],
  reviews = [[
SELECT ref, status, note, text FROM review WHERE meeting_id = ? ORDER BY position, id]],
  attendance = [[
SELECT name, status, role, organisation, substitute_for
FROM attendance WHERE meeting_id = ? ORDER BY id]],
  items = [[
SELECT id, number, title, text, presenter, time_slot, restricted
FROM item WHERE meeting_id = ? ORDER BY position, id]],
  decisions = [[
SELECT d.item_id, d.text
FROM decision d JOIN item i ON i.id = d.item_id
WHERE i.meeting_id = ? ORDER BY d.item_id, d.position, d.id]],
  actions = [[
SELECT a.id, a.item_id, a.text, a.due, a.due_text, a.status, a.said_status, a.ref
FROM action a LEFT JOIN item i ON i.id = a.item_id
WHERE a.meeting_id = ? ORDER BY i.position, a.position, a.id]],
  owners = [[
SELECT o.action_id, o.name
FROM action_owner o JOIN action a ON a.id = o.action_id
WHERE a.meeting_id = ? ORDER BY o.action_id, o.position]],
  updates = [[
SELECT u.action_id, u.kind, u.value, u.old_value, u.note, u.created_at
FROM action_update u JOIN action a ON a.id = u.action_id
WHERE a.meeting_id = ? ORDER BY u.action_id, u.id]],
}
M.SQL = SQL

-- The JSON null of the engine, so absent fields are written as null; nil
-- (key left out) when there is no encoder, as in stock-Lua tests.
local function null_value()
  return clerk and clerk.json and clerk.json.null
end

-- "minutes/2018/csp.txt" -> "csp.txt"
function M.basename(path)
  if path == nil then return nil end
  return (tostring(path):match("([^/\\]*)$"))
end

local function query(db, name, id)
  return rows.collect(db:query(SQL[name], id))
end

-- Fills nil fields of `t` listed in `keys` with null.
local function nullify(t, keys, null)
  if null == nil then return t end
  for _, k in ipairs(keys) do if t[k] == nil then t[k] = null end end
  return t
end

local MEETING_KEYS = { "source", "body", "organisation", "title", "date", "start",
                       "end", "venue", "chair", "next_meeting" }
local ATTENDEE_KEYS = { "name", "status", "role", "organisation", "substitute_for" }

-- Rows of `list` grouped by their `key` field.
local function group(list, key)
  local by = {}
  for _, r in ipairs(list) do
    local g = by[r[key]]
    if not g then g = {}; by[r[key]] = g end
    g[#g + 1] = r
  end
  return by
end

-- One meeting row of db:meetings{} with its records. Fields beyond the
-- format of ../shared/eval/README.md (plugins/README.md lists them) are
-- written only when known, so exports of plain minutes keep their shape.
function M.meeting(db, m)
  local null = null_value()
  local extra = query(db, "meeting", m.id)[1] or {}
  local out = {
    source = M.basename(extra.origin or m.source), body = m.body, organisation = m.organisation,
    title = m.title, date = m.date, start = m.start, ["end"] = m["end"],
    venue = m.venue, chair = m.chair, next_meeting = m.next_meeting,
    attendance = {}, items = {},
  }
  nullify(out, MEETING_KEYS, null)
  out.status, out.planned_start, out.planned_end = extra.status, extra.planned_start, extra.planned_end
  local reviews = {}
  for _, r in ipairs(query(db, "reviews", m.id)) do
    reviews[#reviews + 1] = nullify({ ref = r.ref, status = r.status, note = r.note, text = r.text },
                                    { "ref", "status" }, null)
  end
  if #reviews > 0 then out.reviews = reviews end

  for _, a in ipairs(query(db, "attendance", m.id)) do
    out.attendance[#out.attendance + 1] = nullify({ name = a.name, status = a.status,
      role = a.role, organisation = a.organisation, substitute_for = a.substitute_for },
      ATTENDEE_KEYS, null)
  end

  local items = {}
  for _, it in ipairs(query(db, "items", m.id)) do
    local item = nullify({ number = it.number, title = it.title, decisions = {}, actions = {} },
                         { "number", "title" }, null)
    -- optional fields: present only when known, as the importer accepts them
    item.text, item.presenter, item.time = it.text, it.presenter, it.time_slot
    if it.restricted ~= nil then item.restricted = it.restricted == 1 end
    items[it.id] = item
    out.items[#out.items + 1] = item
  end

  for _, d in ipairs(query(db, "decisions", m.id)) do
    local item = items[d.item_id]
    if item then item.decisions[#item.decisions + 1] = d.text end
  end

  local owners = {}
  for _, o in ipairs(query(db, "owners", m.id)) do
    local list = owners[o.action_id]
    if not list then list = {}; owners[o.action_id] = list end
    list[#list + 1] = o.name
  end

  local updates = group(query(db, "updates", m.id), "action_id")

  local meeting_actions = {}
  for _, a in ipairs(query(db, "actions", m.id)) do
    local action = nullify({ text = a.text, owners = owners[a.id] or {}, due = a.due,
                             status = a.status }, { "due", "status" }, null)
    action.due_text, action.ref = a.due_text, a.ref
    -- the minutes' own word, when later meetings or officers changed it
    if a.said_status and a.said_status ~= a.status then action.said_status = a.said_status end
    if updates[a.id] then
      action.updates = {}
      for i, u in ipairs(updates[a.id]) do
        action.updates[i] = { kind = u.kind, value = u.value, old_value = u.old_value,
                              note = u.note, created_at = u.created_at }
      end
    end
    local item = a.item_id ~= nil and items[a.item_id]
    if item then
      item.actions[#item.actions + 1] = action
    else
      meeting_actions[#meeting_actions + 1] = action
    end
  end
  if #meeting_actions > 0 then out.actions = meeting_actions end
  return out
end

-- Every meeting matching `filter` ({body, since, until}), in date order.
function M.export(db, filter)
  filter = filter or {}
  local meetings = {}
  for _, m in ipairs(rows.collect(db:meetings{ body = filter.body, since = filter.since,
                                               ["until"] = filter["until"] })) do
    meetings[#meetings + 1] = M.meeting(db, m)
  end
  return { meetings = meetings }
end

return M
