-- actions.lua -- the report officers ask for most: actions (open by default)
-- grouped by owner, or by meeting, each with where it was agreed and when due.
local rows = require "rows"
local isodate = require "isodate"

local NO_OWNER = "(no owner)"
local STATUSES = { open = true, done = true, dropped = true, superseded = true, all = true }

local function plural(n, one, many)
  return string.format("%d %s", n, n == 1 and one or (many or one .. "s"))
end

-- Lower case, punctuation as spaces, spaces folded: "Cllr. Jade" ~ "cllr jade".
local function norm(s)
  return " " .. s:lower():gsub("[%p%s]+", " "):gsub("^ ", ""):gsub(" $", "") .. " "
end

-- The owners an action is listed under. With an owner filter, only the
-- owners whose name holds the filter's words, so a shared action is not
-- shown under its co-owners; when none does (the engine matched an alias),
-- all of them.
local function groups_of(a, filter)
  local owners = a.owners or {}
  if #owners == 0 then return { NO_OWNER } end
  if filter then
    local want, picked = norm(filter), {}
    for _, name in ipairs(owners) do
      if norm(name):find(want, 1, true) then picked[#picked + 1] = name end
    end
    if #picked > 0 then return picked end
  end
  return owners
end

local function meeting_label(a)
  return (a.meeting_date or "(no date)") .. " " .. (a.meeting_title or a.body or "(untitled meeting)")
end

local function item_label(a)
  if a.item_number and a.item_title then return a.item_number .. " " .. a.item_title end
  return a.item_number or a.item_title
end

local function is_overdue(a, today)
  return a.status == "open" and isodate.is_date(a.due) and a.due < today
end

-- The row of one action; `line` is its one-line form for narrow writers.
local function action_row(a, today, by_meeting)
  local overdue = is_overdue(a, today)
  local due = a.due and (a.due .. (overdue and " (overdue)" or ""))
  local owners = table.concat(a.owners or {}, ", ")
  local where
  if by_meeting then
    where = a.item_number and ("item " .. a.item_number) or "meeting"
    if owners ~= "" then where = where .. " [" .. owners .. "]" end
  else
    where = meeting_label(a) .. (a.item_number and (", item " .. a.item_number) or "")
  end
  local line = string.format("#%s  %s: %s", tostring(a.id), where, a.text or "")
  if a.due then line = line .. " (due " .. a.due .. (overdue and ", overdue" or "") .. ")" end
  if a.status ~= "open" then line = line .. " [" .. tostring(a.status) .. "]" end
  return {
    id = tostring(a.id), meeting = meeting_label(a), item = item_label(a),
    text = a.text, owners = owners ~= "" and owners or nil, due = due,
    status = a.status, line = line,
    -- for calendar writers (ics): the action as a task
    todo = { uid = "action-" .. tostring(a.id) .. "@clerk", summary = a.text, due = a.due,
      status = a.status, owner = owners ~= "" and owners or nil,
      description = meeting_label(a) .. (a.item_number and (", item " .. a.item_number) or "") },
  }, overdue
end

local function by_date_then_id(x, y)
  local dx, dy = x.meeting_date or "9999", y.meeting_date or "9999"
  if dx ~= dy then return dx < dy end
  return (tonumber(x.id) or 0) < (tonumber(y.id) or 0)
end

local function owner_order(x, y)
  if x == NO_OWNER or y == NO_OWNER then return y == NO_OWNER and x ~= NO_OWNER end
  local lx, ly = x:lower(), y:lower()
  if lx ~= ly then return lx < ly end
  return x < y
end

local function columns(by_meeting, show_status)
  local cols = { { key = "id", title = "#" } }
  if by_meeting then
    cols[#cols + 1] = { key = "item", title = "Item" }
    cols[#cols + 1] = { key = "text", title = "Action" }
    cols[#cols + 1] = { key = "owners", title = "Owners" }
  else
    cols[#cols + 1] = { key = "meeting", title = "Meeting" }
    cols[#cols + 1] = { key = "item", title = "Item" }
    cols[#cols + 1] = { key = "text", title = "Action" }
  end
  cols[#cols + 1] = { key = "due", title = "Due" }
  if show_status then cols[#cols + 1] = { key = "status", title = "Status" } end
  return cols
end

local function build(db, opts)
  local status = opts.status or "open"
  if not STATUSES[status] then
    error("option status: expected one of open, done, dropped, superseded, all, got \"" .. status .. "\"", 0)
  end
  local group = opts.group or "owner"
  if group ~= "owner" and group ~= "meeting" then
    error("option group: expected owner or meeting, got \"" .. group .. "\"", 0)
  end
  isodate.check_option(opts, "since")
  local today = isodate.check_option(opts, "today") or os.date("%Y-%m-%d")
  local by_meeting = group == "meeting"

  local list = rows.collect(db:actions{
    status = status ~= "all" and status or nil,
    owner = opts.owner, body = opts.body, since = opts.since,
  })
  table.sort(list, by_date_then_id)

  -- group name -> actions, keeping the first-seen label of each group
  local groups, names, no_owner, overdue = {}, {}, 0, 0
  for _, a in ipairs(list) do
    local keys
    if by_meeting then
      keys = { tostring(a.meeting_id) }
    else
      keys = groups_of(a, opts.owner)
      if keys[1] == NO_OWNER then no_owner = no_owner + 1 end
    end
    if is_overdue(a, today) then overdue = overdue + 1 end
    for _, k in ipairs(keys) do
      if not groups[k] then
        groups[k] = {}
        names[#names + 1] = k
      end
      table.insert(groups[k], a)
    end
  end
  if not by_meeting then table.sort(names, owner_order) end

  local cols = columns(by_meeting, status == "all")
  local blocks = {}
  for _, k in ipairs(names) do
    local table_rows = {}
    for i, a in ipairs(groups[k]) do table_rows[i] = action_row(a, today, by_meeting) end
    local title = by_meeting and meeting_label(groups[k][1]) or k
    blocks[#blocks + 1] = { type = "section", level = 2, title = title, blocks = {
      { type = "table", columns = cols, rows = table_rows, compact = "line" } } }
  end

  local word = status == "all" and "" or (status .. " ")
  local counts = { plural(#list, word .. "action") }
  if by_meeting then
    table.insert(counts, 1, plural(#names, "meeting"))
  else
    table.insert(counts, 1, plural(#names - (groups[NO_OWNER] and 1 or 0), "owner"))
    if no_owner > 0 then counts[#counts + 1] = no_owner .. " without an owner" end
  end
  if overdue > 0 then counts[#counts + 1] = overdue .. " overdue" end
  if #list == 0 then
    blocks[1] = { type = "paragraph", text = "No " .. word .. "actions match." }
  end

  local title = status == "all" and "Actions" or (status:sub(1, 1):upper() .. status:sub(2) .. " actions")
  return {
    title = title,
    subtitle = table.concat(counts, ", "),
    meta = { generated = today },
    blocks = blocks,
  }
end

return {
  api = 1, kind = "report", name = "actions",
  description = "Open actions grouped by owner (or by meeting), with source and due date",
  options = {
    owner = { help = "only actions of this person (name or alias)" },
    body = { help = "only meetings of this body (committee or partnership)" },
    since = { help = "only meetings on or after this date (YYYY-MM-DD)" },
    status = { help = "open (default), done, dropped, superseded, or all" },
    group = { help = "owner (default) or meeting" },
    today = { help = "the date overdue is measured against (YYYY-MM-DD; default today)" },
  },
  build = build,
}
