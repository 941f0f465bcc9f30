-- plugin_env.lua -- loads a plugin under stock lua5.4 the way the engine
-- does: its own _ENV of safe globals, a `require` for plugins/lib, and a
-- `clerk` table. clerk.json comes from build/clerk.so when it is built;
-- without it, tests that need JSON are skipped with a note.
local P = {}

local SAFE = { "assert", "error", "ipairs", "next", "pairs", "pcall", "print", "rawequal",
               "rawget", "rawlen", "rawset", "select", "setmetatable", "getmetatable",
               "tonumber", "tostring", "type", "xpcall" }

local LIB = "plugins/lib/"

-- The engine's module, when build/clerk.so exists and loads.
local engine
do
  local f = io.open("build/clerk.so", "rb")
  if f then
    f:close()
    local ok, mod = pcall(require, "clerk")
    if ok and type(mod) == "table" and type(mod.json) == "table" then engine = mod end
  end
end
P.json = engine and engine.json
P.has_json = P.json ~= nil
P.has_xml = engine ~= nil and type(engine.xml) == "table" and engine.xml.parse ~= nil

-- Strict: a plugin or library that reads an undefined global or sets one
-- (a forgotten `local`) fails its test.
local STRICT = {
  __index = function(_, k) error("undefined global '" .. tostring(k) .. "'", 2) end,
  __newindex = function(_, k) error("assignment to global '" .. tostring(k) .. "'", 2) end,
}

local function safe_env(clerk, require)
  local env = {}
  for _, name in ipairs(SAFE) do env[name] = _G[name] end
  env.string, env.table, env.math, env.utf8 = string, table, math, utf8
  env.os = { time = os.time, date = os.date, clock = os.clock }
  env.clerk, env.require = clerk, require
  return setmetatable(env, STRICT)
end

-- A fresh environment; libraries required from it load once per environment,
-- each in an environment of its own.
function P.env()
  local clerk = { version = engine and engine.version or "test", api = 1, json = P.json,
    zip = engine and engine.zip, xml = engine and engine.xml, text = engine and engine.text }
  local loaded = {}
  local function require(name)
    if loaded[name] == nil then
      local path = LIB .. name:gsub("%.", "/") .. ".lua"
      local chunk = assert(loadfile(path, "t", safe_env(clerk, require)))
      loaded[name] = chunk() or true
    end
    return loaded[name]
  end
  return safe_env(clerk, require)
end

-- The plugin table of the file at `path` (e.g. "plugins/report/actions.lua").
function P.load(path)
  local env = P.env()
  local chunk = assert(loadfile(path, "t", env))
  local plugin = chunk()
  assert(type(plugin) == "table" and plugin.api == 1, path .. ": not a plugin table")
  return plugin, env
end

-- A library as a plugin sees it.
function P.lib(name)
  return P.env().require(name)
end

-- Prints a note once for a test that cannot run here.
local noted = {}
function P.skip(what, why)
  local note = "SKIP " .. what .. ": " .. why
  if not noted[note] then
    noted[note] = true
    io.stderr:write(note, "\n")
  end
end

-- An `out` object collecting what a writer writes.
function P.out()
  local parts = {}
  return {
    write = function(self, ...)
      for i = 1, select("#", ...) do
        local s = select(i, ...)
        assert(type(s) == "string", "out:write takes strings, got " .. type(s))
        parts[#parts + 1] = s
      end
    end,
    text = function() return table.concat(parts) end,
  }
end

-- Renders `doc` with the writer named `name`; returns the output string.
function P.render(name, doc)
  local writer = P.load("plugins/format/" .. name .. ".lua")
  local out = P.out()
  writer.write(doc, out)
  return out.text()
end

return P
