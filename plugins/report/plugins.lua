-- plugins.lua -- report "plugins": what `clerk plugins` shows: every plugin
-- file found, in search order, and why any failed to load.
return {
  api = 1, kind = "report", name = "plugins",
  description = "The plugins found, where, and those that failed to load",
  options = {},
  build = function()
    local rows, failed = {}, {}
    for _, p in ipairs(clerk.plugins()) do
      rows[#rows + 1] = { kind = p.kind, name = p.name, status = p.status,
        description = p.status == "ok" and (p.description or "") or p.error, path = p.path }
      if p.status == "failed" then failed[#failed + 1] = p.path .. ": " .. (p.error or "") end
    end
    local blocks = { { type = "table",
      columns = { { key = "kind", title = "Kind" }, { key = "name", title = "Name" },
        { key = "status", title = "Status" }, { key = "description", title = "Description" },
        { key = "path", title = "File" } },
      rows = rows } }
    if #failed > 0 then
      blocks[#blocks + 1] = { type = "heading", level = 2, text = "Failed to load" }
      blocks[#blocks + 1] = { type = "list", items = failed }
    end
    return { title = "Plugins", subtitle = #rows .. " found, " .. #failed .. " failed", blocks = blocks,
      data = { plugins = rows } }
  end,
}
