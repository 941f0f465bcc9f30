-- Tests for minutes/names.lua on invented names.
local T = require "testing"
local names = require "minutes.names"

T.test("names: honorifics and ranks are stripped", function()
  T.eq(names.strip_honorifics("Cllr Priya Nandra"), "Priya Nandra")
  T.eq(select(2, names.strip_honorifics("Cllr. Priya Nandra")), "Cllr")
  T.eq(names.strip_honorifics("Detective Superintendent Olu Barnes"), "Olu Barnes")
  T.eq(names.strip_honorifics("Dr Mira Okafor"), "Mira Okafor")
end)
T.test("names: name-likeness rejects job titles and bodies", function()
  T.ok(names.is_name("Priya Nandra"))
  T.ok(names.is_name("Peter de Vries"))
  T.ok(names.is_name("Aled Llwyd-Hughes"))
  T.ok(not names.is_name("Head of Housing"))
  T.ok(not names.is_name("Riverside Housing Board"))
  T.ok(not names.is_name("Nandra"))
  T.ok(names.is_name("Nandra", nil, { single = true }))
end)
T.test("names: initials", function()
  T.eq(names.initials("Priya Nandra"), "PN")
  T.eq(names.initials("Mary-Jane de Vries"), "MJV")
end)
T.test("names: shouted titles become title case", function()
  T.eq(names.title_case("REVIEW OF THE HARBOUR BYLAWS"), "Review of the Harbour Bylaws")
  T.ok(names.is_shouting("REVIEW OF THE HARBOUR BYLAWS"))
  T.ok(not names.is_shouting("Review of the bylaws"))
end)
T.test("names: lists split on ; , / & and", function()
  T.eq(names.split_list("Ann Lee; Raj Patel, Jo Kim and Sam Ode"), { "Ann Lee", "Raj Patel", "Jo Kim", "Sam Ode" })
  T.eq(names.split_list("Ann Lee/ Raj Patel"), { "Ann Lee", "Raj Patel" })
  T.eq(names.split_list("Ann Lee (Chair, Riverside)"), { "Ann Lee (Chair, Riverside)" })
end)
T.test("names: trim and squash keep their meaning on every kind of blank", function()
  -- (they walk the ends by hand now, instead of "%s+$" scans)
  T.eq(names.trim(""), "")
  T.eq(names.trim(" \t\r\n\v\f"), "")
  T.eq(names.trim("  Ann Lee \n"), "Ann Lee")
  T.eq(names.trim("Ann"), "Ann")
  T.eq(names.trim("\tA\tB\t"), "A\tB")
  T.eq(names.squash("Ann\n\n  Lee\t(Chair)  "), "Ann Lee (Chair)")
  T.eq(names.squash("Ann Lee"), "Ann Lee")
  T.eq(names.squash("Ann\vLee\f"), "Ann Lee")
  T.eq(names.squash("   "), "")
end)
T.test("names: split_list keeps brackets with their name", function()
  T.eq(names.split_list("Ann Lee (Chair, RHT), Raj Patel and Jo Bloggs (for A and B); Sam Berg"),
    { "Ann Lee (Chair, RHT)", "Raj Patel", "Jo Bloggs (for A and B)", "Sam Berg" })
  T.eq(names.split_list("(Chair) Ann Lee AND Raj Patel / Jo & Sam"), { "(Chair) Ann Lee", "Raj Patel", "Jo", "Sam" })
  T.eq(names.split_list("Ann Lee (unclosed, still one"), { "Ann Lee (unclosed, still one" })
  T.eq(names.split_list("A) B, C"), { "A) B", "C" })
  T.eq(names.split_list(" and , ( )"), { "( )" })
end)

T.test("names: squash, memoised, gives the same on every call", function()
  local N = require "minutes.names"
  local cases = {
    { "", "" }, { "   ", "" }, { "\t\n\r\v\f", "" }, { "a", "a" }, { " a  b ", "a b" }, { "a\tb\nc", "a b c" },
    { "caf\u{E9}  \u{E9}t\u{E9}", "caf\u{E9} \u{E9}t\u{E9}" }, { "one two", "one two" }, { "\u{A0}x", "\u{A0}x" },
  }
  for round = 1, 2 do
    for _, c in ipairs(cases) do T.eq(N.squash(c[1]), c[2], c[1]) end
  end
  local long = string.rep("word  ", 2000)
  T.eq(N.squash(long), (string.rep("word ", 2000):gsub(" $", "")))
  T.eq(N.squash(long), (string.rep("word ", 2000):gsub(" $", "")))
  require("minutes.defaults").reset_memos()
  T.eq(N.squash(" a  b "), "a b")
end)
