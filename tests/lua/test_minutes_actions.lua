-- Tests for minutes/actions.lua on invented minutes.
local T = require "testing"
local actions = require "minutes.actions"
local interpret = require "minutes.interpret"
local blocks = require "minutes.blocks"

local function scan(text, ctx)
  return actions.scan(interpret.units(blocks.read(text)), nil, ctx or { year = 2026, date = "2026-03-03" })
end
local function pairs_of(list)
  local t = {}
  for _, a in ipairs(list) do t[#t + 1] = (a.cell_owner or a.owner or "-") .. " | " .. a.text end
  return t
end

T.test("actions.marked: 'ACTION: X to ...', '**Action Item:** @x will ...'", function()
  local list = scan("ACTION: Priya Nandra to circulate the harbour plan.\n\n**Action Item:** @tvale will open an issue.\n")
  T.eq(pairs_of(list), { "Priya Nandra | circulate the harbour plan", "@tvale | open an issue" })
  T.match(list[1].rule, "^actions.marked")
end)
T.test("actions.block: lines under 'Actions:' until a sub-heading", function()
  local list = scan("Actions:\n\nPN to send the survey to tenants.\n\nOutside the meeting check the rota is shared.\n\nParks and open spaces\n\nKey updates:\n")
  T.eq(pairs_of(list), { "PN | send the survey to tenants", "- | Outside the meeting check the rota is shared" })
end)
T.test("actions.block: a nested markdown list ends at the outer level", function()
  local list = scan("- Budget\n    - **Action items**:\n        - Omar to draft the budget note\n- Next topic here\n")
  T.eq(pairs_of(list), { "Omar | draft the budget note" })
end)
T.test("actions.inline: run-on actions in one cell, passive has no owner", function()
  local list = scan("1.\tsome notes here Actions Lee Marsh to send the referral form to the ward team Harbour Watch to be linked into the protocol\tx\n")
  T.eq(pairs_of(list), { "Lee Marsh | send the referral form to the ward team", "- | Harbour Watch to be linked into the protocol" })
end)
T.test("actions.owner_cell: an owner column after 'Action by'", function()
  local list = scan("Action by\n\nAction:\n\nReview the tenancy leaflet\n\nDiscussion went on.\n\nTom Akers/ Cllr Nandra\n\n" ..
    "Share the draft with members.\n\nAll/ Sara Wells\n")
  T.eq(pairs_of(list), { "Tom Akers/ Cllr Nandra | Review the tenancy leaflet", "All/ Sara Wells | Share the draft with members" })
end)
T.test("actions: owner prefixes of several forms", function()
  T.eq({ actions.parse_owner("Tenants Forum members to review the map") }, { "Tenants Forum members", "review the map", "actions.owner_to" })
  T.eq({ actions.parse_owner("Ann Lee Share the paper with wardens") }, { "Ann Lee", "Share the paper with wardens", "actions.owner_verb" })
  T.eq({ actions.parse_owner("Update the wiki (Raj Dev)") }, { "Raj Dev", "Update the wiki", "actions.owner_after" })
  T.eq({ actions.parse_owner("JD: book the hall") }, { "JD", "book the hall", "actions.owner_colon" })
  T.eq((actions.parse_owner("Sign-off to be agreed")), nil)
end)
T.test("actions.requested and actions.agreed_would", function()
  local list = scan("The Board requested that a report on voids be brought to the next meeting.\n\n" ..
    "It was agreed that the Chairs of the RHB and the Tenants Forum would meet to review the charter.\n")
  T.eq(pairs_of(list), { "- | a report on voids be brought to the next meeting",
    "the Chairs of the RHB and the Tenants Forum | meet to review the charter" })
  T.eq(scan("It was agreed that the motion would also be sent to the minister.\n"), {})
end)
T.test("actions: due dates and status", function()
  local list = scan("ACTION: Omar to book the hall by 21st April.\n\nACTION: Ann to send the note by end of May 2026.\n\n" ..
    "ACTION: Raj to tidy the store (COMPLETED)\n\nACTION: Raj to report by next meeting\n", { year = 2026, date = "2026-03-03", next_meeting = "2026-06-02" })
  T.eq(list[1].due, "2026-04-21")
  T.eq(list[2].due, "2026-05-31")
  T.eq(list[3].status, "done")
  T.eq(list[1].status, "open")
  T.eq(list[4].due, "2026-06-02"); T.eq(list[4].due_text, "next meeting")
  -- the due clause ending the task is taken out of its text
  T.eq(list[1].text, "book the hall")
  T.eq(list[2].text, "send the note")
  T.eq(list[4].text, "report")
end)
T.test("actions: a due date inside the task stays in its text", function()
  local list = scan("ACTION: Ann to check the invoices dated 3 May 2026 against the ledger.\n\n" ..
    "ACTION: Omar to chase the quotes (by 30/06/2026)\n", { year = 2026, date = "2026-03-03" })
  T.eq(list[1].text, "check the invoices dated 3 May 2026 against the ledger")
  T.eq(list[2].text, "chase the quotes"); T.eq(list[2].due, "2026-06-30")
end)
T.test("actions: 'Action Plan' is not a marker", function()
  T.eq(scan("Action Plan for the harbour was discussed.\n"), {})
end)
T.test("actions.block: a bullet nested under an action is a note on it", function()
  local list = scan("### Action items\n\n- Omar: book the hall\n    - the hall is free on Fridays\n        - Omar to confirm the hall is free\n- Ann will draft the letter\n")
  T.eq(pairs_of(list), { "Omar | book the hall", "Ann | draft the letter" })
end)
T.test("actions: 'Next steps:' alone opens a list; with prose after it, it is a plan", function()
  local list = scan("Next Steps:\n\n- Treasurer must file the accounts\n- Omar will book the hall\n\nNext steps: building on the work with partners\n")
  T.eq(pairs_of(list), { "Treasurer | file the accounts", "Omar | book the hall" })
  T.eq(list[1].rule, "actions.block+actions.owner_must")
end)
T.test("actions: a post owns an action ('Treasurer must ...', 'IT Manager to ...'); a heading opens the list", function()
  local list = scan("## Next Steps\n\n- Harbour Safety Officer must inspect the pontoon\n- IT Manager to renew the licences\n")
  T.eq(pairs_of(list), { "Harbour Safety Officer | inspect the pontoon", "IT Manager | renew the licences" })
  T.eq(actions.owner_like("Annual Report", nil), false)
end)

T.test("actions: owner words on edge cases (empty, blanks, UTF-8, long, lists)", function()
  local N = require "minutes.names"
  local rules = require("minutes.defaults").merge(nil)
  local inputs = {
    "", " ", "  \t ", ".", "A.", "J. Bloggs.", "Jo Bloggs.", "Jo Bloggs", "Cllr Quill", "cllr quill", "Dr. Ann Vale;",
    "Ann Vale, Bo Frost and Cy Reed", "Ann Vale AND Bo Frost", "Ann Vale/ Bo Frost & Cy Reed", "All", "all members",
    "the Chair", "Chairs: tbc", "RHB members", "Security Officer", "Head of IT Services Manager", "IT Manager.",
    "@jbloggs", "JB", "JB, KL", "Ann Vale (Chair)", "Ann Vale;;,:", "Ann  Vale", "Ann\tVale", "Ann Vale 2",
    "Caf\u{E9} Olé", "\u{C9}mile Zola", "one two three four five", "Ann Bo Cy Di Ed", "Ann Bo Cy Di",
    "The committee discussed the budget and noted the report from officers and partners",
    string.rep("Word ", 12), string.rep("w ", 31), string.rep("w ", 30), "a b c d e f g h i j k", "a b c d e f g h i j",
    "Andrew Sand", "Sandra Anderson and Bo", "Mid-Term Review Lead", "lead", "Project Lead-", "Ann O'Brien",
    "Jo Bloggs to send the report", "Team leads", "the team", "Members", "Group -", "x" .. string.rep("y", 200),
  }
  -- owner_like, owners_like, is_owner_line, is_name, is_name single
  local expect = {
    { false, false, false, false, false },
    { false, false, false, false, false },
    { false, false, false, false, false },
    { false, false, false, false, false },
    { true, true, true, false, true },
    { true, true, false, false, false },
    { true, true, false, false, false },
    { true, true, true, true, true },
    { true, true, true, false, true },
    { false, false, false, false, false },
    { true, true, true, false, false },
    { false, true, true, false, false },
    { false, true, true, false, false },
    { false, true, true, false, false },
    { true, true, true, false, true },
    { true, true, true, false, false },
    { true, true, true, false, false },
    { true, true, true, false, false },
    { true, true, true, false, false },
    { true, true, true, false, false },
    { true, true, true, false, false },
    { true, true, false, false, false },
    { true, true, true, false, false },
    { true, true, true, false, false },
    { false, true, true, false, false },
    { false, false, false, false, false },
    { true, false, false, false, false },
    { true, true, true, true, true },
    { true, true, true, true, true },
    { false, false, false, false, false },
    { true, true, true, true, true },
    { false, false, false, false, false },
    { false, false, false, false, false },
    { false, false, false, false, false },
    { true, true, true, true, true },
    { false, false, false, false, false },
    { false, false, false, false, false },
    { false, false, false, false, false },
    { false, false, false, false, false },
    { false, false, false, false, false },
    { false, false, false, false, false },
    { true, true, true, true, true },
    { false, true, true, false, false },
    { true, true, true, false, false },
    { false, false, false, false, false },
    { false, false, false, false, false },
    { true, true, true, true, true },
    { false, false, false, false, false },
    { true, true, true, false, false },
    { true, true, true, false, false },
    { true, true, true, false, true },
    { false, false, false, false, false },
    { false, false, false, false, false }
  }
  local lists = {
    "",
    "",
    "",
    ".",
    "A.",
    "J. Bloggs.",
    "Jo Bloggs.",
    "Jo Bloggs",
    "Cllr Quill",
    "cllr quill",
    "Dr. Ann Vale",
    "Ann Vale|Bo Frost|Cy Reed",
    "Ann Vale|Bo Frost",
    "Ann Vale|Bo Frost|Cy Reed",
    "All",
    "all members",
    "the Chair",
    "Chairs: tbc",
    "RHB members",
    "Security Officer",
    "Head of IT Services Manager",
    "IT Manager.",
    "@jbloggs",
    "JB",
    "JB|KL",
    "Ann Vale (Chair)",
    "Ann Vale|:",
    "Ann  Vale",
    "Ann\tVale",
    "Ann Vale 2",
    "Café Olé",
    "Émile Zola",
    "one two three four five",
    "Ann Bo Cy Di Ed",
    "Ann Bo Cy Di",
    "The committee discussed the budget|noted the report from officers|partners",
    "Word Word Word Word Word Word Word Word Word Word Word Word",
    "w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w",
    "w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w",
    "a b c d e f g h i j k",
    "a b c d e f g h i j",
    "Andrew Sand",
    "Sandra Anderson|Bo",
    "Mid-Term Review Lead",
    "lead",
    "Project Lead-",
    "Ann O'Brien",
    "Jo Bloggs to send the report",
    "Team leads",
    "the team",
    "Members",
    "Group -",
    "xyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
  }
  T.eq(#expect, #inputs)
  for i, s in ipairs(inputs) do
    T.eq({ actions.owner_like(s), actions.owners_like(s, rules), actions.is_owner_line(s, rules),
      N.is_name(s), N.is_name(s, nil, { single = true }) }, expect[i], s)
    T.eq(table.concat(N.split_list(s), "|"), lists[i], s)
  end
end)

T.test("actions.block: a heading opening a list, with trailing marks and blanks", function()
  local function list(text)
    local t = {}
    for _, a in ipairs(scan(text)) do t[#t + 1] = a.text .. "@" .. a.rule end
    return t
  end
  T.eq(list("Next steps:\n- Ann Vale to book the hall.\n"), { "book the hall@actions.block+actions.owner_to" })
  T.eq(list("**Next Steps** :  \n- Ann Vale to book the hall.\n"), { "book the hall@actions.block+actions.owner_to" })
  T.eq(list("## Actions required *\n- Ann Vale to book the hall.\n"), { "book the hall@actions.block+actions.owner_to" })
  T.eq(list("Next steps: building on the plan we go on.\n- Ann Vale to book the hall.\n"), {})
  T.eq(list("Next step\t\n- Ann Vale to book the hall.\n"), { "book the hall@actions.block+actions.owner_to" })
end)
