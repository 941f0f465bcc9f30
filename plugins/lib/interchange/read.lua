-- interchange/read.lua -- checks a decoded interchange document (one meeting,
-- or {"meetings": [...]}) and turns it into the records sink:meeting takes.
-- Errors name the JSON path, 1-based like the rest of Clerk's messages:
--   meetings[2].items[3].actions[1].status: expected one of open, ..., got "x"
local isodate = require "isodate"

local M = {}

M.ATTENDANCE = { "present", "apologies", "absent", "in_attendance", "substitute" }
M.ACTION = { "open", "done", "dropped", "superseded" }

-- Keys the format defines but the importer drops: spans would point into
-- some other file. (`source`, the file a meeting was read from, is kept as
-- the meeting's origin, so an export names it again.)
local DROPPED = { span = true, rule = true }

local Reader = {}
Reader.__index = Reader

function Reader:isnull(v)
  return v == nil or (self.null ~= nil and v == self.null)
end

function Reader:describe(v)
  if self:isnull(v) then return "null" end
  local t = type(v)
  if t == "string" then return (string.format("%q", v):gsub("\\\n", "\\n")) end
  if t == "table" then return self.is_array(v) and next(v) ~= nil and "an array" or "an object" end
  return tostring(v)
end

function Reader:fail(path, want, v)
  error(string.format("%s: expected %s, got %s", path, want, self:describe(v)), 0)
end

function M.is_array(t)
  if type(t) ~= "table" then return false end
  local n = 0
  for k in pairs(t) do
    if math.type(k) ~= "integer" or k < 1 then return false end
    n = n + 1
  end
  return n == #t
end

local function is_object(t)
  if type(t) ~= "table" then return false end
  for k in pairs(t) do if type(k) ~= "string" then return false end end
  return true
end

local function join(path, key)
  if path == "" then return key end
  return path .. "." .. key
end

-- Warns once per field name and place (indices dropped) about fields the
-- format does not define, so a typo such as "atendance" is not silent.
function Reader:object(v, path, known)
  if not is_object(v) then self:fail(path ~= "" and path or "document", "an object", v) end
  for k in pairs(v) do
    if not known[k] and not DROPPED[k] then
      local where = path:gsub("%[%d+%]", "[]") .. "." .. k
      if not self.warned[where] then
        self.warned[where] = true
        self.warn(string.format("%s: unknown field %q ignored", join(path, k), k))
      end
    end
  end
  return v
end

function Reader:string(v, path)
  if self:isnull(v) then return nil end
  if type(v) ~= "string" then self:fail(path, "a string or null", v) end
  return v
end

function Reader:required_string(v, path)
  if type(v) ~= "string" or v == "" then self:fail(path, "a non-empty string", v) end
  return v
end

function Reader:date(v, path)
  if self:isnull(v) then return nil end
  if not isodate.is_date(v) then self:fail(path, "a date YYYY-MM-DD or null", v) end
  return v
end

function Reader:time(v, path)
  if self:isnull(v) then return nil end
  if not isodate.is_time(v) then self:fail(path, "a time HH:MM or null", v) end
  return v
end

function Reader:one_of(v, path, allowed, optional)
  if optional and self:isnull(v) then return nil end
  for _, a in ipairs(allowed) do if v == a then return v end end
  self:fail(path, "one of " .. table.concat(allowed, ", "), v)
end

-- true, false, or nil for null/absent (boolean() folds false into nil).
function Reader:flag(v, path)
  if self:isnull(v) then return nil end
  if type(v) ~= "boolean" then self:fail(path, "true, false or null", v) end
  return v
end

function Reader:boolean(v, path)
  if self:isnull(v) then return nil end
  if type(v) ~= "boolean" then self:fail(path, "true, false or null", v) end
  return v or nil
end

-- Calls each(element, path) for an array (null is an empty array) and
-- returns the results as a new array.
function Reader:array(v, path, each)
  local out = {}
  if self:isnull(v) then return out end
  if not M.is_array(v) then self:fail(path, "an array", v) end
  for i, x in ipairs(v) do out[i] = each(self, x, string.format("%s[%d]", path, i)) end
  return out
end

local OWNER_KEYS = { name = true, group = true, ambiguous = true, candidates = true }

function Reader:owner(v, path)
  if type(v) == "string" then return self:required_string(v, path) end
  if type(v) ~= "table" or M.is_array(v) and next(v) ~= nil then
    self:fail(path, "a name or an object with \"name\"", v)
  end
  self:object(v, path, OWNER_KEYS)
  local o = { name = self:required_string(v.name, path .. ".name"),
              group = self:boolean(v.group, path .. ".group"),
              ambiguous = self:boolean(v.ambiguous, path .. ".ambiguous") }
  if not self:isnull(v.candidates) then
    o.candidates = self:array(v.candidates, path .. ".candidates", Reader.required_string)
  end
  return o
end

M.UPDATE = { "done", "reopen", "due", "reassign", "note" }
M.REVIEW = { "open", "done", "dropped" }

local UPDATE_KEYS = { kind = true, value = true, old_value = true, note = true, created_at = true }

-- An officer's update of an action (`clerk action done|reopen|due|reassign|note`).
function Reader:update(v, path)
  self:object(v, path, UPDATE_KEYS)
  return {
    kind = self:one_of(v.kind, path .. ".kind", M.UPDATE),
    value = self:string(v.value, path .. ".value"),
    old_value = self:string(v.old_value, path .. ".old_value"),
    note = self:string(v.note, path .. ".note"),
    created_at = self:string(v.created_at, path .. ".created_at"),
  }
end

-- A printed reference ("13", "HSP07"); a bare number is read as its digits.
function Reader:ref(v, path)
  if math.type(v) == "integer" then return string.format("%d", v) end
  return self:string(v, path)
end

local ACTION_KEYS = { text = true, owners = true, due = true, due_text = true, status = true,
                      ref = true, said_status = true, updates = true }

-- `status` is the action's current status; `said_status`, when given, what
-- its own minutes said. The store keeps the minutes' word and works the
-- current status out again from reviews, re-listings and updates.
function Reader:action(v, path)
  self:object(v, path, ACTION_KEYS)
  local status = self:one_of(v.status, path .. ".status", M.ACTION, true)
  local said = self:one_of(v.said_status, path .. ".said_status", M.ACTION, true)
  local a = {
    text = self:required_string(v.text, path .. ".text"),
    owners = self:array(v.owners, path .. ".owners", Reader.owner),
    due = self:date(v.due, path .. ".due"),
    due_text = self:string(v.due_text, path .. ".due_text"),
    status = said or status,
    ref = self:ref(v.ref, path .. ".ref"),
  }
  if not self:isnull(v.updates) then a.updates = self:array(v.updates, path .. ".updates", Reader.update) end
  return a
end

local REVIEW_KEYS = { ref = true, status = true, note = true, text = true }

-- A later meeting's word on an earlier action, by its reference or its text.
function Reader:review(v, path)
  self:object(v, path, REVIEW_KEYS)
  local r = {
    ref = self:ref(v.ref, path .. ".ref"),
    status = self:one_of(v.status, path .. ".status", M.REVIEW, true),
    note = self:string(v.note, path .. ".note"),
    text = self:string(v.text, path .. ".text"),
  }
  if not r.ref and not r.text then self:fail(path .. ".ref", "a reference (or a text)", v.ref) end
  return r
end

function Reader:decision(v, path)
  if type(v) == "string" then return v end
  if type(v) ~= "table" or M.is_array(v) and next(v) ~= nil then
    self:fail(path, "a string or an object with \"text\"", v)
  end
  self:object(v, path, { text = true })
  return self:required_string(v.text, path .. ".text")
end

local ITEM_KEYS = { number = true, title = true, text = true, presenter = true, time = true,
                    decisions = true, actions = true, restricted = true }

function Reader:item(v, path)
  self:object(v, path, ITEM_KEYS)
  local number = v.number
  if math.type(number) == "integer" then number = string.format("%d", number) end
  return {
    number = self:string(number, path .. ".number"),
    title = self:string(v.title, path .. ".title"),
    text = self:string(v.text, path .. ".text"),
    presenter = self:string(v.presenter, path .. ".presenter"),
    time = self:string(v.time, path .. ".time"),
    restricted = self:flag(v.restricted, path .. ".restricted"),
    decisions = self:array(v.decisions, path .. ".decisions", Reader.decision),
    actions = self:array(v.actions, path .. ".actions", Reader.action),
  }
end

local ATTENDEE_KEYS = { name = true, status = true, role = true, organisation = true,
                        substitute_for = true }

function Reader:attendee(v, path)
  self:object(v, path, ATTENDEE_KEYS)
  return {
    name = self:required_string(v.name, path .. ".name"),
    status = self:one_of(v.status, path .. ".status", M.ATTENDANCE),
    role = self:string(v.role, path .. ".role"),
    organisation = self:string(v.organisation, path .. ".organisation"),
    substitute_for = self:string(v.substitute_for, path .. ".substitute_for"),
  }
end

local MEETING_KEYS = { body = true, organisation = true, title = true, date = true,
  start = true, ["end"] = true, venue = true, chair = true, next_meeting = true,
  attendance = true, items = true, actions = true, status = true, source = true,
  planned_start = true, planned_end = true, reviews = true }

function Reader:meeting(v, path)
  self:object(v, path, MEETING_KEYS)
  local function at(k) return join(path, k) end
  local m = {
    body = self:string(v.body, at "body"),
    organisation = self:string(v.organisation, at "organisation"),
    title = self:string(v.title, at "title"),
    date = self:date(v.date, at "date"),
    start = self:time(v.start, at "start"),
    ["end"] = self:time(v["end"], at "end"),
    venue = self:string(v.venue, at "venue"),
    chair = self:string(v.chair, at "chair"),
    next_meeting = self:date(v.next_meeting, at "next_meeting"),
    status = self:string(v.status, at "status"),     -- "cancelled" (committee systems)
    planned_start = self:time(v.planned_start, at "planned_start"),
    planned_end = self:time(v.planned_end, at "planned_end"),
    origin = self:string(v.source, at "source"),
    attendance = self:array(v.attendance, at "attendance", Reader.attendee),
    items = self:array(v.items, at "items", Reader.item),
  }
  if not self:isnull(v.actions) then m.actions = self:array(v.actions, at "actions", Reader.action) end
  if not self:isnull(v.reviews) then m.reviews = self:array(v.reviews, at "reviews", Reader.review) end
  return m
end

-- The meetings of a decoded document, checked and with nulls as nil.
-- `null` is the decoder's null value; `warn(msg)` receives notes.
function M.read(doc, null, warn)
  local r = setmetatable({ null = null, warn = warn or function() end, warned = {},
                           is_array = M.is_array }, Reader)
  if type(doc) ~= "table" or (M.is_array(doc) and next(doc) ~= nil) then
    r:fail("document", "an object (one meeting, or {\"meetings\": [...]})", doc)
  end
  if doc.meetings ~= nil then
    r:object(doc, "", { meetings = true })
    return r:array(doc.meetings, "meetings", Reader.meeting)
  end
  return { r:meeting(doc, "") }
end

return M
