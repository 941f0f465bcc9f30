# test_reports.sh -- every register report in every writer, and the outputs
# checked by the tools that read them: the .docx by pandoc and LibreOffice,
# the HTML in headless Chromium (a screenshot that is not blank), the CSV by
# python's csv module, the .ics by an RFC 5545 structure check.
. "$(dirname "$0")/lib.sh"
FX="$ROOT/tests/fixtures/register"
for n in 01 02 03; do "$CLERK" import "$FX/${n}_"*.txt > /dev/null || bad "import $n"; done

REPORTS="actions matters-arising attendance meeting"
WRITERS="text markdown csv json html docx ics"
for r in $REPORTS; do
  for w in $WRITERS; do
    run report "$r" --format "$w" -o "$T/$r.$w"
    expect "$r as $w" 0
    if [ -s "$T/$r.$w" ]; then ok; else bad "$r.$w is empty"; fi
  done
done
run action show 1 --format docx -o "$T/action.docx"
expect "action history as docx" 0

# content: the right things are in the reports
has "matters arising lists the last meeting's action" "$T/matters-arising.markdown" "publish the summer programme"
has "matters arising: older open action" "$T/matters-arising.markdown" "invite the Youth Council"
has "attendance: substitute mark" "$T/attendance.markdown" "\| Daniel Hargreave \| [^|]* \| P \| S \| P \| 100%"
has "attendance: a rate" "$T/attendance.markdown" "Grace Adebayo-Lyons .*67% \(2/3\)"
has "attendance: organisations" "$T/attendance.markdown" "Southshire Police \| Y \| Y \| Y \| 100%"
has "meeting: reviews section" "$T/meeting.markdown" "Earlier actions reviewed"

# CSV: UTF-8 with BOM, RFC 4180, parses
python3 - "$T" <<'PY' > "$T/py" 2>&1 && ok || bad "csv: $(cat "$T/py")"
import csv, sys
for r in ["actions", "matters-arising", "attendance", "meeting"]:
    raw = open(f"{sys.argv[1]}/{r}.csv", "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), r + ": no BOM"
    rows = list(csv.reader(open(f"{sys.argv[1]}/{r}.csv", encoding="utf-8-sig", newline="")))
    assert len(rows) >= 2, (r, rows)
    assert all(len(x) == len(rows[0]) for x in rows[:2]), r
PY

# iCalendar: unfolded lines, BEGIN/END nesting, one VTODO per open action with DUE as a date
python3 - "$T/actions.ics" "$T/matters-arising.ics" <<'PY' > "$T/py" 2>&1 && ok || bad "ics: $(cat "$T/py")"
import re, sys
def parse(path):
    raw = open(path, "rb").read().decode("utf-8")
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", ""), "CRLF line ends"
    lines = raw.replace("\r\n ", "").split("\r\n")[:-1]
    for l in raw.split("\r\n"):
        assert len(l.encode()) <= 75, "line longer than 75 octets: " + l
    stack, todos = [], []
    for l in lines:
        name, _, value = l.partition(":")
        if name == "BEGIN":
            stack.append(value)
            if value == "VTODO": todos.append({})
        elif name == "END":
            assert stack and stack.pop() == value, "END:" + value + " does not close"
        elif stack and stack[-1] == "VTODO":
            todos[-1][name.split(";")[0]] = (name, value)
    assert stack == [], stack
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    for t in todos:
        for f in ("UID", "DTSTAMP", "SUMMARY", "STATUS"):
            assert f in t, (f, t)
        if "DUE" in t:
            assert t["DUE"][0] == "DUE;VALUE=DATE" and re.fullmatch(r"\d{8}", t["DUE"][1]), t["DUE"]
    return todos
todos = parse(sys.argv[1])
assert len(todos) == 2, todos            # the two open actions
assert any(t.get("DUE", ("", ""))[1] == "20260731" for t in todos), todos
assert all(t["STATUS"][1] == "NEEDS-ACTION" for t in todos)
parse(sys.argv[2])
PY

# .docx: pandoc reads it, LibreOffice converts it to PDF
if command -v pandoc > /dev/null; then
  for f in actions attendance meeting; do
    pandoc -f docx -t plain "$T/$f.docx" > /dev/null 2> "$T/err" && ok || bad "pandoc -t plain $f.docx: $(cat "$T/err")"
    pandoc -f docx -t html "$T/$f.docx" > "$T/$f.docx.txt" 2> "$T/err" && ok || bad "pandoc $f.docx: $(cat "$T/err")"
  done
  has "pandoc sees the table" "$T/attendance.docx.txt" "Daniel Hargreave"
  has "pandoc sees the action" "$T/actions.docx.txt" "publish the summer programme"
else
  echo "skipped: pandoc not installed"
fi
if command -v libreoffice > /dev/null || command -v soffice > /dev/null; then
  LO=$(command -v libreoffice || command -v soffice)
  mkdir -p "$T/lo" "$T/pdf"
  HOME="$T/lo" timeout 180 "$LO" -env:UserInstallation=file://"$T/lo" --headless --convert-to pdf \
    --outdir "$T/pdf" "$T/actions.docx" "$T/attendance.docx" > "$T/lo.out" 2>&1
  for f in actions attendance; do
    if head -c 5 "$T/pdf/$f.pdf" 2>/dev/null | grep -q '%PDF-'; then ok; else bad "libreoffice did not convert $f.docx: $(tail -c 300 "$T/lo.out")"; fi
  done
else
  echo "skipped: libreoffice not installed"
fi

# HTML: self-contained, and Chromium draws something
hasnt "html has no external resources" "$T/attendance.html" "(src|href)=\"(https?:)?//"
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -n "$CHROME" ]; then
  HOME="$T/lo" timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --user-data-dir="$T/chrome" --screenshot="$T/shot.png" --window-size=1024,768 \
    "file://$T/attendance.html" > "$T/chrome.out" 2>&1
  python3 - "$T/shot.png" <<'PY' > "$T/py" 2>&1 && ok || bad "screenshot: $(cat "$T/py") $(tail -c 300 "$T/chrome.out")"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), (depth, ctype)
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
dark = 0
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        if line[x] < 200 or line[x + 1] < 200 or line[x + 2] < 200:
            dark += 1
    prev = line
assert dark > 2000, "blank screenshot: %d non-white pixels" % dark
print(dark)
PY
else
  echo "skipped: chromium not installed"
fi
finish
