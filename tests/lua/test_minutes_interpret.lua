-- Tests for minutes/interpret.lua: a whole invented meeting.
local T = require "testing"
local interpret = require "minutes.interpret"
local blocks = require "minutes.blocks"

local text = [[
MINUTES OF MEETING Riverside Housing Board HELD ON Tuesday, 3rd March, 2026, 18.30

PRESENT:

Cllr Priya Nandra (Chair); Tom Akers; Sara Wells; Sean Whitby;

12. APOLOGIES

Apologies were received from Omar Vale.

13. HARBOUR REPAIRS

Tom Akers reported on the repairs. It was agreed that a survey be commissioned.

ACTION: SW to circulate the survey brief.
ACTION: Cllr Nandra to write to the harbour master by 21st April.
ACTION: All members to send comments to Tom.

14. DATE OF NEXT MEETING

2 June 2026.
]]

T.test("interpret: a whole meeting, with rules and spans", function()
  local m = interpret.meeting(blocks.read(text), { data = text })
  T.eq(m.body, "Riverside Housing Board"); T.eq(m.date, "2026-03-03"); T.eq(m.start, "18:30")
  T.eq(m.chair, "Priya Nandra"); T.eq(m.next_meeting, "2026-06-02")
  T.eq(#m.attendance, 5)
  T.eq(#m.items, 3); T.eq(m.items[2].title, "Harbour Repairs"); T.eq(m.items[2].number, "13")
  local acts = m.items[2].actions
  T.eq(#acts, 3)
  T.ok(acts[1].owners[1].ambiguous)
  T.eq(acts[2].owners, { "Priya Nandra" }); T.eq(acts[2].due, "2026-04-21")
  T.eq(acts[3].owners, { { name = "All members", group = true } })
  T.eq(m.items[2].decisions[1].text, "It was agreed that a survey be commissioned.")
  T.match(acts[1].rule, "actions.marked")
  T.ok(text:sub(acts[1].span[1], acts[1].span[2]):find("circulate", 1, true))
end)
T.test("interpret: rules extend the defaults", function()
  local t = "Riverside Housing Board\n\n3 March 2026\n\nWardens attending: Ann Lee, Bo Chan\n"
  local m = interpret.meeting(blocks.read(t), { rules = { attendance_labels = { ["wardens attending"] = "present" } } })
  T.eq(#m.attendance, 2)
end)
T.test("interpret: spans are the record's own words, not the whole paragraph", function()
  local text = "Harbourside Allotments Society\n\nMinutes of the meeting held on 2 May 2026\n\nPresent: Ann Lee; Raj Patel\n\n" ..
    "1. Water\n\nThe trough by plot 9 leaks again. It was agreed that the\nsociety would buy a new trough. Costs were discussed.\n\n" ..
    "ACTION: Raj Patel to order the trough from the\nmerchant.\n"
  local m = interpret.meeting(blocks.read(text), { data = text })
  local d = m.items[1].decisions[1]
  T.eq(text:sub(d.span[1], d.span[2]), "It was agreed that the\nsociety would buy a new trough.")
  local a = m.items[1].actions[1]
  T.eq(text:sub(a.span[1], a.span[2]), "ACTION: Raj Patel to order the trough from the\nmerchant")
  local p = m.attendance[2]
  T.eq(text:sub(p.span[1], p.span[2]), "Raj Patel")
end)

T.test("interpret: introductions with initials in brackets name an action's owner", function()
  local function owners_of(txt)
    local m = interpret.meeting(blocks.read(txt), { data = txt })
    local out = {}
    for _, a in ipairs(m.actions) do out[#out + 1] = a.owners end
    for _, it in ipairs(m.items) do for _, a in ipairs(it.actions) do out[#out + 1] = a.owners end end
    return out
  end
  local body = "ACTION: QV to book the hall.\n"
  T.eq(owners_of("Quin Vardy (QV) opened (briefly) the session.\n\n" .. body), { { "Quin Vardy" } })
  T.eq(owners_of("Quin Vardy  (QV) opened the session.\n\n" .. body), { { "Quin Vardy" } })
  T.eq(owners_of("Quin Vardy (qv) opened the session (QVX).\n\n" .. body), { { "QV" } })
  T.eq(owners_of("(QV) Quin Vardy opened the session.\n\n" .. body), { { "QV" } })
  T.eq(owners_of("Notes (draft) only.\n\n" .. body), { { "QV" } })
end)
