-- html.lua -- one self-contained HTML5 page: escaped text, embedded
-- print-friendly CSS, and a small inline script that sorts a table when its
-- header is clicked. No external resources, so the file can be mailed.
local document = require "document"

local ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

-- Escaped text; control characters (invalid in HTML) become spaces, and with
-- `breaks` line ends become <br>.
local function esc(s, breaks)
  s = document.cell(s):gsub("\r\n?", "\n"):gsub("[%z\1-\9\11-\31\127]", " ")
  s = s:gsub("\194[\128-\159]", " "):gsub("[&<>\"']", ESC)
  if breaks then s = s:gsub("\n", "<br>") end
  return s
end

local CSS = [[
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;max-width:75rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}
h3,h4,h5,h6{font-size:1.05rem}.subtitle{color:#555;margin-top:0}.meta{color:#777;font-size:.85rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1.2rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f1f1;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
tbody tr:nth-child(even){background:#fafafa}
@media print{body{margin:0;max-width:none;font-size:10pt}th{cursor:auto;background:#eee}
th::after{content:none!important}thead{display:table-header-group}tr,li{break-inside:avoid}
h1,h2,h3{break-after:avoid}}
]]

-- Click a header to sort by that column; click again to reverse. Numbers
-- compare as numbers, everything else as text in the reader's locale.
local SCRIPT = [[
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      function key(r) { var c = r.cells[col]; return c ? c.textContent.trim() : ""; }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b), nx = Number(x), ny = Number(y);
        var d = (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) ? nx - ny
              : x.localeCompare(y, undefined, {numeric: true});
        return asc ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
]]

local function table_html(block)
  local cols = document.columns(block)
  local h = { '<table class="sortable">\n<thead><tr>' }
  for _, c in ipairs(cols) do h[#h + 1] = '<th scope="col">' .. esc(c.title) .. "</th>" end
  h[#h + 1] = "</tr></thead>\n<tbody>\n"
  for _, row in ipairs(block.rows or {}) do
    h[#h + 1] = "<tr>"
    for _, s in ipairs(document.row_cells(cols, row)) do h[#h + 1] = "<td>" .. esc(s, true) .. "</td>" end
    h[#h + 1] = "</tr>\n"
  end
  h[#h + 1] = "</tbody>\n</table>"
  return table.concat(h)
end

local function write(doc, out)
  local title = doc.title and esc(doc.title) or "Clerk report"
  local h = { '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
    "<title>", title, "</title>\n<style>\n", CSS, "</style>\n</head>\n<body>\n<main>\n" }
  local function add(s) h[#h + 1] = s; h[#h + 1] = "\n" end
  if doc.title then add("<h1>" .. title .. "</h1>") end
  if doc.subtitle then add('<p class="subtitle">' .. esc(doc.subtitle) .. "</p>") end
  local meta = document.meta(doc)
  if #meta > 0 then
    local m = {}
    for i, x in ipairs(meta) do m[i] = esc(x.key) .. ": " .. esc(x.value) end
    add('<p class="meta">' .. table.concat(m, " · ") .. "</p>")
  end
  for _, e in ipairs(document.flatten(doc)) do
    local b = e.block
    local level = math.min(math.max(e.level, 1), 6)
    if b.type == "heading" then
      if b.section then add("<section>") end
      add(string.format("<h%d>%s</h%d>", level, esc(b.text), level))
    elseif b.type == "end" then
      add("</section>")
    elseif b.type == "paragraph" then
      add("<p>" .. esc(b.text, true) .. "</p>")
    elseif b.type == "list" then
      local items = {}
      for i, item in ipairs(b.items or {}) do items[i] = "<li>" .. esc(item, true) .. "</li>" end
      add("<ul>\n" .. table.concat(items, "\n") .. "\n</ul>")
    elseif b.type == "table" then
      add(table_html(b))
    end
  end
  h[#h + 1] = "</main>\n<script>\n" .. SCRIPT .. "</script>\n</body>\n</html>\n"
  out:write(table.concat(h))
end

return {
  api = 1, kind = "writer", name = "html", extension = "html",
  aliases = { "htm" },
  description = "A self-contained HTML page with sortable tables, ready to print",
  write = write,
}
