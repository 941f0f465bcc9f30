-- search.lua -- report "search": full-text hits in items, decisions and
-- actions, each with its meeting and item.
return {
  api = 1, kind = "report", name = "search",
  description = "Full-text search over item text, decisions and actions",
  options = { query = { help = "what to look for (SQLite FTS5 syntax)" } },
  build = function(db, opts)
    if not opts.query or opts.query == "" then error({ code = "misuse", message = "search: no query given" }) end
    local rows = {}
    for hit in db:search(opts.query) do
      rows[#rows + 1] = { kind = hit.kind, text = hit.snippet, date = hit.meeting_date,
        meeting = hit.meeting_title or hit.body,
        item = hit.item_number and (hit.item_number .. " " .. (hit.item_title or "")) or hit.item_title }
    end
    return {
      title = "Search: " .. opts.query,
      subtitle = #rows .. (#rows == 1 and " hit" or " hits"),
      blocks = { { type = "table",
        columns = { { key = "date", title = "Date" }, { key = "meeting", title = "Meeting" },
          { key = "item", title = "Item" }, { key = "kind", title = "In" }, { key = "text", title = "Text" } },
        rows = rows } },
      data = { query = opts.query, hits = rows },
    }
  end,
}
