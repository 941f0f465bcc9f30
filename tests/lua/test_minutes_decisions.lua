-- Tests for minutes/decisions.lua on invented minutes.
local T = require "testing"
local decisions = require "minutes.decisions"

local function texts(s, resolved)
  local t = {}
  for _, d in ipairs(decisions.find(s, nil, resolved)) do t[#t + 1] = d.text end
  return t
end

T.test("decisions.resolution: 'That ... be noted'", function()
  T.eq(texts("That the harbour report be noted."), { "That the harbour report be noted." })
end)
T.test("decisions.labelled", function()
  T.eq(texts("Resolution: the forum will meet monthly."), { "the forum will meet monthly." })
  T.eq(texts("AGREED - to fund the survey"), { "to fund the survey" })
end)
T.test("decisions.agreed: meeting subjects, 'it was agreed', 'were agreed'", function()
  T.eq(texts("Members agreed the tree survey should go ahead."), { "Members agreed the tree survey should go ahead." })
  T.eq(texts("Costs were high and it was agreed that a review be held."), { "It was agreed that a review be held." })
  T.eq(texts("The minutes of the last meeting were agreed."), { "The minutes of the last meeting were agreed." })
  T.eq(texts("Overall agreement on the draft principles."), { "Overall agreement on the draft principles." })
  T.eq(texts("There was agreement on the value of a pilot."), { "There was agreement on the value of a pilot." })
end)
T.test("decisions: other bodies' approvals and questions are not decisions", function()
  T.eq(texts("The Finance Group have approved the plan."), {})
  T.eq(texts("Members noted the update."), {})
  T.eq(texts("Was it agreed that the pilot ends?"), {})
  T.eq(texts("The terms will be agreed later."), {})
end)
T.test("decisions: RESOLVED heading", function()
  T.ok(decisions.is_heading("RESOLVED"))
  T.ok(decisions.is_heading("And Resolved:"))
  T.ok(not decisions.is_heading("Resolved that the plan be adopted"))
end)
T.test("decisions.resolution_numbered: '(1) to ...' only under RESOLVED", function()
  T.eq(texts("(1) to submit the harbour plan to the minister;", true), { "To submit the harbour plan to the minister;" })
  T.eq(texts("b) note the quay survey.", true), { "Note the quay survey." })
  T.eq(texts("(1) to submit the harbour plan to the minister;", false), {})
end)
T.test("decisions: sentences and sentence endings on edge cases", function()
  local function sens(s)
    local t = {}
    for _, x in ipairs(decisions.sentences(s)) do t[#t + 1] = x.text .. "@" .. x.s .. "-" .. x.e end
    return t
  end
  T.eq(sens(""), {})
  T.eq(sens("   \t "), {})
  T.eq(sens("  One. Two?  Three! four. 5 x"), { "One.@3-6", "Two?@8-11", "Three! four.@14-25", "5 x@27-29" })
  T.eq(sens("Caf\u{E9}. \u{C9}t\u{E9} ok. \"Quoted\" end"), { "Caf\u{E9}. \u{C9}t\u{E9} ok.@1-16", "\"Quoted\" end@18-29" })
  T.eq(sens("Ends here.   "), { "Ends here.   @1-13" })   -- no capital after the stop: one sentence
  -- endings, with and without a full stop, and only at the very end
  T.eq(texts("The revised terms were agreed"), { "The revised terms were agreed" })
  T.eq(texts("The revised terms were agreed."), { "The revised terms were agreed." })
  T.eq(texts("The revised terms were agreed.."), {})
  T.eq(texts("The revised terms were agreed by some"), {})
  T.eq(texts("were agreed"), {})
  T.eq(texts("Minutes of the last meeting were approved. Nothing else."), { "Minutes of the last meeting were approved." })
  T.eq(texts("Budget lines was approved."), { "Budget lines was approved." })
  T.eq(texts("The fee was approved. The date was agreed"), { "The fee was approved.", "The date was agreed" })
  T.eq(texts("Is this agreed? It was agreed that the hall opens."), { "It was agreed that the hall opens." })
  T.eq(texts("After a vote there was consensus to wait."), { "There was consensus to wait." })
  T.eq(texts(string.rep("long words ", 500) .. "it was decided to stop."), { "It was decided to stop." })
end)
