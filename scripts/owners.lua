-- owners.lua -- an example user script: open actions per owner, most first.
-- Run with: clerk run scripts/owners.lua
local count = {}
for a in db:actions{ status = "open" } do
  if #a.owners == 0 then count["(no owner)"] = (count["(no owner)"] or 0) + 1 end
  for _, o in ipairs(a.owners) do count[o] = (count[o] or 0) + 1 end
end
local owners = {}
for owner in pairs(count) do owners[#owners + 1] = owner end
table.sort(owners, function(a, b)
  if count[a] ~= count[b] then return count[a] > count[b] end
  return a < b
end)
for _, owner in ipairs(owners) do print(string.format("%4d  %s", count[owner], owner)) end
