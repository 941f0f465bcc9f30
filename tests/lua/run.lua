-- run.lua -- runs every tests/lua/test_*.lua with stock lua5.4 and prints
-- "N passed, N failed". Plugin libraries resolve from plugins/lib.
package.path = "tests/lua/?.lua;plugins/lib/?.lua;plugins/lib/?/init.lua;" .. package.path
package.cpath = "build/?.so;" .. package.cpath
local T = require "testing"

local files = {}
local p = io.popen("ls tests/lua/test_*.lua 2>/dev/null")
for line in p:lines() do files[#files + 1] = line end
p:close()
local only = arg[1]
for _, file in ipairs(files) do
  if not only or file:find(only, 1, true) then
    local before = T.passed + T.failed
    local chunk, err = loadfile(file)
    if not chunk then
      T.failed = T.failed + 1
      io.stderr:write("FAIL ", file, ": ", err, "\n")
    else
      local ok, e = xpcall(chunk, debug.traceback)
      if not ok then
        T.failed = T.failed + 1
        io.stderr:write("FAIL ", file, ": ", tostring(e), "\n")
      end
    end
    io.write(string.format("%-40s %d tests\n", file, T.passed + T.failed - before))
  end
end
print(string.format("lua: %d passed, %d failed", T.passed, T.failed))
os.exit(T.failed == 0 and 0 or 1)
