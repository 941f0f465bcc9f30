-- rules-example.lua -- teaching Clerk a council's own minutes style, without
-- editing the engine. Use with:
--   clerk extract --rules scripts/rules-example.lua minutes.txt
--   clerk import  --rules scripts/rules-example.lua minutes/
-- Lists are added to the defaults (plugins/lib/minutes/defaults.lua); maps
-- are laid over them. Everything here is an invented example.
return {
  -- Lines starting "Task:" or "Next step:" are actions in this council's minutes.
  action_markers = { "tasks?", "next steps?" },
  -- Its action tables head the owner column "Officer responsible".
  owner_columns = { "officer responsible" },
  -- "Wardens to patrol ..." is a group, not a person called Wardens.
  group_words = { "wardens" },
  -- "Attended by:" introduces the list of those present.
  attendance_labels = { ["attended by"] = "present" },
  -- Its own abbreviations: "Helen Marsh (RHT)" works for Riverside Harbour
  -- Trust, and "RHT to confirm ..." is an action of that organisation.
  abbreviations = { RHT = "Riverside Harbour Trust" },
}
