-- export.lua -- every meeting in the interchange format (document.data, which
-- the json writer writes as-is), plus a short summary per meeting so every
-- other writer has something to show.
local interchange = require "interchange"
local isodate = require "isodate"

local function count(list, status)
  local n = 0
  for _, x in ipairs(list or {}) do
    if status == nil or x.status == status then n = n + 1 end
  end
  return n
end

local function text(v)
  if type(v) == "string" then return v end
  return nil   -- nil or the JSON null
end

local function summary(m)
  local decisions, actions = 0, #(m.actions or {})
  for _, it in ipairs(m.items) do
    decisions = decisions + #it.decisions
    actions = actions + #it.actions
  end
  local attendance = tostring(#m.attendance)
  local apologies = count(m.attendance, "apologies")
  if apologies > 0 then attendance = attendance .. " (" .. apologies .. " apologies)" end
  local fields = {
    { "Body", text(m.body) }, { "Organisation", text(m.organisation) },
    { "Date", text(m.date) }, { "Start", text(m.start) }, { "End", text(m["end"]) },
    { "Venue", text(m.venue) }, { "Chair", text(m.chair) },
    { "Attendance", attendance }, { "Items", tostring(#m.items) },
    { "Decisions", tostring(decisions) }, { "Actions", tostring(actions) },
    { "Next meeting", text(m.next_meeting) }, { "Source", text(m.source) },
  }
  local table_rows = {}
  for _, f in ipairs(fields) do
    if f[2] then table_rows[#table_rows + 1] = { field = f[1], value = f[2] } end
  end
  return {
    type = "section", level = 2,
    title = (text(m.date) or "(no date)") .. " " .. (text(m.title) or text(m.body) or "(untitled meeting)"),
    blocks = { { type = "table", rows = table_rows,
                 columns = { { key = "field", title = "Field" }, { key = "value", title = "Value" } } } },
  }
end

local function build(db, opts)
  isodate.check_option(opts, "since")
  isodate.check_option(opts, "until")
  local data = interchange.export(db, { body = opts.body, since = opts.since, ["until"] = opts["until"] })
  local blocks = {}
  for i, m in ipairs(data.meetings) do blocks[i] = summary(m) end
  if #blocks == 0 then blocks[1] = { type = "paragraph", text = "No meetings match." } end
  local n = #data.meetings
  return {
    title = "Export",
    subtitle = string.format("%d meeting%s", n, n == 1 and "" or "s"),
    blocks = blocks,
    data = data,
  }
end

return {
  api = 1, kind = "report", name = "export",
  description = "Every meeting in the interchange format (use with the json writer)",
  options = {
    body = { help = "only meetings of this body" },
    since = { help = "only meetings on or after this date (YYYY-MM-DD)" },
    ["until"] = { help = "only meetings on or before this date (YYYY-MM-DD)" },
  },
  build = build,
}
