-- Tests for minutes/defaults.lua: rules files extend the defaults.
local T = require "testing"
local defaults = require "minutes.defaults"

T.test("defaults: lists are appended to, maps overlaid", function()
  local r = defaults.merge { group_words = { "wardens" }, abbreviations = { RHB = "Riverside Housing Board" },
    attendance_labels = { ["councillors attending"] = "present" } }
  local groups = defaults.set_of(r.group_words)
  T.ok(groups.wardens and groups.members)
  T.eq(r.abbreviations.RHB, "Riverside Housing Board")
  T.eq(r.attendance_labels["councillors attending"], "present")
  T.eq(r.attendance_labels["apologies"], "apologies")
end)
T.test("defaults: merging does not change the defaults", function()
  defaults.merge { group_words = { "wardens" } }
  T.ok(not defaults.set_of(defaults.group_words).wardens)
end)
