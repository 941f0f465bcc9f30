-- report-actions-per-agency.lua -- a worked example of a custom report
-- (clerk report --script scripts/report-actions-per-agency.lua): open and
-- overdue actions counted per agency, an owner's agency being the
-- organisation (or role) they attend for. Runs in the sandbox: it reads the
-- database through `db` and returns a document for any writer.
return {
  options = { body = { help = "only this body" }, today = { help = "YYYY-MM-DD" } },
  build = function(db, opts)
    local today = opts.today or os.date("%Y-%m-%d")
    -- each person's agency: the latest organisation they attended for
    local agency_of = {}
    for r in db:query([[SELECT a.person_id, coalesce(a.organisation, a.role) AS org
        FROM attendance a JOIN meeting m ON m.id = a.meeting_id
        WHERE a.person_id IS NOT NULL AND coalesce(a.organisation, a.role) IS NOT NULL
          AND coalesce(a.organisation, a.role) <> 'Chair'
        ORDER BY m.date]]) do
      agency_of[r.person_id] = r.org
    end
    local counts, names = {}, {}
    for a in db:query([[SELECT a.id, a.due, o.person_id, o.name FROM action a
        JOIN action_owner o ON o.action_id = a.id
        LEFT JOIN body b ON b.id = a.body_id
        WHERE a.status = 'open' AND (?1 IS NULL OR b.name = ?1 COLLATE NOCASE)]], opts.body) do
      local agency = (a.person_id and agency_of[a.person_id]) or "(agency not known)"
      if not counts[agency] then counts[agency] = { open = 0, overdue = 0, owners = {} }; names[#names + 1] = agency end
      local c = counts[agency]
      c.open = c.open + 1
      if a.due and a.due < today then c.overdue = c.overdue + 1 end
      c.owners[a.name] = true
    end
    table.sort(names, function(x, y)
      if counts[x].open ~= counts[y].open then return counts[x].open > counts[y].open end
      return x < y
    end)
    local rows = {}
    for _, n in ipairs(names) do
      local owners = {}
      for o in pairs(counts[n].owners) do owners[#owners + 1] = o end
      table.sort(owners)
      rows[#rows + 1] = { agency = n, open = tostring(counts[n].open), overdue = tostring(counts[n].overdue),
        owners = table.concat(owners, ", "),
        line = string.format("%s: %d open, %d overdue", n, counts[n].open, counts[n].overdue) }
    end
    return {
      title = "Open actions per agency",
      subtitle = #rows .. " agencies",
      meta = { generated = today },
      blocks = { { type = "table", compact = "line", rows = rows, columns = {
        { key = "agency", title = "Agency" }, { key = "open", title = "Open" },
        { key = "overdue", title = "Overdue" }, { key = "owners", title = "Owners" } } } },
    }
  end,
}
