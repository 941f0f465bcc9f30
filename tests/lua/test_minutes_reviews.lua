-- Tests for minutes/reviews.lua (and numbered actions in minutes/actions.lua)
-- on invented text: every review phrasing the register recognises.
local T = require "testing"
local reviews = require "minutes.reviews"
local actions = require "minutes.actions"
local interpret = require "minutes.interpret"
local blocks = require "minutes.blocks"

local function one(text)
  local list = reviews.scan_text(text)
  return list[1], #list
end

T.test("reviews.numbered: a RAG rating is a note, not a status", function()
  local r = one("Action 21 to be rag rated to Amber as the survey is late.")
  T.eq({ r.ref, r.status, r.note, r.rule }, { "21", nil, "RAG: Amber", "reviews.numbered" })
  r = one("Action 4 RAG rated Red.")
  T.eq({ r.ref, r.note }, { "4", "RAG: Red" })
end)

T.test("reviews.numbered: 'Actions 7, 8 and 10 to be closed' is one review with three refs", function()
  local r, n = one("Actions 12, 15 and 19 to be closed.")
  T.eq(n, 1)
  T.eq({ r.refs, r.status }, { { "12", "15", "19" }, "done" })
  r = one("Actions 3 & 5 can be closed")
  T.eq({ r.refs, r.status }, { { "3", "5" }, "done" })
end)

T.test("reviews.numbered: completed, dropped, carried over", function()
  T.eq(one("Action 6 has been completed.").status, "done")
  T.eq(one("Action 6 is no longer required.").status, "dropped")
  T.eq(one("Action 9 carried over to the autumn.").status, "open")
end)

T.test("reviews.numbered: two statements run together in one paragraph", function()
  local list = reviews.scan_text("Action 2 - leaflet printed \u{2705} Complete Actions 4 and 5 to be closed.")
  T.eq(#list, 2)
  T.eq({ list[1].ref, list[1].status }, { "2", "done" })
  T.eq({ list[2].refs, list[2].status }, { { "4", "5" }, "done" })
end)

T.test("reviews.numbered: a sentence that only mentions an action is no review", function()
  T.eq(#reviews.scan_text("Action 3 was discussed at length by members."), 0)
  T.eq(#reviews.scan_text("The action plan for 2026 was agreed."), 0)
end)

T.test("reviews.code: 'HSP07 – this action had been completed'", function()
  local r = one("PKS11 \u{2013} this action had been completed; the signs are up.")
  T.eq({ r.ref, r.status, r.rule }, { "PKS11", "done", "reviews.code" })
  T.eq(#reviews.scan_text("PKS11 \u{2013} Jo Bloggs to review the signage plan."), 0)
end)

T.test("reviews.carried: '(action from Feb carried over)' names the action by its text", function()
  local r = one("Owen Clarke to update the tenancy leaflet (action from Jan carried over).")
  T.eq({ r.text, r.status, r.rule }, { "update the tenancy leaflet", "open", "reviews.carried" })
  -- with a printed code, the code names it
  r = one("BRD02 - Owen Clarke to update the tenancy leaflet (carried forward)")
  T.eq({ r.ref, r.status, r.rule }, { "BRD02", "open", "reviews.code" })
end)

T.test("reviews.tick: '✅ Complete' ticks off a re-listed action", function()
  local r = one("Circulate the parking survey results \u{2705} Complete")
  T.eq({ r.text, r.status, r.rule }, { "Circulate the parking survey results", "done", "reviews.tick" })
end)

T.test("actions.numbered: 'Action 13: X to ...' keeps 13 as the reference", function()
  local list = actions.scan(interpret.units(blocks.read(
    "Action 13: Owen Clarke to book the hall for the summer fair.\n\n" ..
    "Action 14 \u{2013} Tina Rowe to send the grant form.\n")), nil, { year = 2026 })
  T.eq(#list, 2)
  T.eq({ list[1].ref, list[1].owner, list[1].text }, { "13", "Owen Clarke", "book the hall for the summer fair" })
  T.eq({ list[2].ref, list[2].owner }, { "14", "Tina Rowe" })
end)

T.test("actions: a printed code leads an action line in a block", function()
  local list = actions.scan(interpret.units(blocks.read(
    "Actions:\n\nPKS12 \u{2013} Owen Clarke to repaint the bandstand railings.\n")), nil, { year = 2026 })
  T.eq({ list[1].ref, list[1].owner }, { "PKS12", "Owen Clarke" })
end)

T.test("actions.numbered: a numbered line that ticks an action off is a review, not an action", function()
  local list = actions.scan(interpret.units(blocks.read(
    "Action 13 \u{2013} hall booked for the fair \u{2705} Complete\n")), nil, { year = 2026 })
  T.eq(#list, 0)
end)

T.test("interpret: the meeting carries its reviews with spans", function()
  local text = "Minutes of the meeting of the Parks Forum held on 3 June 2026\n\n" ..
    "1. Matters arising\n\nActions 2 and 3 to be closed.\n"
  local m = interpret.meeting(blocks.read(text), { data = text })
  T.eq(#m.reviews, 1)
  T.eq(m.reviews[1].refs, { "2", "3" })
  T.ok(m.reviews[1].span)
end)
