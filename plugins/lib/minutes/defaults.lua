-- minutes/defaults.lua -- the word lists the interpreter's rules read.
-- Everything a council might need to extend lives here, as data, so a rules
-- file (opts.rules) can add to it without touching code: list fields are
-- appended to, map fields are overlaid, scalars are replaced (see merge).
local D = {}

-- Titles and ranks stripped from people's names (lower case, no dot).
D.honorifics = {
  "cllr", "councillor", "councillors", "cllrs", "alderman", "mayor",
  "supt", "superintendent", "chief superintendent", "ch supt", "inspector",
  "insp", "ds", "di", "dci", "dcs", "dc", "detective superintendent",
  "detective inspector", "detective chief inspector", "detective sergeant",
  "detective", "sgt", "sergeant", "pc", "cdr", "commander",
  "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame",
  "rev", "revd", "reverend", "lord", "lady", "baroness",
}

-- Words that make an owner a group rather than a person.
D.group_words = {
  "all", "everyone", "everybody", "members", "member", "leads", "partners",
  "officers", "colleagues", "team", "teams", "chairs", "group", "board",
  "committee", "attendees", "trustees", "governors", "directors", "staff",
  "secretariat", "tsc", "maintainers", "reviewers",
}

-- Nouns that name the meeting itself: "Members agreed", "The Board approved".
D.meeting_subjects = {
  "members", "all members", "the members", "board", "the board", "partnership",
  "the partnership", "group", "the group", "committee", "the committee",
  "panel", "the panel", "meeting", "the meeting", "forum", "the forum",
  "sub-committee", "the sub-committee", "council", "the council", "cabinet",
  "the cabinet", "we", "everyone", "all", "the trustees", "trustees",
  "the governors", "governors", "the working group", "the steering group",
}

-- Verbs that mark someone speaking at the meeting ("Jo Bloggs advised ...").
D.speech_verbs = {
  "welcomed", "reiterated", "presented", "asked", "gave", "noted", "updated",
  "highlighted", "outlined", "advised", "raised", "reported", "explained",
  "introduced", "delivered", "informed", "summarised", "summarized",
  "confirmed", "stated", "said", "suggested", "proposed", "mentioned",
  "thanked", "requested", "put forward", "led", "provided", "queried",
  "questioned", "commented", "emphasised", "emphasized", "responded",
  "agreed", "described", "circulated", "tabled", "spoke", "moved", "seconded",
  "shared", "clarified", "expressed", "referred", "added", "stressed",
}

-- Verbs an untitled action line may start with ("Jo Bloggs Share the paper").
D.action_verbs = {
  "share", "send", "circulate", "review", "draft", "prepare", "provide",
  "arrange", "contact", "liaise", "update", "organise", "organize", "set",
  "produce", "write", "check", "confirm", "ensure", "follow", "chase",
  "report", "invite", "explore", "identify", "develop", "agree", "book",
  "consider", "discuss", "email", "distribute", "present", "investigate",
  "look", "meet", "obtain", "publish", "raise", "schedule", "submit", "speak",
  "talk", "add", "create", "open", "close", "complete", "collate", "compile",
  "convene", "escalate", "clarify", "feed", "find", "forward", "map", "move",
  "pick", "ping", "propose", "reach", "request", "seek", "take", "track",
  "work", "fix", "investigate", "make", "bring", "circulate", "coordinate",
  "co-ordinate", "inform", "issue", "plan", "put", "refresh", "revise",
}

-- Lines that open an action block or prefix one action. Matched, case
-- insensitively, against the start of a line with markdown emphasis removed.
D.action_markers = {
  "action items?", "action points?", "actions?", "agreed actions?",
  "follow%-ups?", "todo", "to do", "ap",
}

-- Headings that open a list of actions when they stand alone ("Next steps:"
-- above bullets) but, unlike the markers, not when prose follows them on
-- the line ("Next steps: building on ..." is a plan, not a task).
D.action_block_headings = { "next steps?", "actions? required", "actions? agreed" }

-- Column headings of an "owner" column in a flattened action table.
D.owner_columns = {
  "action by", "action owner", "owner", "owners", "responsible",
  "by whom", "lead officer", "who", "action lead",
}

-- Labels of attendance lists and the status each gives.
D.attendance_labels = {
  ["present"] = "present", ["members present"] = "present",
  ["councillors present"] = "present", ["board members present"] = "present",
  ["attendees"] = "present", ["attendance"] = "present", ["attending"] = "present",
  ["attended"] = "present", ["participants"] = "present", ["members"] = "present",
  ["present in the chair"] = "present", ["in the chair"] = "present",
  ["in attendance"] = "in_attendance", ["also present"] = "in_attendance",
  ["also in attendance"] = "in_attendance", ["officers present"] = "in_attendance",
  ["officers in attendance"] = "in_attendance", ["officials in attendance"] = "in_attendance",
  ["officers"] = "in_attendance", ["guests"] = "in_attendance", ["observers"] = "in_attendance",
  ["also attending"] = "in_attendance",
  ["apologies"] = "apologies", ["apologies for absence"] = "apologies",
  ["apology"] = "apologies", ["apologies received"] = "apologies",
  ["regrets"] = "apologies", ["apologies from"] = "apologies",
  ["absent"] = "absent", ["absent without apologies"] = "absent",
  ["not present"] = "absent",
  ["substitutes"] = "substitute", ["substitute members"] = "substitute",
}

-- Words that show a "name" is really a job title or a body.
-- Last words of a job title that can own an action when minutes name the
-- post, not the person: "Security Officer must ...", "IT Manager to ...".
D.job_titles = {
  "officer", "director", "manager", "executive", "lead", "administrator",
  "engineer", "clerk", "secretary", "commissioner", "coordinator",
  "co-ordinator", "treasurer", "adviser", "advisor", "analyst", "controller",
}

D.role_words = {
  "officer", "officers", "director", "manager", "executive", "chief", "head",
  "lead", "administrator", "council", "board", "committee", "partnership",
  "service", "services", "department", "team", "group", "engineer", "clerk",
  "secretary", "assistant", "deputy", "commissioner", "borough", "trust",
  "agenda", "minutes", "meeting", "item", "items", "update", "updates",
  "report", "strategy", "plan", "police", "fire", "health", "county", "city",
  "district", "unit", "project", "programme", "policy", "action", "actions",
  "apologies", "present", "chair", "vice", "none", "nil", "tbc", "date",
  "time", "venue", "contact", "notes", "welcome", "introductions", "close",
  "aob", "business", "context", "papers", "paper", "key", "issues", "role",
  "organisation", "organization", "name", "cabinet", "crime", "safety",
  "community", "young", "people", "children", "development", "performance",
  "the", "of", "for", "and", "to", "on", "in", "at",
}

-- Labels inside an agenda cell that are not an item title ("Context: ...").
D.item_labels = {
  "context", "role of the group", "role of group", "purpose", "papers", "paper",
  "key updates", "key updates / issues", "key points", "lead", "time",
  "recommendation", "recommendations", "summary", "background", "minutes",
  "attendees", "apologies", "present", "additional documents",
}

-- Headings that structure a markdown document but are not agenda items.
D.structural_headings = {
  "agenda", "attendees", "attending", "attendance", "present", "regrets",
  "apologies", "links", "transcript", "minutes", "notes", "topics",
  "action items", "actions", "next meeting", "participants", "absent",
  "in attendance", "also present", "meeting notes", "discussion",
  "review action items", "previous action items", "announcements",
  "chair", "chairs", "scribe", "scribes", "note taker", "note takers", "minute taker",
}

-- Words that make a header line a (virtual) venue when it carries no label.
D.virtual_venue_words = {
  "video conferenc", "microsoft teams", "ms teams", "zoom", "google meet",
  "webex", "skype", "online meeting", "virtual meeting", "teleconference",
  "conference call",
}

-- Markers that an action is done (lower case, matched as plain text).
D.done_markers = {
  "(completed)", "(complete)", "(done)", "(closed)", "[completed]", "[done]",
  "[x]", "✅", "✔", "to be closed", "- complete", "- completed", "- done",
  "– complete", "– completed", "action closed", "action complete",
}

-- Abbreviations a council uses in its minutes, expanded where a name is
-- wanted (body, organisation). Empty by default; a rules file adds
-- e.g. { RHB = "Riverside Housing Board" }.
D.abbreviations = {}

-- The expansion of an abbreviation the rules define ("LBH"), else s itself.
function D.expand(s, rules)
  local map = (rules or D).abbreviations
  if not s or not map then return s end
  local key = s:gsub("^%s+", ""):gsub("[%s%.]+$", "")
  return map[key] or s
end

-- Small words left lower case when an upper-case title is title-cased.
D.small_words = {
  "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of",
  "on", "or", "the", "to", "with", "via", "vs", "per",
}

-- Returns a set (lookup table) of a list's items. Sets are memoised per
-- list (weakly): the rules ask for the same few sets thousands of times.
local set_cache = setmetatable({}, { __mode = "k" })
local function set_of(list)
  local s = set_cache[list]
  if s and s.n == #list then return s.set end
  s = { n = #list, set = {} }
  for _, v in ipairs(list) do s.set[v] = true end
  set_cache[list] = s
  return s.set
end
D.set_of = set_of

-- The set of first words of a list's phrases ("put forward" -> "put"), or of
-- a map's keys: a cheap test that a text can hold one of the phrases at all.
local first_cache = setmetatable({}, { __mode = "k" })
function D.first_words(t)
  local c = first_cache[t]
  if c then return c end
  c = {}
  for k, v in pairs(t) do
    local phrase = type(k) == "string" and k or v
    if type(phrase) == "string" then
      local w = phrase:lower():match("^[^%s%p]+")
      if w then c[w] = true end
    end
  end
  first_cache[t] = c
  return c
end

-- The rules memoise work on a meeting's texts (tokens, speakers, dates,
-- lower case...) so that several rules reading one unit pay once. The
-- memos are emptied at the start of each meeting (interpret.meeting): a
-- result never carries from one document to the next, and memory stays
-- bounded by one document.
local resets = {}
function D.on_reset(f) resets[#resets + 1] = f end
function D.reset_memos() for _, f in ipairs(resets) do f() end end

-- text:lower(), memoised (bounded): a dozen rules ask for the same unit's
-- lower case.
local lower_memo, lower_n = {}, 0
D.on_reset(function() lower_memo, lower_n = {}, 0 end)
function D.lower(text)
  local l = lower_memo[text]
  if l then return l end
  if lower_n >= 4096 then lower_memo, lower_n = {}, 0 end
  l = text:lower()
  lower_memo[text], lower_n = l, lower_n + 1
  return l
end

-- False when text has no capital letter (A-Z): then its lower case is the
-- same bytes, and comparing the two costs far less than a pattern looking
-- for a capital. Rules that need a capitalised word ask this first.
function D.has_capital(text)
  return D.lower(text) ~= text
end

-- True when some word of lower-cased `text` starts one of the phrases.
function D.mentions_any(text, t)
  local firsts = D.first_words(t)
  for w in text:lower():gmatch("[^%s%p]+") do
    if firsts[w] then return true end
  end
  return false
end

-- Returns a fresh copy of the defaults with `rules` merged over them: lists
-- get the rule's items appended, maps get its keys overlaid.
-- Merged tables are memoised per rules table (weakly), so the sets and
-- indexes the rules build from them are made once, not once per meeting:
-- callers must treat the result as read-only.
local merged = setmetatable({}, { __mode = "k" })
local NO_RULES = {}
function D.merge(rules)
  local key = rules or NO_RULES
  local hit = merged[key]
  if hit then return hit end
  local out = D.merge_fresh(rules)
  merged[key] = out
  return out
end

-- Keys starting with "_" are a rule's caches (a verb set, a compiled word
-- list) hung on the table it was built from: never copied, so a merged table
-- builds its own from its own lists.
local function cache_key(k) return type(k) == "string" and k:sub(1, 1) == "_" end
function D.merge_fresh(rules)
  local out = {}
  for k, v in pairs(D) do
    if cache_key(k) then
      -- not a rule
    elseif type(v) == "table" then
      local copy = {}
      for kk, vv in pairs(v) do copy[kk] = vv end
      out[k] = copy
    elseif type(v) ~= "function" then
      out[k] = v
    end
  end
  for k, v in pairs(rules or {}) do
    if cache_key(k) then goto continue end
    local base = out[k]
    if type(base) == "table" and type(v) == "table" then
      if #base > 0 or next(base) == nil and #v > 0 then
        for _, item in ipairs(v) do base[#base + 1] = item end
      else
        for kk, vv in pairs(v) do base[kk] = vv end
      end
    else
      out[k] = v
    end
    ::continue::
  end
  return out
end

return D
