-- test_writers.lua -- every writer on one document full of hostile strings:
-- each must escape for its own format and lose nothing.
local T = require "testing"
local P = require "plugin_env"

local BOM = "\239\187\191"
local HOSTILE = 'a|b\nc "quoted", <script>alert(\'x\')</script> & ' .. BOM .. 'end'

local function doc()
  return {
    title = "Report <b>&</b> \"quotes\"",
    subtitle = "2 owners, 3 actions",
    meta = { generated = "2026-11-23" },
    blocks = {
      { type = "paragraph", text = "# not a heading\n- not a list *or emphasis*" },
      { type = "section", title = "Jade | Hodgson", level = 2, blocks = {
        { type = "table", columns = { { key = "id", title = "#" }, { key = "text", title = "Action" },
                                      { key = "due", title = "Due" } },
          rows = { { id = "12", text = HOSTILE, due = "2018-12-19" },
                   { id = "13", text = "=HYPERLINK(\"x\")", due = nil },
                   { id = "14", text = "Café, naïve — ünïcode" } } },
      } },
      { type = "section", title = "Tim Shields", level = 2, blocks = {
        { type = "heading", level = 3, text = "Sub" },
        { type = "list", items = { "one", "two\nlines" } },
        { type = "table", columns = { { key = "field", title = "Field" }, { key = "value", title = "Value" } },
          rows = { { field = "Body", value = "CSP" } } },
        { type = "table", columns = { { key = "id", title = "#" }, { key = "text", title = "Action" },
                                      { key = "due", title = "Due" } },
          rows = { { id = "15", text = "plain", due = "2019-01-01" } } },
      } },
    },
  }
end

-- A small RFC 4180 parser: records of fields; CRLF between records.
local function parse_csv(s)
  local records, fields, i, n = {}, {}, 1, #s
  local function finish_field(v) fields[#fields + 1] = v end
  while i <= n do
    local c = s:sub(i, i)
    if c == '"' then
      local buf = {}
      i = i + 1
      while true do
        local j = s:find('"', i, true)
        assert(j, "unterminated quote")
        buf[#buf + 1] = s:sub(i, j - 1)
        if s:sub(j + 1, j + 1) == '"' then buf[#buf + 1] = '"'; i = j + 2 else i = j + 1; break end
      end
      finish_field(table.concat(buf))
    else
      local j = s:find('[,\r\n]', i) or n + 1
      finish_field(s:sub(i, j - 1))
      i = j
    end
    c = s:sub(i, i)
    if c == "," then
      i = i + 1
      if i > n then finish_field("") end
    elseif c == "\r" then
      assert(s:sub(i + 1, i + 1) == "\n", "bare CR at byte " .. i)
      records[#records + 1] = fields; fields = {}; i = i + 2
    elseif c == "\n" then
      error("bare LF at byte " .. i)
    end
  end
  if #fields > 0 then records[#records + 1] = fields end
  return records
end

T.test("csv: BOM, CRLF, quoting, one header per column set, context column", function()
  local out = P.render("csv", doc())
  T.eq(out:sub(1, 3), BOM, "starts with the BOM")
  T.match(out, "\r\n$", "ends with CRLF")  -- the parser rejects a bare LF between records
  local recs = parse_csv(out:sub(4))
  T.eq(recs[1], { "Section", "#", "Action", "Due" })
  T.eq(recs[2], { "Jade | Hodgson", "12", HOSTILE, "2018-12-19" })
  T.eq(recs[3], { "Jade | Hodgson", "13", "'=HYPERLINK(\"x\")", "" }, "formula defused")
  T.eq(recs[4], { "Jade | Hodgson", "14", "Café, naïve — ünïcode", "" }, "a nil cell is empty")
  T.eq(recs[5], { "Tim Shields / Sub", "15", "plain", "2019-01-01" }, "same columns, same header")
  T.eq(recs[6], { "" }, "blank line between column sets")
  T.eq(recs[7], { "Section", "Item" })
  T.eq(recs[8], { "Tim Shields / Sub", "one" })
  T.eq(recs[9], { "Tim Shields / Sub", "two\nlines" })
  T.eq(recs[11], { "Section", "Field", "Value" })
  T.eq(recs[12], { "Tim Shields / Sub", "Body", "CSP" })
  T.eq(#recs, 12)
end)

T.test("csv: python's csv module reads it back", function()
  local out = P.render("csv", doc())
  local path = os.tmpname()
  local f = assert(io.open(path, "wb")); f:write(out); f:close()
  local p = io.popen("python3 -c \"import csv,sys; r=list(csv.reader(open(sys.argv[1], "
    .. "encoding='utf-8-sig', newline=''))); print(len(r)); print(repr(r[1][2]))\" " .. path .. " 2>/dev/null")
  local got = p and p:read("a") or ""
  if p then p:close() end
  os.remove(path)
  if got == "" then P.skip("csv via python3", "python3 not available"); return end
  T.match(got, "^12\n")
  T.match(got, "a|b\\nc \"quoted\", <script>", "hostile cell intact")
end)

T.test("markdown: tables escape pipes and newlines; text is not markup", function()
  local out = P.render("markdown", doc())
  T.match(out, "^# Report \\<b\\>\\&\\</b\\> \"quotes\"\n")
  T.match(out, "\n\\# not a heading  \n\\%- not a list \\%*or emphasis\\%*\n")
  T.match(out, "\n## Jade \\| Hodgson\n")
  local in_table, header_pipes = false, nil
  for line in out:gmatch("[^\n]*") do
    if line:sub(1, 1) == "|" then
      -- count the pipes that are not escaped: every row has as many as the header
      local pipes = select(2, line:gsub("\\|", ""):gsub("|", ""))
      if not in_table then header_pipes = pipes end
      T.eq(pipes, header_pipes, "pipes in " .. line)
      in_table = true
    else
      in_table = false
    end
  end
  T.match(out, "| 12 | a\\|b<br>c \"quoted\", \\<script\\>alert%('x'%)\\</script\\> \\& " .. BOM .. "end | 2018%-12%-19 |")
  T.match(out, "\n| # | Action | Due |\n|%-%-%-|%-%-%-|%-%-%-|\n")
  T.match(out, "\n%- two  \n  lines\n")
end)

T.test("html: escaped, self-contained, sortable tables", function()
  local out = P.render("html", doc())
  T.match(out, "^<!DOCTYPE html>\n")
  T.match(out, '<meta charset="utf%-8">')
  T.match(out, "<title>Report &lt;b&gt;&amp;&lt;/b&gt; &quot;quotes&quot;</title>")
  T.match(out, "a|b<br>c &quot;quoted&quot;, &lt;script&gt;alert%(&#39;x&#39;%)&lt;/script&gt; &amp; ")
  local _, scripts = out:gsub("<script", "")
  T.eq(scripts, 1, "only the writer's own script")
  T.ok(not out:find("https?://"), "no http:// or https:// reference")
  T.ok(not out:find("src="), "no src attribute")
  T.ok(not out:find("href="), "no href attribute")
  T.ok(not out:find("@import"), "no CSS import")
  T.ok(not out:find("url%("), "no CSS url()")
  T.match(out, "<thead><tr><th scope=\"col\">#</th>")
  T.match(out, "<tbody>\n<tr><td>12</td>")
  T.match(out, "<section>\n<h2>Jade | Hodgson</h2>")
  T.match(out, "<h3>Sub</h3>")
  local _, open = out:gsub("<section>", "")
  local _, close = out:gsub("</section>", "")
  T.eq(open, close, "sections balanced")
  T.match(out, "@media print")
  T.match(out, "</html>\n$")
end)

T.test("text: aligned columns, headings, control characters removed", function()
  local d = doc()
  d.blocks[2].blocks[1].rows[1].text = "short \27[31mred"
  local out = P.render("text", d)
  T.ok(not out:find("\27"), "no escape character reaches the terminal")
  T.match(out, "^Report <b>&</b> \"quotes\"\n=+\n\n2 owners, 3 actions\n")
  T.match(out, "\nJade | Hodgson\n%-%-%-%-%-%-%-%-%-%-%-%-%-%-\n")
  T.match(out, "\n  #   Action                 Due\n  %-%-  %-+  %-%-%-%-%-%-%-%-%-%-\n")
  T.match(out, "\n  12  short  %[31mred         2018%-12%-19\n")
  T.match(out, "\n  13  =HYPERLINK%(\"x\"%)\n")
  T.match(out, "\n# not a heading\n%- not a list")
  T.match(out, "\nSub:\n")
  T.match(out, "\n  %- two\n    lines\n")
end)

T.test("text: wide tables become one line per row, wrapped at 100 columns", function()
  local long = string.rep("word ", 40)
  local out = P.render("text", { title = "T", blocks = {
    { type = "table", columns = { { key = "a", title = "A" }, { key = "b", title = "B" } },
      rows = { { a = "1", b = long }, { a = "2" } } } } })
  T.match(out, "\n  %- A: 1; B: word word")
  T.match(out, "\n  %- A: 2\n")
  for line in out:gmatch("[^\n]+") do T.ok(#line <= 100, "line too long: " .. line) end
end)

T.test("writers: an empty document works everywhere", function()
  for _, w in ipairs { "text", "markdown", "csv", "html" } do
    local out = P.render(w, { title = "Empty", blocks = {} })
    T.ok(type(out) == "string", w)
  end
  T.eq(P.render("csv", { title = "Empty", blocks = {} }), BOM)
end)

T.test("writers: plugin tables", function()
  local want = { markdown = "md", csv = "csv", json = "json", html = "html", text = "txt" }
  for name, ext in pairs(want) do
    local w = P.load("plugins/format/" .. name .. ".lua")
    T.eq(w.kind, "writer"); T.eq(w.name, name); T.eq(w.extension, ext)
    T.ok(type(w.description) == "string" and type(w.write) == "function", name)
  end
  T.eq(P.load("plugins/format/markdown.lua").aliases, { "md" })
end)

-- Needs the engine's encoder: not run (and not counted) without it.
if not P.has_json then
  P.skip("test_writers json", "build/clerk.so (clerk.json) not built")
else T.test("json: document.data when present, else the tree", function()
  local out = P.render("json", { title = "X", blocks = {}, data = { meetings = { { title = HOSTILE } } } })
  local v = assert(P.json.decode(out))
  T.eq(v.meetings[1].title, HOSTILE)
  out = P.render("json", doc())
  v = assert(P.json.decode(out))
  T.eq(v.title, doc().title)
  T.eq(v.blocks[2].blocks[1].rows[1].text, HOSTILE)
  T.match(out, "\n  ", "indented")
end) end
