-- docx.lua -- a Word document (Office Open XML): title, headings, paragraphs,
-- bulleted lists and tables in a styled grid with a shaded, repeating header
-- row, zipped in memory by clerk.zip. Opens in Word, LibreOffice and pandoc.
local document = require "document"

local ESC = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" }

-- Text safe in XML 1.0: escaped, control characters (invalid in XML) as spaces.
local function esc(s)
  return (document.printable(document.cell(s)):gsub('[&<>"]', ESC))
end

-- A run of text; line breaks inside a cell become <w:br/>.
local function runs(text, bold)
  local rpr = bold and "<w:rPr><w:b/></w:rPr>" or ""
  local parts = {}
  local s = document.cell(text):gsub("\r\n?", "\n")
  for line in (s .. "\n"):gmatch("(.-)\n") do
    parts[#parts + 1] = '<w:r>' .. rpr .. '<w:t xml:space="preserve">' .. esc(line) .. "</w:t></w:r>"
  end
  return table.concat(parts, "<w:r><w:br/></w:r>")
end

local function para(text, style, bold)
  local ppr = style and ('<w:pPr><w:pStyle w:val="' .. style .. '"/></w:pPr>') or ""
  return "<w:p>" .. ppr .. runs(text, bold) .. "</w:p>"
end

local function tbl(block)
  local cols = document.columns(block)
  if #cols == 0 then return "" end
  local width = math.floor(9638 / #cols)       -- twentieths of a point across an A4 text block
  local x = { '<w:tbl><w:tblPr><w:tblStyle w:val="ClerkTable"/><w:tblW w:w="5000" w:type="pct"/>',
    '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>',
    "</w:tblPr><w:tblGrid>" }
  for _ = 1, #cols do x[#x + 1] = '<w:gridCol w:w="' .. width .. '"/>' end
  x[#x + 1] = "</w:tblGrid>"
  x[#x + 1] = '<w:tr><w:trPr><w:tblHeader/></w:trPr>'
  for _, c in ipairs(cols) do
    x[#x + 1] = '<w:tc><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr>' ..
      para(c.title, "TableText", true) .. "</w:tc>"
  end
  x[#x + 1] = "</w:tr>"
  for _, row in ipairs(block.rows or {}) do
    x[#x + 1] = '<w:tr><w:trPr><w:cantSplit/></w:trPr>'
    for _, s in ipairs(document.row_cells(cols, row)) do
      x[#x + 1] = "<w:tc>" .. para(s, "TableText") .. "</w:tc>"
    end
    x[#x + 1] = "</w:tr>"
  end
  x[#x + 1] = "</w:tbl>" .. para("", nil)     -- Word needs a paragraph between tables
  return table.concat(x)
end

local function body(doc)
  local b = {}
  if doc.title then b[#b + 1] = para(doc.title, "Title") end
  if doc.subtitle then b[#b + 1] = para(doc.subtitle, "Subtitle") end
  local meta = document.meta(doc)
  if #meta > 0 then
    local m = {}
    for i, x in ipairs(meta) do m[i] = x.key .. ": " .. x.value end
    b[#b + 1] = para(table.concat(m, " \u{00B7} "), "Meta")
  end
  for _, e in ipairs(document.flatten(doc)) do
    local blk = e.block
    if blk.type == "heading" then
      local level = math.max(1, math.min(6, tonumber(blk.level) or e.level))
      b[#b + 1] = para(blk.text, "Heading" .. level)
    elseif blk.type == "paragraph" then
      b[#b + 1] = para(blk.text, nil)
    elseif blk.type == "list" then
      for _, item in ipairs(blk.items or {}) do b[#b + 1] = para("\u{2022} " .. document.cell(item), "ListItem") end
    elseif blk.type == "table" then
      b[#b + 1] = tbl(blk)
    end
  end
  return table.concat(b, "\n")
end

local W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

local CONTENT_TYPES = [[<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>]]

local RELS = [[<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>]]

local DOC_RELS = [[<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>]]

local function heading_style(n, size)
  return string.format('<w:style w:type="paragraph" w:styleId="Heading%d"><w:name w:val="heading %d"/>' ..
    '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/>' ..
    '<w:outlineLvl w:val="%d"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="%d"/></w:rPr></w:style>',
    n, n, n - 1, size)
end

local function styles()
  local s = { '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles ' .. W .. '>',
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/>',
    '<w:sz w:val="21"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>',
    '<w:pPrDefault><w:pPr><w:spacing w:after="100" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>',
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>',
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/>',
    '<w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="40"/></w:rPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:qFormat/>',
    '<w:rPr><w:color w:val="595959"/><w:sz w:val="24"/></w:rPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="Meta"><w:name w:val="Report details"/><w:basedOn w:val="Normal"/>',
    '<w:rPr><w:color w:val="7F7F7F"/><w:sz w:val="17"/></w:rPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="ListItem"><w:name w:val="List Item"/><w:basedOn w:val="Normal"/>',
    '<w:pPr><w:ind w:left="360" w:hanging="240"/><w:spacing w:after="40"/></w:pPr></w:style>',
    '<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>',
    '<w:pPr><w:spacing w:before="20" w:after="20"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>',
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>',
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:left w:w="108" w:type="dxa"/>',
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
    '<w:style w:type="table" w:styleId="ClerkTable"><w:name w:val="Clerk Table"/><w:basedOn w:val="TableNormal"/>',
    '<w:tblPr><w:tblBorders>' }
  for _, side in ipairs({ "top", "left", "bottom", "right", "insideH", "insideV" }) do
    s[#s + 1] = '<w:' .. side .. ' w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
  end
  s[#s + 1] = '</w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>' ..
    '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>' ..
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr></w:tblStylePr>' ..
    '</w:style>'
  local sizes = { 32, 26, 23, 21, 21, 21 }
  for n = 1, 6 do s[#s + 1] = heading_style(n, sizes[n]) end
  s[#s + 1] = "</w:styles>"
  return table.concat(s)
end

local function core(doc)
  local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' ..
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' ..
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' ..
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' ..
    "<dc:title>" .. esc(doc.title or "Clerk report") .. "</dc:title><dc:creator>Clerk</dc:creator>" ..
    '<dcterms:created xsi:type="dcterms:W3CDTF">' .. now .. "</dcterms:created></cp:coreProperties>"
end

local function write(doc, out)
  local xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ' .. W .. "><w:body>\n" ..
    body(doc) ..
    '\n<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" ' ..
    'w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>'
  local z = clerk.zip.new()
  z:add("[Content_Types].xml", CONTENT_TYPES)
  z:add("_rels/.rels", RELS)
  z:add("docProps/core.xml", core(doc))
  z:add("word/_rels/document.xml.rels", DOC_RELS)
  z:add("word/styles.xml", styles())
  z:add("word/document.xml", xml)
  out:write(z:close())
end

return {
  api = 1, kind = "writer", name = "docx", extension = "docx", aliases = { "word" },
  description = "Word document (.docx) with styled tables",
  write = write,
}
