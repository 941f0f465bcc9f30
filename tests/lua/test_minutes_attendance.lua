-- Tests for minutes/attendance.lua on invented minutes.
local T = require "testing"
local attendance = require "minutes.attendance"
local interpret = require "minutes.interpret"
local blocks = require "minutes.blocks"

local function parse(text)
  local list, chair = attendance.parse(interpret.units(blocks.read(text)))
  local by = {}
  for _, a in ipairs(list) do by[a.name] = a end
  return by, list, chair
end

T.test("attendance.list: semicolon list with chair and honorifics", function()
  local by, _, chair = parse("PRESENT:\n\nCllr Priya Nandra (Chair); Tom Akers; Insp Dana Holt;\n\nAlso present: Lee Marsh; Ona Vega.\n")
  T.eq(by["Priya Nandra"].status, "present")
  T.eq(by["Priya Nandra"].role, "Chair")
  T.eq(chair, "Priya Nandra")
  T.eq(by["Dana Holt"].role, "Insp")
  T.eq(by["Lee Marsh"].status, "in_attendance")
end)
T.test("attendance.list: one name per line, list goes on past a blank line", function()
  local by = parse("Attendees:\nRita Oduya\nSam Pell\nApologies:\nKim Rowe\n\nAbe Lund\n9.\tHousing\n")
  T.eq(by["Sam Pell"].status, "present")
  T.eq(by["Kim Rowe"].status, "apologies")
  T.eq(by["Abe Lund"].status, "apologies")
end)
T.test("attendance.list: markdown list with roles, stops at the next heading", function()
  local by, list = parse("## Attending\n\n* Ann Quill (@aquill) - Board\n* Raj Dev\n\n## Topics\n")
  T.eq(#list, 2)
  T.eq(by["Ann Quill"].status, "present")
end)
T.test("attendance.apologies_sentence and substitution", function()
  local by = parse("Apologies were received from Ada Brook (Cal Finch substituted), Ed Gray and Ivy Holm.\n")
  T.eq(by["Ada Brook"].status, "apologies")
  T.eq(by["Cal Finch"].status, "substitute")
  T.eq(by["Cal Finch"].substitute_for, "Ada Brook")
  T.eq(by["Ivy Holm"].status, "apologies")
end)
T.test("attendance.deputised_for: the person deputised for sent apologies", function()
  local by = parse("Harbour Trust deputising for Nell Orme Deputy Director, deputising for Paul Quint\n")
  T.eq(by["Nell Orme"].status, "apologies")
  T.eq(by["Paul Quint"].status, "apologies")
end)
T.test("attendance.speaker: without a list, speakers were present", function()
  local by, list = parse("Gwen Ashby updated members on repairs. Inspector Ron Tull advised caution. " ..
    "Mo Reyes and Ula Ng presented the plan. MOPAC highlighted risks.\n")
  T.eq(by["Gwen Ashby"].status, "present")
  T.eq(by["Ron Tull"].status, "present")
  T.eq(by["Mo Reyes"].status, "present")
  T.eq(by["Ula Ng"].status, "present")
  T.eq(#list, 4)
end)
T.test("attendance.speaker: not used when a present list exists", function()
  local _, list = parse("Present: Ann Lee, Bo Chan\n\nGwen Ashby advised the board.\n")
  T.eq(#list, 2)
end)
T.test("attendance.welcomed: people welcomed as new members", function()
  local by = parse("The board welcomed Zara Quinn as the new housing lead and Omar Vale as treasurer.\n")
  T.eq(by["Zara Quinn"].status, "present")
  T.eq(by["Omar Vale"].status, "present")
end)
T.test("attendance.list: lone words and bare titles are not names", function()
  local _, list = parse("Present:\nMayor\nAdditionally, some others joined:\n")
  T.eq(#list, 0)
end)
T.test("attendance.chair: 'Chair: name'", function()
  local _, _, chair = parse("Chair: Hana Pruitt\n")
  T.eq(chair, "Hana Pruitt")
end)
T.test("attendance.list: a heading ends the list that follows a label", function()
  local text = "Present:\n\nAnn Lee\n\nRaj Patel\n\n## Discussion Summary\n\nOmar Haddad\n"
  local m = interpret.meeting(blocks.read(text), { data = text })
  local names = {}
  for _, a in ipairs(m.attendance) do names[#names + 1] = a.name end
  T.eq(names, { "Ann Lee", "Raj Patel" })
end)
T.test("attendance.list: HTML anchors around names; 'Chair' and 'Scribes' headings are not items", function()
  local text = "# Harbour Working Group: Weekly\n\n* Date: 2026-05-04\n\n## Chair\n\n* Ann Lee\n\n## Present\n\n* <a href=\"https://example.org/#me\">Raj Patel</a>\n* [Omar Haddad](https://example.org)\n\n## Scribes\n\n* Raj Patel\n\n## Moorings\n\nNoted.\n"
  local m = interpret.meeting(blocks.read(text), { data = text })
  local names = {}
  for _, a in ipairs(m.attendance) do names[#names + 1] = a.name end
  T.eq(names, { "Raj Patel", "Omar Haddad" })
  T.eq(#m.items, 1); T.eq(m.items[1].title, "Moorings")
  T.eq(m.title, "Harbour Working Group: Weekly")
end)
T.test("attendance.entry: a handle after the name; an autolink is not an HTML tag", function()
  local e = attendance.entry("Ann Lee @annlee (voting member)", nil, { single = true })
  T.eq(e.name, "Ann Lee"); T.eq(e.organisation, "voting member")
  local bs = blocks.read("* **Recording**: <https://example.org/v>\n")
  T.eq(bs[1].text, "Recording: <https://example.org/v>")
end)

T.test("attendance: may_speak finds a capitalised word before a verb as the gmatch does", function()
  local verbs = { noted = true, said = true, put = true }
  local firsts = { put = true }
  local function ref(s)
    for w in s:gmatch("%u[%w'%-\128-\255]*[%.,]?%s+(%l+)") do
      if verbs[w] or firsts[w] then return true end
    end
    return false
  end
  local pad = string.rep("filler words without verbs here ", 8)   -- past the short-text path
  local cases = {
    "", "   ", "Ann noted", "ann noted", "Ann  noted", "Ann.\tnoted", "Ann, said", "Ann;said", "Ann ; said",
    "AnnB noted", "O'Hara noted", "Llwyd-Hughes said", "Caf\u{E9} noted", "\u{C9}mile noted", "X put", "X putting",
    "X noted.", "X Noted", "x1 X2 noted", "Ann notedly", "Ann  \n  said so", "ABC said", "The said", "Ann nota said",
  }
  for _, c in ipairs(cases) do
    T.eq(attendance.may_speak(c, verbs, firsts), ref(c), c)
    T.eq(attendance.may_speak(pad .. c, verbs, firsts), ref(pad .. c), pad .. c)
    T.eq(attendance.may_speak(c .. " " .. pad, verbs, firsts), ref(c .. " " .. pad), c .. " " .. pad)
  end
  local alphabet = { "a", "n", "o", "t", "A", "N", "Q", " ", ".", ",", "'", "-", "\u{E9}", " noted", "said ", "\t", "Ann", "x" }
  local seed = 4242
  local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed // 65536 % n + 1 end   -- high bits: the low ones repeat with short periods
  local yes = 0
  for _ = 1, 400 do
    local parts = {}
    for _ = 1, rnd(300) do parts[#parts + 1] = alphabet[rnd(#alphabet)] end
    local t = table.concat(parts)
    local r = ref(t)
    if r then yes = yes + 1 end
    T.eq(attendance.may_speak(t, verbs, firsts), r, t)
  end
  T.ok(yes > 20 and yes < 380, "random texts: " .. yes .. " of 400 hold a speaker")
end)
