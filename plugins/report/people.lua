-- people.lua -- report "people": everyone the database knows, with aliases,
-- meetings attended and actions owned.
return {
  api = 1, kind = "report", name = "people",
  description = "People with their aliases, meetings attended and actions owned",
  options = {},
  build = function(db)
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
