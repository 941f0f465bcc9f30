-- Tests for the ModernGov helpers (plugins/lib/moderngov/*) and both
-- importers on text written here; the corpus files are covered end to end
-- by tests/e2e/test_moderngov.sh.
local T = require "testing"
local P = require "plugin_env"
local when = P.lib("moderngov.when")
local att = P.lib("moderngov.attendance")

T.test("moderngov.when: dates and times", function()
  T.eq(when.date("21/11/2025"), "2025-11-21")
  T.eq(when.date(" 3/2/2026 "), "2026-02-03")
  T.eq(when.date("31/13/2025"), nil)
  T.eq(when.date(""), nil)
  T.eq(when.time("12.30 pm"), "12:30")
  T.eq(when.time("5.05 pm"), "17:05")
  T.eq(when.time("12.15 am"), "00:15")
  T.eq(when.time("10.00 am"), "10:00")
  T.eq(when.time("6 pm"), "18:00")
  T.eq(when.time("12 noon"), "12:00")
  T.eq(when.time("14:45"), "14:45")
  T.eq(when.time("13.00 pm"), nil)
  T.eq(when.time("soon"), nil)
  T.eq(when.long_date("Thursday 4 December 2025 7:30 pm"), "2025-12-04")
  T.eq(when.long_date("Wednesday, 27th January, 2016 7.00 p.m."), "2016-01-27")
  T.eq(when.long_date("no date here 2016"), nil)
  T.eq(when.find_time("Wednesday, 27th January, 2016 7.00 p.m."), "19:00")
end)

T.test("moderngov.attendance: the table, pending and unknown", function()
  T.eq(att.status("Present, as expected"), "present")
  T.eq(att.status("In attendance"), "in_attendance")
  T.eq(att.status("Apologies"), "apologies")
  T.eq(att.status("Present as substitute"), "substitute")
  T.eq(att.status("Absent"), "absent")
  local st, known = att.status("Expected")
  T.eq(st, nil); T.eq(known, true)
  st, known = att.status("Present via carrier pigeon")
  T.eq(st, nil); T.eq(known, false)
  T.eq(att.name("Councillor Ann Lee"), "Ann Lee")
  T.eq(att.name("Cllr. Bo Chan"), "Bo Chan")
  T.eq(att.name("Jon Smith"), "Jon Smith")
end)

T.test("moderngov.html: unescaping, twice escaped included", function()
  local html = P.lib("moderngov.html")
  T.eq(html.unescape("Members&#39; Time"), "Members' Time")
  T.eq(html.unescape("Members&amp;#39; Time"), "Members' Time")
  T.eq(html.unescape("A &amp;amp; B"), "A & B")
  T.eq(html.unescape("&#x2019;&rsquo;"), "\u{2019}\u{2019}")
  T.eq(html.unescape("&bogus; stays"), "&bogus; stays")
  T.eq(html.unescape("&#0;"), "\u{FFFD}")
  T.eq(html.squash("  a \xC2\xA0 b\n c "), "a b c")
end)

if not P.has_xml then
  P.skip("moderngov blocks and importers", "build/clerk.so is not built")
  return
end

T.test("moderngov.html: Word HTML -> blocks with spans into data", function()
  local html = P.lib("moderngov.html")
  local b, data = html.word_blocks([[<div class="WordSection1"><p class="MsoNormal"><b>RESOLVED</b>:</p>
<p class="MsoNormal">(1)&nbsp;&nbsp; to note
the report;<br>and more</p><table><tr><td>Action</td><td>Owner</td></tr></table>
<script>var x = 1;</script></div>]])
  T.eq(#b, 4)
  T.eq(b[1].text, "RESOLVED:")
  T.eq(b[2].text, "(1) to note the report;")
  T.eq(b[3].text, "and more")
  T.eq(b[4].kind, "row")
  T.eq(#b[4].cells, 2)
  for _, x in ipairs(b) do T.eq(data:sub(x.span[1], x.span[2]), x.text) end
  T.eq(data:find("var x"), nil)
end)

local function run(plugin, data, name)
  local got = { meetings = {}, bodies = {}, listings = {}, people = {}, warnings = {} }
  local sink = {
    meeting = function(_, m) got.meetings[#got.meetings + 1] = m end,
    body = function(_, b) got.bodies[#got.bodies + 1] = b end,
    listing = function(_, l) got.listings[#got.listings + 1] = l end,
    person = function(_, p) got.people[#got.people + 1] = p end,
    warn = function(_, w) got.warnings[#got.warnings + 1] = w end,
  }
  plugin.import({ name = name or "x.xml", path = name or "x.xml", size = #data, head = data:sub(1, 8192),
    data = data }, sink, {})
  return got
end

local MEETING = [[<?xml version="1.0" encoding="utf-8"?>
<meeting><meetingid>12</meetingid><meetingdate>02/03/2026</meetingdate>
<meetingstatus>Confirmed</meetingstatus><meetingtime>6.00 pm</meetingtime>
<meetingactualstarttime>6.05 pm</meetingactualstarttime><meetingactualfinishtime>7.40 pm</meetingactualfinishtime>
<meetinglocation>Harbour Room</meetinglocation>
<agendaitems><agendaitem><agendaitemtitle>Apologies for Absence</agendaitemtitle>
<fulldisplaynumberformat>1.</fulldisplaynumberformat>
<minutesnonemptyhtmlbody>&lt;p&gt;Apologies for absence were received from Councillor Priya Nandra.&lt;/p&gt;</minutesnonemptyhtmlbody>
</agendaitem><agendaitem><agendaitemtitle>Quay Repairs &amp;amp; Dredging</agendaitemtitle>
<fulldisplaynumberformat>2.</fulldisplaynumberformat><isrestricted>True</isrestricted>
<minutesnonemptyhtmlbody>&lt;p&gt;RESOLVED - that the repairs be approved.&lt;/p&gt;</minutesnonemptyhtmlbody>
<decisionnonemptyhtmlbody>&lt;p&gt;RESOLVED - that the repairs be approved.&lt;/p&gt;</decisionnonemptyhtmlbody>
</agendaitem></agendaitems>
<attendees>
<attendee name="Councillor Ann Lee" roledescription="Chair" attendance="Present, as expected" politicalparty="GRN" ward="Quay"/>
<attendee name="Councillor Bo Chan" roledescription="Committee Member" attendance="Apologies"/>
<attendee name="Cy Dunn" roledescription="Officer" representing="Harbour Master" attendance="In attendance"/>
<attendee name="Councillor Di Eve" roledescription="Committee Member" attendance="Remote, sort of"/>
</attendees></meeting>]]

T.test("moderngov importer: a meeting written here", function()
  local plugin = P.load("plugins/import/moderngov.lua")
  T.eq(plugin.detect { name = "a.xml", head = MEETING }, 90)
  local got = run(plugin, MEETING)
  local m = got.meetings[1]
  T.eq(m.date, "2026-03-02"); T.eq(m.start, "18:05"); T.eq(m["end"], "19:40")
  T.eq(m.planned_start, "18:00"); T.eq(m.status, "confirmed"); T.eq(m.chair, "Ann Lee")
  T.eq(#m.items, 2)
  T.eq(m.items[2].title, "Quay Repairs & Dredging")
  T.eq(m.items[2].restricted, true)
  T.eq(#m.items[2].decisions, 1)   -- in both minutes and decision: once
  local by = {}
  for _, a in ipairs(m.attendance) do by[a.name] = a end
  T.eq(by["Ann Lee"].status, "present")
  T.eq(by["Bo Chan"].status, "apologies")
  T.eq(by["Cy Dunn"].status, "in_attendance"); T.eq(by["Cy Dunn"].role, "Harbour Master")
  T.eq(by["Priya Nandra"] and by["Priya Nandra"].status, "apologies")   -- from the minutes
  T.eq(by["Di Eve"], nil)
  T.eq(m.attendance_other[1].attendance, "Remote, sort of")
  T.match(got.warnings[1], "Remote, sort of")
  T.eq(got.people[1].party, "GRN")
end)

T.test("moderngov importer: errors", function()
  local plugin = P.load("plugins/import/moderngov.lua")
  T.raises(function() run(plugin, "<html><head><title>Oops</title></head></html>") end, "HTML page %(title 'Oops'%)")
  T.raises(function() run(plugin, "<meeting><meetingid>1</meeting") end, "not well%-formed XML")
  T.raises(function() run(plugin, "<agenda/>") end, "unknown root element <agenda>")
  T.raises(function() run(plugin, "<meeting></meeting>") end, "^empty result")
  T.raises(function() run(plugin, "<committees><committeescount>0</committeescount></committees>") end, "^empty result")
  T.raises(function() run(plugin, [[<soap:Envelope xmlns:soap="s"><soap:Body><soap:Fault><faultstring>No such meeting</faultstring></soap:Fault></soap:Body></soap:Envelope>]]) end, "SOAP fault: No such meeting")
end)

T.test("moderngov importer: SOAP with the result as an escaped string", function()
  local plugin = P.load("plugins/import/moderngov.lua")
  local inner = MEETING:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;")
  local soap = '<soap:Envelope xmlns:soap="s"><soap:Body><GetMeetingResponse><GetMeetingResult>'
    .. inner .. '</GetMeetingResult></GetMeetingResponse></soap:Body></soap:Envelope>'
  local a, b = run(plugin, soap).meetings[1], run(plugin, MEETING).meetings[1]
  T.eq(a.date, b.date); T.eq(#a.items, #b.items); T.eq(#a.attendance, #b.attendance)
end)

T.test("moderngov_html importer: an attendance page written here", function()
  local plugin = P.load("plugins/import/moderngov_html.lua")
  local page = [[<!DOCTYPE html><html><head><title>Meeting attendance - Modern Council</title></head><body>
<nav><a href="/">Home</a></nav><div id="modgov"><h1>Meeting attendance</h1>
<h2 class="mgSubTitleTxt">Tuesday 3rd March, 2026 6.30 pm, Harbour Board</h2>
<div class="mgLinks"><ul><li><a href="x">Agenda frontsheet</a></li></ul></div>
<p><span class="mgLabel">Venue: </span>Harbour Room</p>
<table class="mgStatsTable"><tr><th>Attendee</th><th>Role</th><th>Attendance</th></tr>
<tr><td>Councillor Ann Lee</td><td>Chair</td><td>Present</td></tr>
<tr><td>Councillor Bo Chan</td><td>Committee Member</td><td>Apologies</td></tr></table></div></body></html>]]
  T.eq(plugin.detect { name = "p.html", head = page }, 85)
  local m = run(plugin, page, "p.html").meetings[1]
  T.eq(m.date, "2026-03-03"); T.eq(m.start, "18:30"); T.eq(m.body, "Harbour Board")
  T.eq(m.venue, "Harbour Room"); T.eq(m.chair, "Ann Lee"); T.eq(#m.attendance, 2)
  T.raises(function() run(plugin, "<html><body><p>hello</p></body></html>", "p.html") end, "not a ModernGov page")
end)

T.test("moderngov.tree and html: trims and <br> pieces", function()
  local tree = P.lib("moderngov.tree")
  local html = P.lib("moderngov.html")
  T.eq(tree.trim("  \n x y \t"), "x y")
  T.eq(tree.trim(" \n "), "")
  local root = { name = "r", { name = "a", "1" }, { name = "b", "  two \n" }, { name = "a", "3" } }
  T.eq(tree.field(root, "a"), "1")            -- the first of its name
  T.eq(tree.field(root, "b"), "two")
  T.eq(tree.field(root, "c"), nil)
  T.eq(html.squash("\u{00A0} a \1 b \u{00A0}"), "a b")
  T.eq(html.squash(" "), "")
  local blocks = html.blocks({ name = "p", "one", { name = "br" }, { name = "br" }, "two" })
  T.eq(#blocks, 2)
  T.eq(blocks[1].text, "one")
  T.eq(blocks[2].text, "two")
end)

T.test("moderngov importer: the minutes' word on earlier actions reaches the meeting as reviews", function()
  local plugin = P.load("plugins/import/moderngov.lua")
  local xml = [[<?xml version="1.0" encoding="utf-8"?>
<meeting><meetingid>14</meetingid><meetingdate>04/05/2026</meetingdate>
<agendaitems><agendaitem><agendaitemtitle>Matters Arising</agendaitemtitle>
<fulldisplaynumberformat>3.</fulldisplaynumberformat>
<minutesnonemptyhtmlbody>&lt;p&gt;Action 7 has been completed.&lt;/p&gt;&lt;p&gt;Actions 8 and 9 to be carried over.&lt;/p&gt;</minutesnonemptyhtmlbody>
</agendaitem></agendaitems></meeting>]]
  local m = run(plugin, xml).meetings[1]
  T.ok(m.reviews, "reviews kept")
  local by = {}
  for _, r in ipairs(m.reviews) do by[r.ref or table.concat(r.refs or {}, ",")] = r end
  T.eq(by["7"] and by["7"].status, "done")
  T.eq(by["8,9"] and by["8,9"].status, "open")
  T.eq(by["7"].span, nil)   -- spans would point into text built here, not the file
end)
