-- testing.lua -- a tiny test library for Clerk's Lua tests.
-- Usage in a test file:
--   local T = require "testing"
--   T.test("name", function() T.eq(1 + 1, 2) end)
--   return T.done()     -- (run.lua calls done for you when running a suite)
local T = { passed = 0, failed = 0, failures = {} }

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) ~= "table" then return tostring(v) end
  local parts, n = {}, 0
  for k, x in pairs(v) do
    n = n + 1
    if n > 20 then parts[#parts + 1] = "..."; break end
    parts[#parts + 1] = tostring(k) .. "=" .. show(x)
  end
  table.sort(parts)
  return "{" .. table.concat(parts, ", ") .. "}"
end
T.show = show

local function deep_eq(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do if not deep_eq(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
T.deep_eq = deep_eq

function T.eq(got, want, msg)
  if not deep_eq(got, want) then
    error((msg and msg .. ": " or "") .. "expected " .. show(want) .. ", got " .. show(got), 2)
  end
end

function T.ok(v, msg)
  if not v then error(msg or "expected a true value", 2) end
  return v
end

function T.match(s, pattern, msg)
  if type(s) ~= "string" or not s:find(pattern) then
    error((msg and msg .. ": " or "") .. "expected " .. show(s) .. " to match " .. show(pattern), 2)
  end
end

-- Asserts that f raises an error whose message matches pattern.
function T.raises(f, pattern)
  local ok, err = pcall(f)
  if ok then error("expected an error", 2) end
  if pattern and not tostring(err):find(pattern) then
    error("error " .. show(tostring(err)) .. " does not match " .. show(pattern), 2)
  end
  return err
end

function T.test(name, f)
  local ok, err = xpcall(f, debug.traceback)
  if ok then
    T.passed = T.passed + 1
  else
    T.failed = T.failed + 1
    T.failures[#T.failures + 1] = name .. ": " .. tostring(err)
    io.stderr:write("FAIL ", name, "\n  ", tostring(err):gsub("\n", "\n  "), "\n")
  end
end

-- The directory holding this repository (tests run from the top).
T.root = os.getenv("CLERK_ROOT") or "."
T.shared = T.root .. "/../shared"

function T.read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

return T
