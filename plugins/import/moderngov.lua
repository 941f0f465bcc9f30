-- plugins/import/moderngov.lua -- responses of ModernGov's web service
-- (mgWebService.asmx), bare (HTTP GET) or in a SOAP envelope
-- ({Method}Response/{Method}Result). Detection is by root element.
--
--   <meeting>            GetMeeting: one meeting, its attendees, agenda
--                        items, documents, decisions and minutes
--   <getmeetings>        GetMeetings: bodies and the meeting index
--   <committees>         GetCommittees: bodies
--   <councillorsbyward>  GetCouncillorsByWard: people, party, ward, roles
--   <membergroup>/<members>  GetMemberGroup-style member lists: people
--
-- Field by field (everything in ../shared/corpus/moderngov/xml/):
-- <meeting>: meetingid -> external_id; meetingdate -> date; meetingstatus ->
--   status (lower case); meetingactualstarttime, else meetingtime -> start;
--   meetingactualfinishtime -> end; meetingtime and meetingplannedfinishtime
--   -> planned_start / planned_end (stored, schema v4); meetinglocation -> venue. Ignored: agendaid (the
--   meeting id again), isdisplayallowed, iswebcast, agendapublished,
--   decisionpublished, minutepublished (what was published shows in the
--   content itself), meetingroom and its children (the same place as
--   meetinglocation, split up for room booking).
-- <agendaitem>: fulldisplaynumberformat -> number (trailing dot dropped);
--   agendaitemtitle -> title (unescaped again: titles can be escaped twice);
--   isrestricted -> restricted (true only; stored, schema v4); commentlabel/commenttext pairs: "Presented
--   By" -> presenter, any other label's text is read with the minutes;
--   minutesnonemptyhtmlbody and decisionnonemptyhtmlbody -> blocks for the
--   interpreter (decisions from the decision body when there is one, else
--   from the minutes, so a resolution printed in both counts once; actions
--   from both); the minutes' text -> text; refertocommittee -> body when
--   nothing better names it; linkeddocuments -> documents. Ignored:
--   agendaitemid, agendaitemnumber/agendaitemsubnumber and
--   minutesitemnumber/minutesitemsubnumber (parts of the displayed number),
--   agendatext (the agenda's description of the item, not what happened),
--   actualmeetingdate, meetingdate, meetingtime, preferreddate (the
--   meeting's again), authorusername, declarationcount, iscallin, iscomment,
--   isdecision, isdecisionpublished, isminutepublished, ispubliccanspeak,
--   isdisplayallowed.
-- <linkeddoc> (and GetAttachment's <attachmentdetails>): attachmentid -> id,
--   title, url, publicationdate -> published, committeetitle -> body when
--   nothing better names it. Ignored: isurl, isrestricted, restrictionsRef,
--   itemnum, meetingdate, decisiondate, isdecisionattachment, ownertitle
--   (the item it hangs under already says all of these).
-- <attendee>: name (without "Councillor") -> name; roledescription -> role
--   (an officer's `representing` instead, being their job); attendance ->
--   status through moderngov.attendance (unknown values are kept verbatim in
--   attendance_other and reported; "Expected" is kept there unreported);
--   memberid, politicalparty, ward, keyposts -> a person record. Ignored:
--   membertype, and the url/photosmallurl/photobigurl children.
-- <getmeetings>: committee/committeeid, committeetitle -> body;
--   committeemeetings/meeting: meetingid, meetingdate, meetingstatus,
--   meetingtime -> index entry. Ignored: meetingscount, committeescount,
--   committeemeetingcount (counts of what is listed), iswebcast.
-- <committees>: committeeid, committeetitle, committeecategory,
--   committeeexpired, committeedeleted -> body. Ignored: committeescount.
-- <attachment> (GetAttachment) is refused: one document with no meeting.
--
-- What reaches the store: every field this importer puts on a record is
-- stored (meeting: external_id, date, status, start, end, planned_start,
-- planned_end, venue, body, title, chair, attendance, attendance_other,
-- items, documents; item: number, title, text, presenter, restricted,
-- decisions, actions, documents; body, listing and person records in
-- full). Dropped by the sink: the interpreter's owner `ambiguous` and
-- `candidates` (the owner's name is stored). `clerk extract` prints only
-- the interchange format's fields (no planned times, restricted, documents,
-- attendance_other, external_id); `clerk export` adds the planned times,
-- status and restricted.
local when = require "moderngov.when"
local att = require "moderngov.attendance"
local html = require "moderngov.html"
local T = require "moderngov.tree"
local interpret = require "minutes.interpret"

local KNOWN_ROOTS = { meeting = true, getmeetings = true, committees = true,
  councillorsbyward = true, membergroup = true, attachment = true }

-- The first element name of an XML head, past declarations and comments.
local function first_element(head)
  local s = head:gsub("^\xEF\xBB\xBF", "")
  local pos = 1
  while true do
    local a = s:find("%S", pos)
    if not a then return nil end
    if s:sub(a, a + 3) == "<!--" then
      local e = s:find("-->", a + 4, true)
      if not e then return nil end
      pos = e + 3
    elseif s:sub(a, a + 1) == "<?" then
      local e = s:find("?>", a + 2, true)
      if not e then return nil end
      pos = e + 2
    elseif s:sub(a, a + 1) == "<!" then
      return "!" .. (s:match("^<!(%a+)", a) or "")
    else
      return s:match("^<([%w_:%.%-]+)", a)
    end
  end
end

local function local_name(n) return n and (n:match(":(.+)$") or n) end

local function detect(input)
  local head = input.head or ""
  local root = first_element(head)
  local ln = root and local_name(root)
  if ln == "Envelope" and head:find("Response", 1, true) then return 95 end
  if ln and KNOWN_ROOTS[ln] then return 90 end
  -- A .xml file the other importers do not read: take it, so an HTML page
  -- saved as XML gets a clear error instead of "no importer".
  if (input.name or ""):lower():match("%.xml$") then return 40 end
  return 0
end

-- What a non-XML body looks like, for errors: "an HTML page (title 'Error')".
local function html_page(data)
  local root = first_element(data:sub(1, 8192))
  local r = root and root:lower()
  if not r or not (r == "!doctype" or r == "html" or r == "head" or r == "body" or r == "script") then
    return nil
  end
  local title = data:match("<[Tt][Ii][Tt][Ll][Ee][^>]*>(.-)</[Tt][Ii][Tt][Ll][Ee]>")
  title = title and html.squash(html.unescape(title)) or ""
  if title ~= "" then return ("an HTML page (title '%s')"):format(title:sub(1, 80)) end
  return ("an HTML page (starting with <%s>)"):format(root)
end

-- SOAP: Envelope/Body/{Method}Response/{Method}Result/<root>.
local function unwrap(tree)
  if tree.name ~= "Envelope" then return tree, nil end
  local body = T.child(tree, "Body")
  local resp = body and T.children(body)[1]
  if not resp then error("SOAP envelope with an empty Body", 0) end
  if resp.name == "Fault" then
    error("SOAP fault: " .. (T.field(resp, "faultstring") or clerk.xml.text(resp)), 0)
  end
  local method = resp.name:match("^(.-)Response$")
  if not method then error(("SOAP Body holds <%s>, not a ...Response"):format(resp.name), 0) end
  local result = T.child(resp, method .. "Result")
  if not result then error(("SOAP <%s> has no <%sResult>"):format(resp.name, method), 0) end
  local inner = T.children(result)[1]
  if inner then return inner, method end
  -- some servers return the XML as an escaped string
  local text = clerk.xml.text(result)
  if not text:find("%S") then error(("empty result: <%sResult> is empty"):format(method), 0) end
  local t, err = clerk.xml.parse(text)
  if not t then error(("<%sResult>: not well-formed XML: %s"):format(method, err), 0) end
  return t, method
end

-- minutes.interpret over one item's blocks: decisions, actions, attendance.
local function interpret_item(number, title, blocks, data, rules)
  if #blocks == 0 then return { decisions = {}, actions = {}, attendance = {}, reviews = {} } end
  local head = { kind = "item", number = number, text = title, span = { 1, 0 }, line = 0 }
  local all = { head }
  for _, b in ipairs(blocks) do all[#all + 1] = b end
  local m = interpret.meeting(all, { rules = rules, data = data })
  -- reviews: what the minutes say of earlier actions ("Action 3 closed"), for the linker
  local out = { decisions = {}, actions = {}, attendance = m.attendance or {}, reviews = m.reviews or {} }
  for _, it in ipairs(m.items or {}) do
    for _, d in ipairs(it.decisions or {}) do out.decisions[#out.decisions + 1] = d end
    for _, a in ipairs(it.actions or {}) do out.actions[#out.actions + 1] = a end
  end
  for _, a in ipairs(m.actions or {}) do out.actions[#out.actions + 1] = a end
  return out
end

-- The decision body (decisionnonemptyhtmlbody) is, by what ModernGov puts
-- there, the decision: its paragraphs after a "RESOLVED" heading (or all of
-- them when it has none) are the decisions, each without its "(1)" number.
-- The interpreter is still run over it for actions.
-- With only_resolved (item minutes), only what follows a RESOLVED heading.
local function decision_body(blocks, only_resolved)
  local out, after = {}, nil
  for _, b in ipairs(blocks) do
    if b.text:upper():match("^RESOLVED%s*[:%-\u{2013}]?%s*$") then after = true end
  end
  local on = not after and not only_resolved
  for _, b in ipairs(blocks) do
    local t = b.text
    local rest = t:match("^[Rr][Ee][Ss][Oo][Ll][Vv][Ee][Dd]%s*[:%-\u{2013}]?%s*(.*)$")
    if rest then
      on = true
      t = rest
    end
    t = t:gsub("^%(%w%w?%)%s*", ""):gsub("^%w%w?[%.%)]%s+", "")
    if on and t:find("%a") then out[#out + 1] = { text = t, rule = "moderngov.decision_body" } end
  end
  return out
end

-- Spans point into text we built, not into the file: drop them.
local function unspan(t)
  if type(t) ~= "table" then return t end
  t.span = nil
  for _, o in ipairs(t.owners or {}) do if type(o) == "table" then o.span = nil end end
  return t
end

local function text_key(s)
  return ((type(s) == "table" and s.text or s or ""):lower():gsub("[%p%s]+", " "))
end

local function documents_of(node, fallback_body)
  local docs, body = {}, nil
  for _, d in ipairs(T.children(T.child(node, "linkeddocuments"), "linkeddoc")) do
    docs[#docs + 1] = { id = T.field(d, "attachmentid"), title = html.unescape(T.field(d, "title")),
      url = T.field(d, "url"), published = when.date(T.field(d, "publicationdate")) }
    body = body or T.field(d, "committeetitle")
  end
  return docs, body or fallback_body
end

local function read_item(node, rules, sink)
  local number = T.field(node, "fulldisplaynumberformat")
  number = number and number:gsub("%.$", "")
  local title = html.squash(html.unescape(T.field(node, "agendaitemtitle") or ""))
  local item = { number = number, title = title ~= "" and title or nil,
    restricted = T.flag(node, "isrestricted") or nil }
  -- minutes, then any comment texts other than the presenter
  local mblocks, mdata = html.word_blocks(T.field(node, "minutesnonemptyhtmlbody"))
  local dblocks, ddata = html.word_blocks(T.field(node, "decisionnonemptyhtmlbody"))
  for i = 1, 9 do
    local label, text = T.field(node, "commentlabel" .. i), T.field(node, "commenttext" .. i)
    if not label and not text then
      if i > 2 then break end
    elseif text then
      if label and label:lower():find("present") then item.presenter = html.squash(html.unescape(text))
      else
        local b, d = html.word_blocks(text)
        local shift = #mdata > 0 and #mdata + 2 or 0
        for _, blk in ipairs(b) do
          blk.span = { blk.span[1] + shift, blk.span[2] + shift }
          mblocks[#mblocks + 1] = blk
        end
        mdata = (#mdata > 0 and mdata .. "\n\n" or "") .. d
      end
    end
  end
  if #mblocks > 0 then item.text = mdata end
  local from_minutes = interpret_item(number, title, mblocks, mdata, rules)
  local from_decision = interpret_item(number, title, dblocks, ddata, rules)
  -- Minutes: the interpreter's decisions; when it finds none, resolutions
  -- numbered under a RESOLVED heading ("(1) to submit ...", which
  -- minutes.decisions does not read as a decision yet).
  local decisions = from_minutes.decisions
  if #decisions == 0 then decisions = decision_body(mblocks, true) end
  if #dblocks > 0 then decisions = decision_body(dblocks) end
  item.decisions, item.actions = {}, {}
  local seen = {}
  for _, d in ipairs(decisions) do
    local k = text_key(d)
    if not seen[k] then seen[k] = true; item.decisions[#item.decisions + 1] = unspan(d) end
  end
  seen = {}
  for _, list in ipairs { from_minutes.actions, from_decision.actions } do
    for _, a in ipairs(list) do
      local k = text_key(a)
      if not seen[k] then seen[k] = true; item.actions[#item.actions + 1] = unspan(a) end
    end
  end
  local body
  item.documents, body = documents_of(node, T.field(node, "refertocommittee"))
  local reviews = {}
  for _, list in ipairs { from_minutes.reviews, from_decision.reviews } do
    for _, r in ipairs(list) do reviews[#reviews + 1] = unspan(r) end
  end
  return item, body, from_minutes.attendance, reviews
end

local function councillor(sink, a, name)
  local id, party, ward = T.attr(a, "memberid"), T.attr(a, "politicalparty"), T.attr(a, "ward")
  if not (party or ward) then return end
  local roles = {}
  local posts = T.attr(a, "keyposts")
  if posts then roles[1] = html.unescape(posts) end
  sink:person { name = name, external_id = id, party = party, ward = ward and html.unescape(ward),
    roles = roles }
end

local function read_meeting(root, sink, opts)
  local id, date = T.field(root, "meetingid"), T.field(root, "meetingdate")
  if not id and not date then
    error("empty result: <meeting> has no meetingid and no meetingdate", 0)
  end
  local m = {
    external_id = id,
    date = when.date(date),
    status = T.field(root, "meetingstatus") and T.field(root, "meetingstatus"):lower(),
    planned_start = when.time(T.field(root, "meetingtime")),
    planned_end = when.time(T.field(root, "meetingplannedfinishtime")),
    venue = html.unescape(T.field(root, "meetinglocation")),
    attendance = {}, attendance_other = {}, items = {},
  }
  if date and not m.date then error(("meetingdate '%s' is not dd/mm/yyyy"):format(date), 0) end
  m.start = when.time(T.field(root, "meetingactualstarttime")) or m.planned_start
  m["end"] = when.time(T.field(root, "meetingactualfinishtime"))
  local body
  local minute_attendance = {}
  for _, node in ipairs(T.children(T.child(root, "agendaitems"), "agendaitem")) do
    local item, item_body, found, reviews = read_item(node, opts and opts.rules, sink)
    for _, r in ipairs(reviews) do m.reviews = m.reviews or {}; m.reviews[#m.reviews + 1] = r end
    body = body or item_body
    m.items[#m.items + 1] = item
    if item.title and item.title:lower():find("^apolog") then
      for _, a in ipairs(found) do minute_attendance[#minute_attendance + 1] = a end
    end
  end
  m.documents = documents_of(root)
  if #m.documents == 0 then m.documents = nil end
  local seen = {}
  local names_key = require("minutes.names").key
  for _, a in ipairs(T.children(T.child(root, "attendees"), "attendee")) do
    local name = att.name(html.unescape(T.attr(a, "name") or ""))
    if name ~= "" then
      local phrase = T.attr(a, "attendance") or ""
      local status, known = att.status(phrase)
      local role = T.attr(a, "roledescription")
      if role and role:lower() == "officer" then role = T.attr(a, "representing") or role end
      role = role and html.unescape(role)
      if status then
        m.attendance[#m.attendance + 1] = { name = name, status = status, role = role }
        seen[names_key(name)] = true
        if role and role:lower() == "chair" and status == "present" then m.chair = name end
      else
        m.attendance_other[#m.attendance_other + 1] = { name = name, attendance = phrase, role = role }
        if not known then
          sink:warn(("attendee '%s': attendance '%s' is not one Clerk knows; kept as written, not counted")
            :format(name, phrase))
        end
      end
      councillor(sink, a, name)
    end
  end
  -- apologies minuted under their own item, for people the list lacks
  for _, a in ipairs(minute_attendance) do
    if not seen[names_key(a.name)] then
      seen[names_key(a.name)] = true
      m.attendance[#m.attendance + 1] = { name = a.name, status = a.status, role = a.role,
        substitute_for = a.substitute_for, rule = a.rule }
    end
  end
  if #m.attendance_other == 0 then m.attendance_other = nil end
  m.body, m.title = body, body
  sink:meeting(m)
end

local function read_getmeetings(root, sink)
  local n = 0
  for _, c in ipairs(T.children(root, "committee")) do
    local name = html.unescape(T.field(c, "committeetitle"))
    if name then sink:body { name = name, external_id = T.field(c, "committeeid") } end
    for _, mt in ipairs(T.children(T.child(c, "committeemeetings"), "meeting")) do
      local date = T.field(mt, "meetingdate")
      sink:listing { body = name, external_id = T.field(mt, "meetingid"), date = when.date(date) or date,
        start = when.time(T.field(mt, "meetingtime")),
        status = T.field(mt, "meetingstatus") and T.field(mt, "meetingstatus"):lower() }
      n = n + 1
    end
  end
  if n == 0 then error("empty result: <getmeetings> lists no meetings", 0) end
end

local function read_committees(root, sink)
  local n = 0
  for _, c in ipairs(T.children(root, "committee")) do
    local name = html.unescape(T.field(c, "committeetitle"))
    if name then
      sink:body { name = name, external_id = T.field(c, "committeeid"),
        category = html.unescape(T.field(c, "committeecategory")),
        expired = T.flag(c, "committeeexpired"), deleted = T.flag(c, "committeedeleted") }
      n = n + 1
    end
  end
  if n == 0 then error("empty result: <committees> lists no committees", 0) end
end

-- One councillor element, under whichever names a site uses.
local function read_member(sink, c, ward)
  local name = T.field(c, "fullusername") or T.field(c, "name") or T.field(c, "membername")
  if not name then return 0 end
  local roles = {}
  for _, k in ipairs { "keyposts", "representing" } do
    local v = T.field(c, k)
    if v then roles[#roles + 1] = html.unescape(v) end
  end
  sink:person { name = att.name(html.unescape(name)),
    external_id = T.field(c, "councillorid") or T.field(c, "memberid"),
    party = html.unescape(T.field(c, "politicalpartytitle") or T.field(c, "politicalparty")),
    ward = ward or html.unescape(T.field(c, "wardtitle") or T.field(c, "ward")), roles = roles }
  return 1
end

local function read_councillors(root, sink)
  local n = 0
  for _, w in ipairs(T.children(T.child(root, "wards"), "ward")) do
    local ward = html.unescape(T.field(w, "wardtitle"))
    for _, c in ipairs(T.children(T.child(w, "councillors"), "councillor")) do
      n = n + read_member(sink, c, ward)
    end
  end
  if n == 0 then error("empty result: <councillorsbyward> lists no councillors", 0) end
end

local function read_members(root, sink)
  local n = 0
  local list = T.child(root, "members") or root
  for _, c in ipairs(T.children(list)) do n = n + read_member(sink, c, nil) end
  if n == 0 then error(("empty result: <%s> lists no members"):format(root.name), 0) end
end

local READERS = { meeting = read_meeting, getmeetings = read_getmeetings,
  committees = read_committees, councillorsbyward = read_councillors, membergroup = read_members }

local function import(input, sink, opts)
  local data = input.data or ""
  if not data:find("%S") then error("empty file: no ModernGov response", 0) end
  local page = html_page(data)
  if page then error("found " .. page .. " where ModernGov XML was expected", 0) end
  local tree, err = clerk.xml.parse(data)
  if not tree then
    local hint = err:find("Premature end") and " (the response looks truncated)" or ""
    error("not well-formed XML: " .. err .. hint, 0)
  end
  local root, method = unwrap(tree)
  if root.name == "attachment" then
    error("a GetAttachment response (one document's details, no meeting): nothing to import", 0)
  end
  local reader = READERS[root.name]
  if not reader then
    local known = {}
    for k in pairs(READERS) do known[#known + 1] = "<" .. k .. ">" end
    table.sort(known)
    error(("unknown root element <%s>%s (ModernGov responses start with %s)")
      :format(root.name, method and (" in a " .. method .. " response") or "", table.concat(known, ", ")), 0)
  end
  reader(root, sink, opts)
end

return {
  api = 1,
  kind = "importer",
  name = "moderngov",
  description = "ModernGov web-service XML (GetMeeting, GetMeetings, GetCommittees, GetCouncillorsByWard; GET or SOAP)",
  extensions = { "xml" },
  detect = detect,
  import = import,
}
