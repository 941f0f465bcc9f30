-- minutes/owners.lua -- who an action belongs to. A registry of the people
-- a meeting knows (its attendance, and full names the text itself gives)
-- resolves what minutes write: "Cllr Nandra", "Priya", "PN", "All",
-- "Finance team". One fit resolves; two fits are kept as written and marked
-- ambiguous; none keeps the words as written. Nothing is guessed.
local defaults = require "minutes.defaults"
local names = require "minutes.names"

local O = {}
O.__index = O

function O.new(rules)
  return setmetatable({ rules = rules or defaults, people = {}, by_key = {},
    aliases = {}, chair = nil, body = nil }, O)
end

-- Adds a person; attendance entries count first for initials.
function O:add(name, attended)
  local key = names.key(name)
  if key == "" or not name:find(" ") then return end
  local p = self.by_key[key]
  if p then
    p.attended = p.attended or attended
    return p
  end
  p = { name = name, key = key, attended = attended, initials = names.initials(name),
    first = names.first_name(name):lower(), surname = names.surname(name):lower() }
  self.people[#self.people + 1] = p
  self.by_key[key] = p
  return p
end

-- "Jane Doe (JD)" makes JD an alias of Jane Doe.
function O:alias(short, name)
  self.aliases[short] = name
end

local function candidates(self, pred)
  local att, all = {}, {}
  for _, p in ipairs(self.people) do
    if pred(p) then
      all[#all + 1] = p.name
      if p.attended then att[#att + 1] = p.name end
    end
  end
  return #att > 0 and att or all
end

local function is_group(self, s)
  local lower = s:lower()
  local groups = self.rules._group_set or defaults.set_of(self.rules.group_words)
  self.rules._group_set = groups
  if lower:match("^all%f[%A]") then return true end
  for w in lower:gmatch("[%a%-]+") do
    if groups[w] and not s:match("^%u%l+ %u%l+$") then return true end
  end
  return false
end
O.is_group = is_group

-- Resolves one owner as written. Returns a string (a person's name), or a
-- table {name=, group=true} or {name=, ambiguous=true, candidates={...}}.
function O:resolve(raw)
  local s = names.squash(raw):gsub("^[Tt]he%s+", ""):gsub("[%.,;:]+$", "")
  if s == "" then return nil end
  if self.aliases[s] then return self.aliases[s] end
  -- an organisation the rules abbreviate ("LBH") owns as a group, by its name
  local org = (self.rules.abbreviations or {})[s]
  if org then return { name = org, group = true } end
  local lower = s:lower()
  -- "Chair" / "Chair of <this body>" is the meeting's chair
  if self.chair and (lower == "chair" or lower == "chairman" or lower == "chairperson") then
    return self.chair
  end
  local of = lower:match("^chair%a* of (.+)$")
  if of and self.chair and self.body_acronyms and self.body_acronyms[(of:gsub("^the ", ""))] then
    return self.chair
  end
  if is_group(self, s) and not self.by_key[names.key(s)] then return { name = s, group = true } end
  local bare = names.strip_honorifics(s, self.rules)
  local key = names.key(bare)
  if self.by_key[key] then return self.by_key[key].name end
  local list
  if bare:match("^%u%u%u?%u?$") then
    -- initials: "PN"
    list = candidates(self, function(p) return p.initials == bare end)
    if #list == 0 then return bare end
  elseif not bare:find(" ") then
    local w = bare:lower()
    list = candidates(self, function(p) return p.surname == w end)
    if #list == 0 then list = candidates(self, function(p) return p.first == w end) end
    if #list == 0 then return bare end
  else
    -- "Dan Lawless" for Daniel Lawless: same surname, first names agree
    local f, l = names.first_name(bare):lower(), names.surname(bare):lower()
    list = candidates(self, function(p)
      return p.surname == l and (p.first:sub(1, #f) == f or f:sub(1, #p.first) == p.first)
    end)
    if #list == 0 then return bare end
  end
  if #list == 1 then return list[1] end
  return { name = bare, ambiguous = true, candidates = list }
end

-- Splits an owner phrase into the owners it names: "A/ B", "A & B",
-- "A and B", "A, B". "Chairs of X and Y" gives "Chair of X", "Chair of Y".
function O.split(phrase)
  local p = names.squash(phrase)
  local role, rest = p:match("^[Tt]?h?e?%s*(%u%a-)s of (.+)$")
  if role and rest:find(" and ") then
    local out = {}
    for _, part in ipairs(names.split_list(rest)) do out[#out + 1] = role .. " of " .. part end
    return out
  end
  return names.split_list(p)
end

-- Resolves a phrase into a list of owners.
function O:resolve_all(phrase)
  local out = {}
  for _, part in ipairs(O.split(phrase)) do
    local r = self:resolve(part)
    if r then out[#out + 1] = r end
  end
  return out
end

return O
