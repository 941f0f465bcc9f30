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
