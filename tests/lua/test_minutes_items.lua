-- Tests for minutes/items.lua on invented agendas.
local T = require "testing"
local items = require "minutes.items"
local interpret = require "minutes.interpret"
local blocks = require "minutes.blocks"

local function find(text)
  return items.find(interpret.units(blocks.read(text)))
end
local function titles(list)
  local t = {}
  for _, it in ipairs(list) do t[#t + 1] = (it.number or "-") .. " " .. (it.title or "nil") end
  return t
end

T.test("items.numbered: shouted titles become title case, sub-lists are skipped", function()
  local list = find("41. HARBOUR DREDGING\n\n1. Ann Lee reported on the dredging programme and its costs, at length.\n\n42. ANY OTHER BUSINESS\n")
  T.eq(titles(list), { "41 Harbour Dredging", "42 Any Other Business" })
  T.eq(list[1].rule, "items.numbered")
end)
T.test("items.number_line: number, then title; pdf noise removed", function()
  local list = find("7.\n\nTenant Survey pdf icon PDF 120 KB\n\nMinutes:\n\n7a\n\nSurvey - follow up\n")
  T.eq(titles(list), { "7 Tenant Survey", "7a Survey - follow up" })
end)
T.test("items.agenda_row: number or time, title, lead; labels are not titles", function()
  local list = find("1.\t6.00 pm\tWelcome and apologies\tChair\n" ..
    "6 10 pm\tBudget monitoring\tTreasurer\n" ..
    "3.\t6.30 pm (10 mins)\tContext: this item reviews the budget\tAnn Lee\n")
  T.eq(titles(list), { "1 Welcome and apologies", "- Budget monitoring", "3 nil" })
end)
T.test("items.heading: markdown headings when nothing is numbered", function()
  local list = find("# Parks Forum\n\n## Attendees\n\n* Ann Lee\n\n### Playground repairs\n\ntext\n\n### Tree survey\n")
  T.eq(titles(list), { "- Playground repairs", "- Tree survey" })
end)
T.test("items.run_in: title then a speaker, when nothing else marks items", function()
  local list = find("Notes 1. Welcome and Introductions Cllr Nandra welcomed everyone. 2.\n\n" ..
    "Harbour Dredging Update Omar Vale gave an update on dredging.\n\n" ..
    "Tenant Survey. Zara Quinn presented the results.\n")
  T.eq(titles(list), { "1 Welcome and Introductions", "2 Harbour Dredging Update", "- Tenant Survey" })
end)
T.test("items.heading: a numbered heading keeps its number apart", function()
  local interpret = require "minutes.interpret"
  local blocks = require "minutes.blocks"
  local text = "# Harbour group notes\n\n3 May 2026\n\n## 1. Moorings\n\nNoted.\n\n### 1.2. Visitor berths\n\nNoted.\n\n## 2026 budget\n\nNoted.\n"
  local m = interpret.meeting(blocks.read(text), { data = text })
  T.eq({ m.items[1].number, m.items[1].title }, { "1", "Moorings" })
  T.eq({ m.items[2].number, m.items[2].title }, { "1.2", "Visitor berths" })
  T.eq(m.items[3].title, "2026 budget")
end)
T.test("actions and decisions: W3C style 'Action #2:' and 'Resolution #1:'", function()
  local actions = require "minutes.actions"
  local decisions = require "minutes.decisions"
  local interpret = require "minutes.interpret"
  local blocks = require "minutes.blocks"
  local list = actions.scan(interpret.units(blocks.read("* [Action #2](#action2): draft the berth policy (Ann Lee)\n")), nil, { year = 2026 })
  T.eq({ list[1].text, list[1].owner, list[1].ref }, { "draft the berth policy", "Ann Lee", "2" })
  T.eq(decisions.find("Resolution #1: publish the berth policy as a draft", nil, false)[1].text, "publish the berth policy as a draft")
end)

T.test("items and reviews: titles, review lines and run-in numbers on edge cases", function()
  local function run()
    local I = require "minutes.items"
    local R = require "minutes.reviews"
    local function ser(v)
      if type(v) ~= "table" then return tostring(v) end
      local ks = {}
      for k in pairs(v) do ks[#ks + 1] = k end
      table.sort(ks, function(a, b) return tostring(a) < tostring(b) end)
      local o = {}
      for _, k in ipairs(ks) do o[#o + 1] = tostring(k) .. "=" .. ser(v[k]) end
      return "{" .. table.concat(o, ",") .. "}"
    end
    local titles = {
      "", " ", "Budget:", "Budget :  ", "Budget: next", "HOUSING REPAIRS AND VOIDS", "Report pdf icon", "Report PDF 1.2 MB",
      "Report PDF 12KB more", "Item View the reasons why it was late", "Welcome (5 mins)", "Welcome (10 min)", "Welcome  (5 mins) ;:,",
      "- Welcome", "Caf\u{E9} plans.", "Is this a question?", string.rep("word ", 13) .. "end.", string.rep("word ", 12) .. "end.",
      string.rep("Word ", 26), string.rep("Word ", 25), "(5 mins)", "Context: the plan", "Minutes of last meeting", "Titles ending in admin",
      "\u{201C}Quoted title\u{201D}", "1. Numbered", "a lower start",
    }
    local out = {}
    for _, t in ipairs(titles) do
      local c = I.clean_title(t)
      out[#out + 1] = string.format("%q -> %q %s %s", t, c, tostring(I.title_like(t)), tostring(I.title_like(c)))
    end
    local revs = {
      "", "Actions 3 and 4 complete.", "actions 3, 4 & 5 carried over", "Transactions 3 complete", "Action 7 done; Action 8 open.",
      "Actions\t12a remain open", "Action  9: closed", "Actions 2 carried forward", "functions 3 done", "(Action 4) completed",
      "xActions 4 done", "-Actions 4 done", "Actions", "Action", "ction 5", "Actions 5", "Actions 5 \u{2705}", "The report (carried over)",
      "HSP07 - completed", "Publish the revised timetable for the hall \u{2705} done", string.rep("section ", 100) .. "Actions 6 complete.",
    }
    for _, t in ipairs(revs) do out[#out + 1] = string.format("%q => %s", t, ser(R.scan_text(t))) end
    -- run-in titles numbered by a previous paragraph's ending
    local function para(t) return { kind = "paragraph", text = t, span = { 1, #t } } end
    local docs = {
      { para("Opening words 4."), para("Road Safety Plan Ann Vale presented the plan."), para("Parks Ann Vale noted the parks."), para("Next Bo Frost noted more.") },
      { para("Words 12."), para("Road Safety Plan Ann Vale presented the plan."), para("End 123."), para("Parks Review Ann Vale noted the parks."), para("x 5."), para("More Things Bo Frost noted more.") },
      { para("5."), para("Road Safety Plan Ann Vale presented the plan."), para(" 6."), para("Parks Ann Vale noted the parks."), para("a7."), para("Next Bo Frost noted more.") },
    }
    for _, d in ipairs(docs) do out[#out + 1] = ser(I.find(d)) end
    return table.concat(out, "\n")

  end
  local expected = [==["" -> "" false false
" " -> "" false false
"Budget:" -> "Budget" false true
"Budget :  " -> "Budget" false true
"Budget: next" -> "Budget: next" true true
"HOUSING REPAIRS AND VOIDS" -> "Housing Repairs and Voids" true true
"Report pdf icon" -> "Report" true true
"Report PDF 1.2 MB" -> "Report" true true
"Report PDF 12KB more" -> "Report more" true true
"Item View the reasons why it was late" -> "Item" true true
"Welcome (5 mins)" -> "Welcome" true true
"Welcome (10 min)" -> "Welcome" true true
"Welcome  (5 mins) ;:," -> "Welcome" true true
"- Welcome" -> "Welcome" false true
"Café plans." -> "Café plans." true true
"Is this a question?" -> "Is this a question?" true true
"word word word word word word word word word word word word word end." -> "word word word word word word word word word word word word word end." false false
"word word word word word word word word word word word word end." -> "word word word word word word word word word word word word end." false false
"Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word " -> "Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word" false false
"Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word " -> "Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word Word" true true
"(5 mins)" -> "" false false
"Context: the plan" -> "Context: the plan" false false
"Minutes of last meeting" -> "Minutes of last meeting" true true
"Titles ending in admin" -> "Titles ending in admin" true true
"“Quoted title”" -> "“Quoted title”" true true
"1. Numbered" -> "1. Numbered" true true
"a lower start" -> "a lower start" false false
"" => {}
"Actions 3 and 4 complete." => {1={note=completed,refs={1=3,2=4},rule=reviews.numbered,status=done}}
"actions 3, 4 & 5 carried over" => {1={note=carried over,refs={1=3,2=4,3=5},rule=reviews.numbered,status=open}}
"Transactions 3 complete" => {}
"Action 7 done; Action 8 open." => {1={note=completed,ref=7,rule=reviews.numbered,status=done}}
"Actions\00912a remain open" => {1={note=carried over,ref=12a,rule=reviews.numbered,status=open}}
"Action  9: closed" => {1={note=closed,ref=9,rule=reviews.numbered,status=done}}
"Actions 2 carried forward" => {1={note=carried over,ref=2,rule=reviews.numbered,status=open}}
"functions 3 done" => {}
"(Action 4) completed" => {1={note=completed,ref=4,rule=reviews.numbered,status=done}}
"xActions 4 done" => {}
"-Actions 4 done" => {1={note=completed,ref=4,rule=reviews.numbered,status=done}}
"Actions" => {}
"Action" => {}
"ction 5" => {}
"Actions 5" => {}
"Actions 5 ✅" => {1={note=ticked complete,ref=5,rule=reviews.numbered,status=done}}
"The report (carried over)" => {1={note=carried over,rule=reviews.carried,status=open,text=The report}}
"HSP07 - completed" => {1={note=completed,ref=HSP07,rule=reviews.code,status=done}}
"Publish the revised timetable for the hall ✅ done" => {1={note=ticked complete,rule=reviews.tick,status=done,text=Publish the revised timetable for the hall done}}
"section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section section Actions 6 complete." => {1={note=completed,ref=6,rule=reviews.numbered,status=done}}
{1={at=2,cut=18,number=4,rule=items.run_in,span={1=1,2=45},title=Road Safety Plan}}
{1={at=2,cut=18,number=12,rule=items.run_in,span={1=1,2=45},title=Road Safety Plan},2={at=4,cut=14,rule=items.run_in,span={1=1,2=38},title=Parks Review},3={at=6,cut=13,number=5,rule=items.run_in,span={1=1,2=32},title=More Things}}
{1={at=2,cut=18,rule=items.run_in,span={1=1,2=45},title=Road Safety Plan}}]==]
  local got = run()
  local el, gl = {}, {}
  for l in (expected .. "\n"):gmatch("(.-)\n") do el[#el + 1] = l end
  for l in (got .. "\n"):gmatch("(.-)\n") do gl[#gl + 1] = l end
  T.eq(#gl, #el)
  for i = 1, #el do T.eq(gl[i], el[i]) end
end)
