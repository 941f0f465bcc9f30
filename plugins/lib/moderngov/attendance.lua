-- moderngov/attendance.lua -- ModernGov's attendance values -> Clerk's.
-- ModernGov writes one of a fixed set of phrases in each <attendee
-- attendance="..."> and on attendance pages. Clerk's statuses are present,
-- apologies, absent, in_attendance, substitute. "Expected" (a meeting not
-- yet held) is no status: the person is kept aside, not counted. A phrase
-- not in the table is never dropped: status() returns nil, known = false,
-- and the caller keeps the phrase verbatim and reports it.
local A = {}

A.TABLE = {
  ["present"] = "present",
  ["present, as expected"] = "present",
  ["present as expected"] = "present",
  ["attended"] = "present",
  ["in attendance"] = "in_attendance",
  ["apologies"] = "apologies",
  ["apologies received"] = "apologies",
  ["apologies, substitute sent"] = "apologies",
  ["apologies - substitute sent"] = "apologies",
  ["absent"] = "absent",
  ["not present"] = "absent",
  ["absent, no apologies"] = "absent",
  ["substitute"] = "substitute",
  ["present as substitute"] = "substitute",
  ["substitute, present"] = "substitute",
  ["attended as substitute"] = "substitute",
  ["virtual"] = "present",
  ["present, virtual"] = "present",
  ["attended virtually"] = "present",
}

-- Not yet known: listed, but the meeting has not told us.
A.PENDING = { ["expected"] = true, ["expected, virtual"] = true, [""] = true }

local function key(s)
  return ((s or ""):lower():gsub("%s+", " "):match("^%s*(.-)%s*$"))
end

-- status(phrase) -> clerk status | nil, known (boolean)
function A.status(phrase)
  local k = key(phrase)
  local st = A.TABLE[k]
  if st then return st, true end
  if A.PENDING[k] then return nil, true end
  return nil, false
end

-- "Councillor Jeremy Hilton" -> "Jeremy Hilton"; officers' names pass.
function A.name(s)
  local n = (s or ""):gsub("%s+", " "):match("^%s*(.-)%s*$")
  for _, h in ipairs { "Councillor ", "Cllr%.? ", "County Councillor ", "Alderman " } do
    local rest = n:match("^" .. h .. "(.+)$")
    if rest then return rest end
  end
  return n
end

return A
