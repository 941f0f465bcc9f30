-- Tests for minutes/header.lua on invented headers.
local T = require "testing"
local header = require "minutes.header"
local interpret = require "minutes.interpret"
local blocks = require "minutes.blocks"

local function parse(text)
  local units = interpret.units(blocks.read(text))
  return header.parse(units, #units), units
end

T.test("header.minutes_of: body, date and time in one line", function()
  local h = parse("MINUTES OF MEETING Riverside Housing Board HELD ON Tuesday, 3rd March, 2026, 18.30\n")
  T.eq(h.body, "Riverside Housing Board"); T.eq(h.date, "2026-03-03"); T.eq(h.start, "18:30")
end)
T.test("header.after_label and venue", function()
  local h = parse("Agenda and minutes\n\nHarbour Trust Board\nMonday, 2 February 2026 6.00 pm\n\nVenue: Quay Hall, Dock Road. View directions\n")
  T.eq(h.body, "Harbour Trust Board"); T.eq(h.start, "18:00"); T.eq(h.venue, "Quay Hall, Dock Road")
end)
T.test("header.first_line: period tail dropped, range gives the end", function()
  local h = parse("Parks Forum Steering Group - Quarter 2, 2025/26\n\n14th July 2025, 2.00 pm - 4.00 pm\n\nMS Teams meeting, please use the link below\n")
  T.eq(h.body, "Parks Forum Steering Group"); T.eq(h.date, "2025-07-14")
  T.eq(h.start, "14:00"); T.eq(h["end"], "16:00"); T.eq(h.venue, "MS Teams meeting")
end)
T.test("header.notes_date: the body before 'Meeting Notes: <date>' beats noise", function()
  local h = parse("Something - Somewhere Council\n\nMar 4, 2011 - unrelated page\n\nDoc ref 55 HARBOUR SAFETY FORUM Meeting Notes: 9th May 2024 Role\n")
  T.eq(h.body, "Harbour Safety Forum"); T.eq(h.date, "2024-05-09")
end)
T.test("header.next_meeting: the one naming this body wins", function()
  local units = interpret.units(blocks.read("Date of next HTF meeting: 3rd June 2026 Date of next PSG meeting: 9th June 2026\n"))
  T.eq(header.next_meeting(units, {}, "Parks Steering Group", { year = 2026 }), "2026-06-09")
  T.eq(header.next_meeting(interpret.units(blocks.read("The next meeting was scheduled for 4 April, 10-12.00.\n")), {}, "X", { year = 2026, after = "2026-05-01" }), "2027-04-04")
end)
T.test("header: body acronyms", function()
  local a = header.body_acronyms("Parks Steering Group")
  T.ok(a.psg and a.sg and not a.pg)
end)
T.test("header.minutes_of: 'Minutes of the meeting held on' names no body", function()
  local h = parse("Harbourside Allotments Society\n\nMinutes of the meeting held on 2 May 2026 at 19:00\n\nPresent: Ann Lee; Raj Patel\n")
  T.eq(h.body, "Harbourside Allotments Society")
  T.eq(h.rules.body, "header.first_line")
  T.eq(h.date, "2026-05-02")
end)
T.test("header: an abbreviated organisation in the title is expanded by the rules", function()
  local defaults = require "minutes.defaults"
  T.eq(defaults.expand("HAS", defaults.merge({ abbreviations = { HAS = "Harbourside Allotments Society" } })),
    "Harbourside Allotments Society")
  T.eq(defaults.expand("XYZ", defaults.merge({})), "XYZ")
end)
T.test("interpret: meeting fields carry their rule and span (provenance)", function()
  local text = "Harbourside Allotments Society\n\nMinutes of the meeting held on 2 May 2026 at 19:00\n\nPresent: Ann Lee; Raj Patel\n\n1. Water\n\nThe next meeting will be on 6 June 2026.\n"
  local m = interpret.meeting(blocks.read(text), { data = text })
  T.eq(m.provenance.date.rule, "header.date")
  T.eq(text:sub(m.provenance.date.span[1], m.provenance.date.span[2]), "Minutes of the meeting held on 2 May 2026 at 19:00")
  T.eq(m.provenance.next_meeting.rule, "header.next_meeting")
  T.eq(m.next_meeting, "2026-06-06")
end)
T.test("header.minutes_of: a capitals heading wrapped over lines is read whole", function()
  local h = parse("MINUTES OF PROCEEDINGS AT MEETING OF HARBOURSIDE TOWN\n\nCOUNCIL HELD IN THE OLD CORN EXCHANGE, MARKET SQUARE, ON\n\nTUESDAY, 3RD MARCH, 2026, AT 7PM.\n\nPRESENT IN THE CHAIR: Councillor A. Lee, Mayor.\n")
  T.eq(h.body, "Harbourside Town Council")
  T.eq(h.venue, "The Old Corn Exchange, Market Square")
  T.eq(h.date, "2026-03-03"); T.eq(h.start, "19:00")
end)
T.test("attendance: 'Present in the chair:' names the chair", function()
  local text = "Harbourside Town Council\n\n3 March 2026\n\nPRESENT IN THE CHAIR: Councillor Ann Lee, Mayor.\n\nMEMBERS PRESENT: Councillors Raj Patel, Omar Haddad.\n"
  local m = interpret.meeting(blocks.read(text), { data = text })
  T.eq(m.chair, "Ann Lee")
end)
T.test("header.title_label: 'Meeting Title: ...' gives title and body", function()
  local h = parse("Meeting Title: Harbour Users Committee Meeting\n\nDate: 4 June 2026\n")
  T.eq(h.title, "Harbour Users Committee Meeting"); T.eq(h.rules.title, "header.title_label")
  T.eq(h.date, "2026-06-04")
end)
T.test("header: body acronyms are bounded on a hostile body name", function()
  local header = require "minutes.header"
  local words = {}
  for i = 1, 3000 do words[i] = "Word" .. string.char(65 + i % 26) end
  local set = header.body_acronyms(table.concat(words, " "))
  -- only the first 16 words make acronyms: at most 16 * 15 / 2 runs + the name
  local n = 0
  for _ in pairs(set) do n = n + 1 end
  T.ok(n <= 16 * 15 / 2 + 1, "acronyms: " .. n)
  T.ok(header.body_acronyms("Parks Steering Group").psg)
  T.eq(header.body_acronyms(nil).psg, nil)
end)

T.test("header.next_meeting: every 'next ... meeting' of a unit, in order, not inside another", function()
  local function nm(text, body)
    local units = interpret.units(blocks.read(text))
    return header.next_meeting(units, {}, body or "Quay Forum", { year = 2026 })
  end
  T.eq(nm(""), nil)
  T.eq(nm("   \n"), nil)
  T.eq(nm("Next steps: the next meeting will be on 9 June 2026."), "2026-06-09")
  -- the first 'next' is not followed by 'meeting': the next one is read
  T.eq(nm("The next item and the next QF meeting is 3 July 2026; the next meeting 4 August 2026."), "2026-07-03")
  T.eq(nm("The next item and the next board meeting is 3 July 2026; the next QF meeting 4 August 2026."), "2026-08-04")
  -- "next next meeting": one match, its word "next"
  T.eq(nm("The next next meeting: 5 May 2026."), "2026-05-05")
  T.eq(nm("Nextmeeting 5 May 2026 and NEXT   MEETING on 6 May 2026"), "2026-05-06")
  T.eq(nm("Caf\u{E9} next meeting \u{E9}t\u{E9} 7 May 2026"), "2026-05-07")
  T.eq(nm(string.rep("next ", 300) .. "meeting 8 May 2026"), "2026-05-08")
  T.eq(nm(string.rep("word ", 300) .. "next meeting 8 May 2026"), "2026-05-08")
end)
