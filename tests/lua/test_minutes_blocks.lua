-- Tests for minutes/blocks.lua (the plain-text reader) on invented text.
local T = require "testing"
local blocks = require "minutes.blocks"

local function kinds(bs)
  local t = {}
  for _, b in ipairs(bs) do t[#t + 1] = b.kind .. ":" .. (b.number or "") .. ":" .. (b.text or "") end
  return t
end

T.test("blocks: headings, numbered lines, bullets, paragraphs", function()
  local data = "# Riverside Housing Board\r\n\r\n12. HOUSING REPAIRS\r\n- first point\r\nPlain words.\r\n"
  local bs = blocks.read(data)
  T.eq(kinds(bs), { "heading::Riverside Housing Board", "item:12:HOUSING REPAIRS", "item::first point", "paragraph::Plain words." })
  T.eq(bs[1].level, 1)
  T.eq(data:sub(bs[2].span[1], bs[2].span[2]), "12. HOUSING REPAIRS")
  T.eq(bs[4].line, 5)
end)
T.test("blocks: a number alone on a line, and **bold** numbers", function()
  local bs = blocks.read("9a\n\nPrivate session\n\n**4.**\n")
  T.eq(bs[1].number, "9a"); T.eq(bs[1].text, "")
  T.eq(bs[3].number, "4")
end)
T.test("blocks: tab-separated rows keep their cells and spans", function()
  local data = "1.\t6:00 pm\tWelcome\tChair\n"
  local b = blocks.read(data)[1]
  T.eq(b.kind, "row"); T.eq(#b.cells, 4)
  T.eq(data:sub(b.cells[3].span[1], b.cells[3].span[2]), "Welcome")
end)
T.test("blocks: wrapped lines join, full stops end a paragraph", function()
  local bs = blocks.read("The Board discussed the harbour dredging programme and its costs in\nsome detail.\nNext line.\n")
  T.eq(#bs, 2)
  T.match(bs[1].text, "costs in some detail%.$")
end)
T.test("blocks: a running page header is kept once and removed from lines", function()
  local h = "Riverside Housing Board Minutes 3 March 2026 Page header text "
  local data = h .. "first\n\nbody one\n\n" .. h .. "second\n\nbody two\n\n" .. h .. "third\n"
  local bs = blocks.read(data)
  T.eq(bs[1].kind, "pageheader")
  T.eq(bs[2].text, "first")
  T.eq(bs[4].text, "second")
end)
T.test("blocks: repeated whole lines are content, not a header", function()
  local line = "That the report of the Harbour Master be noted today."
  local bs = blocks.read(line .. "\n\n" .. line .. "\n\n" .. line .. "\n")
  T.eq(#bs, 3)
  T.eq(bs[1].kind, "paragraph")
end)
T.test("blocks: symbol-font bullets and a BOM vanish", function()
  local bs = blocks.read("\xEF\xBB\xBFAction: \xEF\x82\xB7\n")
  T.eq(bs[1].text, "Action:")
  T.eq(bs[1].span[1], 4)
end)
T.test("blocks: a wrapped line going on in lower case joins its paragraph", function()
  local bs = blocks.read("After some discussion it was agreed that the\nsociety would buy a trough.\nNext line Starts a sentence.\n- a list item\n- another item\n")
  T.eq(bs[1].text, "After some discussion it was agreed that the society would buy a trough.")
  T.eq(bs[2].text, "Next line Starts a sentence.")
  T.eq(#bs, 4)
end)
T.test("blocks: a tab inside a bulleted line is spacing, not columns", function()
  local bs = blocks.read("* Ann Lee\t[Harbour Trust]\nTask\tOwner\n")
  T.eq(bs[1].kind, "item"); T.eq(bs[1].text, "Ann Lee [Harbour Trust]")
  T.eq(bs[2].kind, "row")
end)
T.test("blocks: a long line closing a parenthesis does not swallow the next capitalised line", function()
  local bs = blocks.read("Inspector Ann Lee - Harbour Police (substituting for Chief Inspector Raj Patel)\nOmar Haddad - Harbour Trust\n")
  T.eq(#bs, 2)
end)
T.test("blocks: lines split at LF, CRLF and lone CR, from any start", function()
  local function texts(data, start)
    local t = {}
    for _, l in ipairs(blocks.lines(data, start)) do t[#t + 1] = l.text .. "|" .. l.first .. "-" .. l.last end
    return t
  end
  T.eq(texts(""), {})
  T.eq(texts("one"), { "one|1-3" })
  T.eq(texts("a\nb\r\nc\rd"), { "a|1-1", "b|3-3", "c|6-6", "d|8-8" })
  T.eq(texts("\r\n\r\n"), { "|1-0", "|3-2" })
  T.eq(texts("\r\r\n\n"), { "|1-0", "|2-1", "|4-3" })
  T.eq(texts("x\ny\nz", 3), { "y|3-3", "z|5-5" })
  T.eq(texts("caf\u{E9}\n  \n"), { "caf\u{E9}|1-5", "  |7-8" })
  local long = string.rep("word ", 3000)
  local ls = blocks.lines(long .. "\n" .. long)
  T.eq(#ls, 2); T.eq(ls[2].first, #long + 2); T.eq(ls[2].text, long)
end)
T.test("blocks: markdown marks, blank runs and wrapping on invented lines", function()
  local function texts(data)
    local t = {}
    for _, b in ipairs(blocks.read(data)) do t[#t + 1] = b.kind .. ":" .. (b.text or "") end
    return t
  end
  T.eq(texts("A **strong** word and __under__ lined, see [the plan](http://x.test/p).\n"),
    { "paragraph:A strong word and under lined, see the plan." })
  T.eq(texts("Ask <b>Quinn</b> about _**_x\n"), { "paragraph:Ask Quinn about x" })
  T.eq(texts("Two  spaces\vand a form\ffeed.\n"), { "paragraph:Two spaces and a form feed." })
  T.eq(texts("- a bullet\twith a tab.\n"), { "item:a bullet with a tab." })
  T.eq(texts("Two\tcells\n"), { "row:Two | cells" })
  T.eq(texts("caf\u{E9}   au   lait.\n"), { "paragraph:caf\u{E9} au lait." })
  T.eq(texts("   \n\t\n"), {})
  -- a long line ending without a stop joins the next; one ending ")" or "." does not
  local long = string.rep("x", 55)
  T.eq(texts("Long " .. long .. "\nNext line.\n"), { "paragraph:Long " .. long .. " Next line." })
  T.eq(texts("Long " .. long .. ")\nNext line.\n"), { "paragraph:Long " .. long .. ")", "paragraph:Next line." })
  T.eq(texts("Short enough for the rule of thirty\ngoes on here.\n"),
    { "paragraph:Short enough for the rule of thirty goes on here." })
  T.eq(texts("Short enough for the rule of thirty!\ngoes on here.\n"),
    { "paragraph:Short enough for the rule of thirty!", "paragraph:goes on here." })
  T.eq(texts("\u{E000} Private use bullet\xC2\xA0here.\n"), { "paragraph:Private use bullet here." })
end)
