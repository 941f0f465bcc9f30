-- moderngov/tree.lua -- small helpers over clerk.xml trees:
-- a node is { name=, attrs=, [1..n] = children (strings or nodes) }.
local T = {}

-- Without leading and trailing blanks. Walks in from the end: a
-- "^%s*(.-)%s*$" match would test the end at every byte of a long field.
local function trim(s)
  local a = s:find("%S")
  if not a then return "" end
  local e = #s
  local b = s:byte(e)
  while b == 32 or (b >= 9 and b <= 13) do e = e - 1; b = s:byte(e) end
  return s:sub(a, e)
end
T.trim = trim

-- First child element named `name`. A node's first children by name are
-- indexed on first use (kept beside the tree, weakly): a meeting asks each
-- agenda item for some thirty fields.
local index_of = setmetatable({}, { __mode = "k" })
function T.child(node, name)
  if not node then return nil end
  local idx = index_of[node]
  if not idx then
    idx = {}
    for _, c in ipairs(node) do
      if type(c) == "table" and c.name and idx[c.name] == nil then idx[c.name] = c end
    end
    index_of[node] = idx
  end
  return idx[name]
end

-- Every child element named `name` (all child elements when name is nil).
function T.children(node, name)
  local out = {}
  for _, c in ipairs(node or {}) do
    if type(c) == "table" and (name == nil or c.name == name) then out[#out + 1] = c end
  end
  return out
end

-- Trimmed text of child `name`, nil when absent or blank.
function T.field(node, name)
  local c = T.child(node, name)
  if not c then return nil end
  local s = trim(clerk.xml.text(c))
  if s == "" then return nil end
  return s
end

-- "True"/"False" -> boolean, nil when absent.
function T.flag(node, name)
  local s = T.field(node, name)
  if s == nil then return nil end
  return s:lower() == "true"
end

function T.attr(node, name)
  local v = node and node.attrs and node.attrs[name]
  if v == nil then return nil end
  v = trim(v)
  if v == "" then return nil end
  return v
end

return T
