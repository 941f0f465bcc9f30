-- people.lua -- report "people": everyone the database knows, with aliases,
-- meetings attended and actions owned; with `ambiguous`, the names written
-- in minutes that could be two or more people and so belong to nobody yet
-- (fix them with `clerk people alias NAME ALIAS` or `people merge`).
local function ambiguous(db)
  local rows = {}
  for r in db:query([[SELECT name, count(*) AS n, min(meeting_id) AS first FROM (
        SELECT name, meeting_id FROM attendance WHERE person_id IS NULL
        UNION ALL SELECT o.name, a.meeting_id FROM action_owner o JOIN action a ON a.id = o.action_id
          WHERE o.person_id IS NULL AND o.is_group = 0)
      GROUP BY lower(name) ORDER BY lower(name)]]) do
    local surname = r.name:lower():gsub("[%p]", ""):match("(%S+)%s*$")
    local cands = {}
    for p in db:query("SELECT name FROM person WHERE surname = ?1 ORDER BY name", surname or "") do
      cands[#cands + 1] = p.name
    end
    local d = db:query("SELECT date FROM meeting WHERE id = ?1", r.first)()
    rows[#rows + 1] = { name = r.name, times = tostring(r.n), first = d and d.date,
      candidates = table.concat(cands, "; "),
      line = string.format("%s (%d times): %s", r.name, r.n, #cands > 0 and table.concat(cands, " or ") or "nobody known") }
  end
  return {
    title = "Ambiguous names",
    subtitle = #rows .. (#rows == 1 and " name" or " names") .. " that could be more than one person",
    blocks = { #rows > 0 and { type = "table", compact = "line", rows = rows, columns = {
        { key = "name", title = "Written" }, { key = "times", title = "Times" },
        { key = "first", title = "First seen" }, { key = "candidates", title = "Could be" } } }
      or { type = "paragraph", text = "No ambiguous names." } },
    data = { ambiguous = rows },
  }
end

return {
  api = 1, kind = "report", name = "people",
  description = "People with their aliases, meetings attended and actions owned",
  options = { ambiguous = { help = "yes: list the names that could be two people instead" } },
  build = function(db, opts)
    if opts.ambiguous and opts.ambiguous ~= "no" then return ambiguous(db) end
    local rows = {}
    for p in db:people() do
      rows[#rows + 1] = { id = tostring(p.id), name = p.name, aliases = table.concat(p.aliases, "; "),
        meetings = tostring(p.meetings), actions = tostring(p.actions) }
    end
    return {
      title = "People",
      subtitle = #rows .. (#rows == 1 and " person" or " people"),
      blocks = { { type = "table",
        columns = { { key = "id", title = "ID" }, { key = "name", title = "Name" },
          { key = "aliases", title = "Also written" }, { key = "meetings", title = "Meetings" },
          { key = "actions", title = "Actions" } },
        rows = rows } },
      data = { people = rows },
    }
  end,
}
