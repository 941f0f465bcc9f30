-- report-overdue-90-days.lua -- a worked example of a custom report
-- (clerk report --script scripts/report-overdue-90-days.lua [--days N]):
-- open actions more than 90 days past their due date, oldest first, as
-- tasks too (so --format ics puts them in a calendar). Sandboxed.
local function days_between(a, b)
  local function t(d)
    local y, m, dd = d:match("^(%d+)%-(%d+)%-(%d+)$")
    return os.time({ year = tonumber(y), month = tonumber(m), day = tonumber(dd), hour = 12 })
  end
  return math.floor((t(b) - t(a)) / 86400 + 0.5)
end

return {
  options = { days = { help = "how many days overdue (default 90)" }, today = { help = "YYYY-MM-DD" } },
  build = function(db, opts)
    local today = opts.today or os.date("%Y-%m-%d")
    local days = tonumber(opts.days or "90") or error("option days: expected a number", 0)
    local rows = {}
    -- the index on (status, meeting_date) keeps this to the open actions
    for a in db:query([[SELECT a.id, a.text, a.due, a.meeting_date, b.name AS body,
        (SELECT group_concat(name, ', ') FROM action_owner WHERE action_id = a.id) AS owners
        FROM action a LEFT JOIN body b ON b.id = a.body_id
        WHERE a.status = 'open' AND a.due IS NOT NULL AND a.due < ?1 ORDER BY a.due, a.id]], today) do
      if a.due:match("^%d%d%d%d%-%d%d%-%d%d$") then
        local late = days_between(a.due, today)
        if late > days then
          rows[#rows + 1] = { id = "#" .. a.id, text = a.text, owners = a.owners, due = a.due,
            late = tostring(late), body = a.body,
            line = string.format("#%d %s (%s) due %s, %d days overdue", a.id, a.text, a.owners or "no owner", a.due, late),
            todo = { uid = "action-" .. a.id .. "@clerk", summary = a.text, due = a.due, status = "open",
              owner = a.owners, description = (a.body or "") .. " " .. (a.meeting_date or "") } }
        end
      end
    end
    return {
      title = string.format("Actions more than %d days overdue", days),
      subtitle = #rows .. " actions",
      meta = { generated = today },
      blocks = { #rows > 0 and { type = "table", compact = "line", rows = rows, columns = {
        { key = "id", title = "#" }, { key = "text", title = "Action" }, { key = "owners", title = "Owner" },
        { key = "body", title = "Body" }, { key = "due", title = "Due" }, { key = "late", title = "Days overdue" } } }
        or { type = "paragraph", text = "No action is that far overdue." } },
    }
  end,
}
