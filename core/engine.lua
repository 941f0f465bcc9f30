-- engine.lua -- the engine's own Lua: plugin discovery, validation and
-- environments, library `require`, and the import/report/extract drivers.
-- Embedded into the library at build time; runs with the full standard
-- library, but hands each plugin a curated environment of its own.
-- C passes in `host`: listdir, json, docx, xml, zip, text, new_buffer, api, version, folders.
local host = ...
local _ENV = setmetatable({}, {
  __index = _G,
  __newindex = function(_, k) error("engine.lua: assignment to undeclared global '" .. tostring(k) .. "'", 2) end,
})

local M = {}
local KINDS = { importer = "import", report = "report", writer = "format" }

-- Errors the C side maps to status codes: {code = ..., message = ...}.
local function fail(code, message) error({ code = code, message = message }, 0) end

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

-- The environment a plugin, library or rules file sees: safe base functions
-- and private copies of the standard tables, so no plugin can alter another's.
local SAFE = { "assert", "error", "ipairs", "next", "pairs", "pcall", "print", "rawequal",
  "rawget", "rawlen", "rawset", "select", "setmetatable", "getmetatable", "tonumber",
  "tostring", "type", "xpcall" }

local libs, loading = {}, {}
local plugins = { importer = {}, report = {}, writer = {} }
local listing = {}          -- every plugin file seen, for `clerk plugins`
local loaded = false
local rules = nil

local make_env

local function lib_require(name)
  if type(name) ~= "string" or not name:match("^[%w_%.%-]+$") then
    error("require: bad module name " .. tostring(name), 2)
  end
  if libs[name] ~= nil then return libs[name] end
  if loading[name] then error("require: module '" .. name .. "' requires itself", 2) end
  local rel = name:gsub("%.", "/")
  for _, folder in ipairs(host.folders) do
    for _, cand in ipairs({ folder .. "/lib/" .. rel .. ".lua", folder .. "/lib/" .. rel .. "/init.lua" }) do
      local f = io.open(cand, "rb")
      if f then
        f:close()
        local chunk, err = loadfile(cand, "t", make_env())
        if not chunk then error(err, 0) end
        loading[name] = true
        local ok, value = pcall(chunk, name)
        loading[name] = nil
        if not ok then error(value, 0) end
        if value == nil then value = true end
        libs[name] = value
        return value
      end
    end
  end
  error("module '" .. name .. "' not found in the plugin folders' lib/", 2)
end

local function clerk_helpers()
  return {
    json = host.json, version = host.version, api = host.api,
    docx = host.docx, xml = host.xml, zip = host.zip, text = host.text,
    plugins = function() return M.list() end,
  }
end

make_env = function()
  local env = {}
  for _, k in ipairs(SAFE) do env[k] = _G[k] end
  env.string, env.table, env.math, env.utf8 = copy(string), copy(table), copy(math), copy(utf8)
  env.os = { time = os.time, date = os.date, clock = os.clock }
  env.require = lib_require
  env.clerk = clerk_helpers()
  env._G = env
  env._VERSION = _VERSION
  return env
end

-- Plugin validation: every error names the file and the field.
local function check(path, p)
  local function bad(field, want)
    fail("plugin", string.format("%s: field '%s' must be %s", path, field, want))
  end
  if type(p) ~= "table" then fail("plugin", path .. ": must return a table, got " .. type(p)) end
  if math.type(p.api) ~= "integer" then bad("api", "an integer (this engine speaks " .. host.api .. ")") end
  if p.api > host.api then
    fail("plugin", string.format("%s: targets plugin API %d, this engine speaks %d", path, p.api, host.api))
  end
  if not KINDS[p.kind] then bad("kind", '"importer", "report" or "writer"') end
  if type(p.name) ~= "string" or not p.name:match("^[a-z][a-z0-9_%-]*$") then
    bad("name", "a lower-case name ([a-z][a-z0-9_-]*)")
  end
  if p.description ~= nil and type(p.description) ~= "string" then bad("description", "a string") end
  if p.kind == "importer" then
    if type(p.detect) ~= "function" then bad("detect", "a function") end
    if type(p.import) ~= "function" then bad("import", "a function") end
    if p.extensions ~= nil and type(p.extensions) ~= "table" then bad("extensions", "a table of strings") end
  elseif p.kind == "report" then
    if type(p.build) ~= "function" then bad("build", "a function") end
    if p.options ~= nil and type(p.options) ~= "table" then bad("options", "a table") end
  else
    if type(p.write) ~= "function" then bad("write", "a function") end
    if type(p.extension) ~= "string" then bad("extension", "a string") end
    if p.aliases ~= nil and type(p.aliases) ~= "table" then bad("aliases", "a table of strings") end
  end
end

local function load_plugin(path, expected_kind)
  local chunk, err = loadfile(path, "t", make_env())
  if not chunk then return nil, err end
  local ok, p = pcall(chunk)
  if not ok then return nil, path .. ": " .. (type(p) == "table" and p.message or tostring(p)) end
  local okc, e = pcall(check, path, p)
  if not okc then return nil, type(e) == "table" and e.message or tostring(e) end
  if p.kind ~= expected_kind then
    return nil, string.format("%s: kind '%s' found in the folder for %s plugins", path, p.kind, expected_kind)
  end
  return p
end

-- Discovery in the fixed order; the first plugin of a kind and name wins.
function M.load()
  if loaded then return end
  loaded = true
  for _, folder in ipairs(host.folders) do
    for kind, sub in pairs(KINDS) do
      local dir = folder .. "/" .. sub
      for _, file in ipairs(host.listdir(dir)) do
        if file:match("%.lua$") then
          local path = dir .. "/" .. file
          local p, err = load_plugin(path, kind)
          local entry = { kind = kind, path = path, name = file:gsub("%.lua$", "") }
          if not p then
            entry.status, entry.error = "failed", err
          else
            entry.name, entry.description = p.name, p.description
            if plugins[kind][p.name] then
              entry.status = "hidden"
              entry.error = "hidden by " .. plugins[kind][p.name].path
            else
              entry.status = "ok"
              plugins[kind][p.name] = { plugin = p, path = path }
            end
          end
          listing[#listing + 1] = entry
        end
      end
    end
  end
end

function M.list()
  M.load()
  local out = {}
  for i, e in ipairs(listing) do out[i] = copy(e) end
  return out
end

function M.find(kind, name)
  M.load()
  local entry = plugins[kind] and plugins[kind][name]
  if entry then return entry.plugin end
  if kind == "writer" then   -- writers may be named by alias ("md")
    for _, w in pairs(plugins.writer) do
      for _, a in ipairs(w.plugin.aliases or {}) do
        if a == name then return w.plugin end
      end
    end
  end
  return nil
end

local function names_of(kind)
  M.load()
  local t = {}
  for name in pairs(plugins[kind]) do t[#t + 1] = name end
  table.sort(t)
  return table.concat(t, ", ")
end

-- Internal errors of a plugin carry its file and line; input errors do not.
local function plugin_error(what, err)
  if type(err) == "table" then
    if err.code then error(err, 0) end
    err = err.message or err.err or tostring(err)
  end
  err = tostring(err)
  if err:match("^[^\n]-%.lua:%d+:") then
    fail("plugin", "internal error in " .. what .. ": " .. err)
  end
  fail("format", err)
end

-- Chooses an importer: by name, else by the highest detect score.
function M.choose(input, format)
  M.load()
  if format then
    local p = M.find("importer", format)
    if not p then fail("notfound", "no importer named '" .. format .. "' (importers: " .. names_of("importer") .. ")") end
    return p.name
  end
  local best, best_score = nil, 0
  local names = {}
  for name in pairs(plugins.importer) do names[#names + 1] = name end
  table.sort(names)     -- deterministic when scores tie
  for _, name in ipairs(names) do
    local p = plugins.importer[name].plugin
    local ok, score = pcall(p.detect, input)
    if ok and type(score) == "number" and score > best_score then best, best_score = name, score end
  end
  return best
end

function M.set_rules(t) rules = t end

function M.load_rules(path)
  local chunk, err = loadfile(path, "t", make_env())
  if not chunk then fail("format", err) end
  local ok, t = pcall(chunk)
  if not ok then fail("format", path .. ": " .. tostring(t)) end
  if type(t) ~= "table" then fail("format", path .. ": a rules file must return a table") end
  rules = t
end

function M.import(importer, input, sink)
  local p = M.find("importer", importer)
  local ok, err = pcall(p.import, input, sink, { rules = rules })
  if not ok then plugin_error("importer '" .. importer .. "'", err) end
end

-- Extract: the meetings the sink collected, as interchange JSON or, with
-- explain, as text showing each record's words and rule.
function M.render_extract(meetings, input, explain)
  local ex = lib_require("extract")
  if explain then return ex.explain(meetings, input) end
  return ex.to_json(meetings, input)
end

function M.report(name, writer_name, options, db)
  local r = M.find("report", name)
  if not r then fail("notfound", "no report named '" .. name .. "' (reports: " .. names_of("report") .. ")") end
  local w = M.find("writer", writer_name)
  if not w then fail("notfound", "no format named '" .. writer_name .. "' (formats: " .. names_of("writer") .. ")") end
  local declared = r.options or {}
  for k in pairs(options) do
    if declared[k] == nil then
      local known = {}
      for n in pairs(declared) do known[#known + 1] = n end
      table.sort(known)
      fail("misuse", string.format("report '%s' has no option '%s'%s", name, k,
        #known > 0 and " (options: " .. table.concat(known, ", ") .. ")" or ""))
    end
  end
  local ok, doc = pcall(r.build, db, options)
  if not ok then plugin_error("report '" .. name .. "'", doc) end
  if type(doc) ~= "table" then fail("plugin", "report '" .. name .. "' returned " .. type(doc) .. ", not a document") end
  local out = host.new_buffer()
  local okw, err = pcall(w.write, doc, out)
  if not okw then plugin_error("format '" .. w.name .. "'", err) end
  return out
end

-- A user's report script (clerk report --script FILE) runs in a sandbox: the
-- plugin environment with every way out refused by name (os.execute,
-- io.popen, load, C modules...), string metatables out of reach, and C-side
-- limits on memory, instructions and time (host.sandbox). Its output goes
-- only through the writer.
local function refuse(what)
  return function() error(what .. " is not allowed in a report script (sandbox)", 2) end
end

local function refusing_table(name, allowed)
  return setmetatable(allowed or {}, { __index = function(_, k)
    error(name .. "." .. tostring(k) .. " is not allowed in a report script (sandbox)", 2)
  end })
end

local function sandbox_env()
  local env = make_env()
  env.os = refusing_table("os", { time = os.time, date = os.date, clock = os.clock })
  env.io = refusing_table("io")
  env.package = refusing_table("package")
  env.debug = refusing_table("debug")
  env.load, env.loadfile, env.dofile = refuse("load"), refuse("loadfile"), refuse("dofile")
  env.loadstring, env.collectgarbage = refuse("loadstring"), refuse("collectgarbage")
  env.string.dump = refuse("string.dump")
  env.getmetatable = function(v)
    if type(v) == "string" then return nil end     -- the string library is shared; hands off
    return getmetatable(v)
  end
  env.require = function(name)
    local ok, v = pcall(lib_require, name)
    if ok then return v end
    error("require '" .. tostring(name) .. "': report scripts may load only Lua libraries from the" ..
      " plugin folders' lib/, never C modules (" .. tostring(v) .. ")", 2)
  end
  return env
end

function M.report_script(path, writer_name, options, db)
  local w = M.find("writer", writer_name)
  if not w then fail("notfound", "no format named '" .. writer_name .. "' (formats: " .. names_of("writer") .. ")") end
  local f = io.open(path, "rb")
  if not f then fail("io", path .. ": cannot open the report script") end
  local src = f:read(1 << 20 + 1) or ""
  f:close()
  if #src > (1 << 20) then fail("toobig", path .. ": a report script is at most 1 MiB") end
  if src:sub(1, 4) == "\27Lua" then fail("script", path .. ": precompiled Lua is not allowed in a report script") end
  local chunk, err = load(src, "@" .. path, "t", sandbox_env())
  if not chunk then fail("script", err) end
  host.sandbox(true)
  local ok, doc = pcall(function()
    local r = chunk()
    local build = r
    if type(r) == "table" then
      build = r.build
      if r.options ~= nil then
        for k in pairs(options) do
          if r.options[k] == nil then error({ code = "misuse", message = path .. ": the script has no option '" .. k .. "'" }, 0) end
        end
      end
    end
    if type(build) ~= "function" then
      error({ code = "script", message = path .. ": a report script returns a function(db, opts) or a table with build" }, 0)
    end
    local doc = build(db, options)
    if type(doc) ~= "table" then
      error({ code = "script", message = path .. ": the script returned " .. type(doc) .. ", not a document" }, 0)
    end
    -- the writer runs under the limits too: the document may hold the
    -- script's own metamethods
    local out = host.new_buffer()
    local okw, werr = pcall(w.write, doc, out)
    if not okw then
      if host.sandbox() then error(werr, 0) end
      plugin_error("format '" .. w.name .. "'", werr)
    end
    return out
  end)
  host.sandbox(false)
  local stopped = host.sandbox()
  if stopped then fail("limit", stopped) end
  if not ok then
    if type(doc) == "table" and doc.code then error(doc, 0) end
    fail("script", tostring(type(doc) == "table" and doc.message or doc))
  end
  return doc
end

-- Runs a trusted user script with the full standard library plus `clerk`/`db`.
function M.env_for_script() return setmetatable({ clerk = clerk_helpers() }, { __index = _G }) end

return M
