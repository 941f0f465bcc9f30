# test_moderngov.sh -- ModernGov web-service XML end to end: GetMeeting (GET
# and SOAP give the same JSON), the cancelled Manchester meeting, index-only
# responses, and each error case naming the file and leaving the store as it was.
. "$(dirname "$0")/lib.sh"
X="$SHARED/corpus/moderngov/xml"
N="$SHARED/corpus/moderngov/not-xml"
if [ ! -d "$X" ]; then echo "test_moderngov: SKIP (no ../shared/corpus)"; exit 0; fi
# count NAME FILE PATTERN WANT: lines of FILE matching PATTERN
# q SQL: rows of the database, fields joined by |, into $T/out
q() { python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, r)))' "$CLERK_DB" "$1" > "$T/out" 2>&1; rc=$?; }
count() { n=$(grep -Ec -- "$3" "$2"); if [ "$n" = "$4" ]; then ok; else bad "$1: $n lines match /$3/, wanted $4"; fi; }

run extract "$X/GetMeeting_7837.xml"
expect "GetMeeting extract" 0
cp "$T/out" get.json
has "date" get.json '"date": "2025-11-21"'
has "start" get.json '"start": "12:30"'
has "end" get.json '"end": "17:05"'
has "venue" get.json '"venue": "Civic Suite, North Warehouse'
has "chair" get.json '"chair": "Jeremy Hilton"'
count "7 present" get.json '"status": "present"' 7
count "6 officers in attendance" get.json '"status": "in_attendance"' 6
has "chair marked" get.json '"role": "Chair"'
has "vice-chair marked" get.json '"role": "Vice-Chair"'
hasnt "no Councillor prefix" get.json '"name": "Councillor'
for n in 51 52 53 54 55; do has "item $n" get.json "\"number\": \"$n\""; done
has "double-escaped title" get.json "Leader and Cabinet Members' Question Time"
has "decision 1" get.json '"to submit to Government the Greater Gloucester'
has "decision 2" get.json '"to delegate to the Managing Director'
count "decisions not double-counted" get.json 'to submit to Government' 1

# the SOAP form, under the same file name, gives the same bytes
mkdir soap
{ printf '<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
  printf '<soap:Body><GetMeetingResponse xmlns="http://moderngov.co.uk/namespaces"><GetMeetingResult>'
  sed 1d "$X/GetMeeting_7837.xml"
  printf '</GetMeetingResult></GetMeetingResponse></soap:Body></soap:Envelope>\n'; } > soap/GetMeeting_7837.xml
run extract soap/GetMeeting_7837.xml
expect "SOAP extract" 0
if cmp -s "$T/out" get.json; then ok; else bad "SOAP JSON differs from GET JSON"; fi

# the cancelled meeting: no invented attendance
run extract "$X/manchester_meeting_no_minutes.xml"
expect "cancelled extract" 0
has "cancelled date" "$T/out" '"date": "2026-01-13"'
has "no attendance" "$T/out" '"attendance": \[\]'
has "cancelled status" "$T/out" '"status": "cancelled"'
run import "$X/manchester_meeting_no_minutes.xml"
expect "cancelled import" 0
q "SELECT status, external_id FROM meeting WHERE external_id = '4966'"
has "status stored" "$T/out" "cancelled"
q "SELECT name, attendance FROM attendance_other"
has "expected attendee kept aside" "$T/out" "Basil Curley.*Expected"

# full import of the Gloucester meeting: documents and people
run import "$X/GetMeeting_7837.xml"
expect "GetMeeting import" 0
has "import line" "$T/out" "1 meeting, 13 attendees, 5 items, 2 decisions"
q "SELECT count(*) FROM document"
has "7 documents" "$T/out" "7"
q "SELECT party, ward FROM person_detail JOIN person ON person.id = person_id WHERE person.name = 'Jeremy Hilton'"
has "party and ward" "$T/out" "LIBDEM.*K&W"

# index-only responses import as bodies and index entries
run import "$X/GetCommittees.xml"
expect "GetCommittees import" 0
has "committees are records" "$T/out" "0 meetings"; has "committees are records" "$T/out" "and 131 other records"
run import "$X/GetMeetings.xml"
expect "GetMeetings import" 0
has "meeting index" "$T/out" "and 21 other records"
q "SELECT count(*) FROM meeting_listing WHERE status = 'cancelled'"
expect "listing query" 0
q "SELECT category FROM body_detail JOIN body ON body.id = body_id WHERE body.name = 'Audit and Governance Committee'"
has "body category" "$T/out" "Regulatory and Other Committees"

# errors: one line naming the file and what was found; store unchanged
snapshot before
run import "$N/leeds_error_page.xml"
expect "HTML page" 1; one_line "HTML page"; has "HTML page" "$T/err" "leeds_error_page.xml: found an HTML page \(title 'Error'\)"
run import "$N/denbighshire_redirect_page.xml"
expect "redirect page" 1; one_line "redirect page"; has "redirect page" "$T/err" "denbighshire_redirect_page.xml: found an HTML page"
head -c 20000 "$X/GetMeeting_7837.xml" > truncated.xml
run import truncated.xml
expect "truncated" 1; one_line "truncated"; has "truncated" "$T/err" "truncated.xml: not well-formed XML: line [0-9]+.*truncated"
printf '<?xml version="1.0"?>\n<agenda><item/></agenda>\n' > unknown.xml
run import unknown.xml
expect "unknown root" 1; one_line "unknown root"; has "unknown root" "$T/err" "unknown.xml: unknown root element <agenda>"
run import "$X/eastherts_GetCouncillorsByWard_empty.xml"
expect "empty result" 1; has "empty result" "$T/err" "eastherts_GetCouncillorsByWard_empty.xml: empty result"
printf '<?xml version="1.0"?>\n<getmeetings><meetingscount>0</meetingscount></getmeetings>\n' > nomeetings.xml
run import nomeetings.xml
expect "empty GetMeetings" 1; has "empty GetMeetings" "$T/err" "nomeetings.xml: empty result"
printf '<?xml version="1.0"?>\n<!DOCTYPE meeting [<!ENTITY a "aaaa">]>\n<meeting>&a;</meeting>\n' > dtd.xml
run import dtd.xml
expect "DOCTYPE refused" 1; has "DOCTYPE refused" "$T/err" "dtd.xml: .*DOCTYPE"
snapshot after
same "errors leave the store" before after

# people from GetCouncillorsByWard (the shape ModernGov uses, written here)
cat > wards.xml <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<councillorsbyward><wards><ward><wardtitle>Abbey</wardtitle><councillors>
<councillor><councillorid>12</councillorid><fullusername>Councillor Ann Selman</fullusername>
<politicalpartytitle>Green</politicalpartytitle><keyposts>Chair of Planning</keyposts></councillor>
</councillors></ward></wards></councillorsbyward>
XML
run import wards.xml
expect "councillors import" 0
q "SELECT person.name, party, ward, roles FROM person_detail JOIN person ON person.id = person_id WHERE ward = 'Abbey'"
has "councillor stored" "$T/out" "Ann Selman.*Green.*Abbey.*Chair of Planning"
# saved pages: every one imports or is refused with a one-line reason
H="$SHARED/corpus/moderngov/html"
for f in "$H"/*.html; do
  run import "$f"
  b=$(basename "$f")
  if [ "$rc" = 0 ]; then ok
  elif [ "$rc" = 1 ]; then one_line "$b refused"; has "$b refused with a reason" "$T/err" "$b: (a |not |empty result)"
  else bad "$b: exit $rc"; fi
done
run extract "$H/redbridge_ieListDocuments_prettified.html"
expect "agenda and minutes page" 0
cp "$T/out" red.json
count "15 items" red.json '"number": "[0-9]+"' 15
has "venue" red.json '"venue": "Committee Room 1, Town Hall, Ilford'
has "decision from minutes" red.json "That we support the proposed Treasury Management Strategy"
hasnt "no file sizes" red.json "PDF [0-9]+ [KM]B"
hasnt "no navigation" red.json "Attendance details"
run extract "$H/dublin_mgMeetingAttendance_2355.html"
expect "attendance page" 0
has "attendance date" "$T/out" '"date": "2018-01-08"'
has "attendance absent" "$T/out" '"name": "Kieran Binchy",[[:space:]]*$'
q "SELECT count(*) FROM meeting WHERE status = 'cancelled' AND date = '2025-12-04'"
has "cancelled agenda page" "$T/out" "^1$"
q "SELECT count(*) FROM meeting_listing WHERE status = 'cancelled'"
has "cancelled in the meeting list" "$T/out" "^[1-9]"
run import "$H/manchester_modgov_decisions_list.html"
has "decision list refused" "$T/err" "decision page or list"
finish
