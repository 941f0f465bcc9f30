-- Tests for minutes/owners.lua on invented people.
local T = require "testing"
local owners = require "minutes.owners"

local function reg()
  local r = owners.new()
  r:add("Priya Nandra", true); r:add("Sean Whitby", true); r:add("Sara Wells", true)
  r:add("Daniel Okoro", true); r:add("Tom Akers", true); r:add("Timothy Ross", true)
  r.chair = "Priya Nandra"
  r.body_acronyms = { rhb = true, ["riverside housing board"] = true }
  return r
end

T.test("owners: surname with honorific, first name, initials", function()
  local r = reg()
  T.eq(r:resolve("Cllr Nandra"), "Priya Nandra")
  T.eq(r:resolve("Tom"), "Tom Akers")
  T.eq(r:resolve("DO"), "Daniel Okoro")
  T.eq(r:resolve("Dan Okoro"), "Daniel Okoro")
end)
T.test("owners: two fits are kept as written and marked ambiguous", function()
  local o = reg():resolve("SW")
  T.eq(o.name, "SW"); T.ok(o.ambiguous)
  T.eq(#o.candidates, 2)
end)
T.test("owners: no fit keeps the words", function()
  T.eq(reg():resolve("Mullins"), "Mullins")
  T.eq(reg():resolve("Councillor Mullins"), "Mullins")
end)
T.test("owners: groups stay groups", function()
  T.eq(reg():resolve("All"), { name = "All", group = true })
  T.eq(reg():resolve("RHB members"), { name = "RHB members", group = true })
  T.eq(reg():resolve("All ward leads"), { name = "All ward leads", group = true })
end)
T.test("owners: several owners, and 'Chairs of X and Y'", function()
  local r = reg()
  T.eq(r:resolve_all("Tom Akers/ Cllr Nandra"), { "Tom Akers", "Priya Nandra" })
  T.eq(r:resolve_all("Tom & Daniel Okoro"), { "Tom Akers", "Daniel Okoro" })
  T.eq(r:resolve_all("the Chairs of the RHB and the Tenants Forum"), { "Priya Nandra", "Chair of the Tenants Forum" })
end)
T.test("owners: introduced initials", function()
  local r = reg()
  r:add("Jade Dunmore"); r:alias("JDM", "Jade Dunmore")
  T.eq(r:resolve("JDM"), "Jade Dunmore")
end)
T.test("owners: an abbreviation the rules define owns as an organisation (group)", function()
  local defaults = require "minutes.defaults"
  local r = owners.new(defaults.merge({ abbreviations = { HAS = "Harbourside Allotments Society" } }))
  r:add("Hannah Abbot Smith", true)    -- initials HAS too: the rules' abbreviation wins
  T.eq(r:resolve("HAS"), { name = "Harbourside Allotments Society", group = true })
  T.eq(owners.new():resolve("HAS"), "HAS")
end)
