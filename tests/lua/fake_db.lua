-- fake_db.lua -- an in-memory stand-in for the engine's db object, for
-- report tests: db:actions{} filters rows the way the store does and yields
-- them through an iterator; every call is recorded in db.calls.
local F = {}

local DB = {}
DB.__index = DB

local function lower(s) return s and s:lower() end

local function has_owner(a, owner)
  for _, name in ipairs(a.owners or {}) do
    local n, o = name:lower(), owner:lower()
    if n == o or (" " .. n .. " "):find(" " .. o .. " ", 1, true) then return true end
  end
  for _, alias in ipairs(a.aliases or {}) do
    if alias:lower() == owner:lower() then return true end
  end
  return false
end

function DB:actions(f)
  f = f or {}
  self.calls[#self.calls + 1] = { "actions", f }
  local out = {}
  for _, a in ipairs(self.rows) do
    if (not f.status or a.status == f.status)
        and (not f.body or lower(a.body) == lower(f.body))
        and (not f.since or (a.meeting_date and a.meeting_date >= f.since))
        and (not f.owner or has_owner(a, f.owner)) then
      out[#out + 1] = a
    end
  end
  local i = 0
  return function() i = i + 1; return out[i] end
end

-- `rows`: actions as db:actions yields them (plus `aliases`, the owner
-- aliases the store would match).
function F.new(rows)
  return setmetatable({ rows = rows, calls = {} }, DB)
end

return F
