-- rows.lua -- collects what a db method yields (an iterator, or an array)
-- into an array, so reports do not depend on which one the engine gives.
local M = {}

function M.collect(f, s, c)
  if type(f) == "table" and getmetatable(f) == nil then return f end
  if f == nil then return {} end
  local out = {}
  for row in f, s, c do out[#out + 1] = row end
  return out
end

return M
