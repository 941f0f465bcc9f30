-- Tests for minutes/split.lua on invented notes: one file, several meetings.
local T = require "testing"
local split = require "minutes.split"
local blocks = require "minutes.blocks"
local interpret = require "minutes.interpret"

local year_of_notes = table.concat({
  "# Harbour Rowing Club committee notes",
  "",
  "## 14 March 2026",
  "",
  "Attendees: Ann Lee; Raj Patel",
  "",
  "ACTION: Ann Lee to book the boathouse",
  "",
  "## Meeting 7 February 2026",
  "",
  "Attendees: Ann Lee; Omar Haddad",
  "",
  "ACTION: Omar Haddad to renew the insurance",
  "",
}, "\n")

T.test("split: dated headings of one level cut the file into meetings", function()
  local parts = split.split(blocks.read(year_of_notes))
  T.eq(#parts, 2)
  local m1 = interpret.meeting(parts[1], { data = year_of_notes })
  local m2 = interpret.meeting(parts[2], { data = year_of_notes })
  T.eq(m1.date, "2026-03-14"); T.eq(m2.date, "2026-02-07")
  T.eq(m1.body, "Harbour Rowing Club committee")   -- from the shared title
  T.eq(#m1.attendance, 2); T.eq(m2.attendance[2].name, "Omar Haddad")
  T.eq(m2.actions[1] and m2.actions[1].text or m2.items[1] and m2.items[1].actions[1].text, "renew the insurance")
end)

T.test("split: one meeting stays whole; a heading with more than a date does not cut", function()
  local one = "# Board meeting 3 May 2026\n\nPresent: Ann Lee\n\n## Finance report for 1 April 2026 onwards\n\nNoted.\n"
  T.eq(#split.split(blocks.read(one)), 1)
  T.eq(split.dated_heading("Tuesday 3 May 2026 - minutes"), "2026-05-03")
  T.eq(split.dated_heading("Finance report for 1 April 2026 onwards"), nil)
end)

T.test("attendance: a bracketed organisation is the attendee's organisation", function()
  local attendance = require "minutes.attendance"
  local e = attendance.entry("Ann Lee [Harbour Trust] (@annlee)", nil, { single = true })
  T.eq(e.name, "Ann Lee"); T.eq(e.organisation, "Harbour Trust")
end)
