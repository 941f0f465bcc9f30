-- moderngov/tree.lua -- small helpers over clerk.xml trees:
-- a node is { name=, attrs=, [1..n] = children (strings or nodes) }.
local T = {}

-- First child element named `name`.
function T.child(node, name)
  if not node then return nil end
  for _, c in ipairs(node) do
    if type(c) == "table" and c.name == name then return c end
  end
  return nil
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
  local s = clerk.xml.text(c):match("^%s*(.-)%s*$")
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
  v = v:match("^%s*(.-)%s*$")
  if v == "" then return nil end
  return v
end

return T
