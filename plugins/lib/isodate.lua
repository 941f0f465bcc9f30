-- isodate.lua -- checks for the ISO 8601 dates (YYYY-MM-DD) and 24-hour
-- times (HH:MM) of the interchange format and of report options.
local M = {}

local DAYS = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

function M.is_date(s)
  if type(s) ~= "string" then return false end
  local y, m, d = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if not y then return false end
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if m < 1 or m > 12 or d < 1 or d > DAYS[m] then return false end
  local leap = (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0
  return not (m == 2 and d == 29 and not leap)
end

function M.is_time(s)
  if type(s) ~= "string" then return false end
  local h, m = s:match("^(%d%d):(%d%d)$")
  return h ~= nil and tonumber(h) < 24 and tonumber(m) < 60
end

-- Raises a user error unless the report option `name` is absent or a date.
function M.check_option(opts, name)
  local v = opts[name]
  if v ~= nil and not M.is_date(v) then
    error(string.format("option %s: expected a date YYYY-MM-DD, got %q", name, tostring(v)), 0)
  end
  return v
end

return M
