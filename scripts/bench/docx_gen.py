#!/usr/bin/env python3
"""docx_gen.py -- writes N large, distinct Word minutes for the docx
benchmark: a title, a header block, an attendee table, numbered agenda
headings with discussion paragraphs and bullet lists, and an action table.
The discussion is written as minutes are: sentences with capitals, people
reporting and asking ("Cllr Patel reported that ..."), resolutions and
actions in the prose ("RESOLVED: that ...", "ACTION: Ann Marsh to ..."), so
every rule of the interpreter has work to do.
Usage: docx_gen.py OUTDIR N"""
import os, random, sys, zipfile

out, n = sys.argv[1], int(sys.argv[2])
# Agenda items a meeting: sized so that the bare loop reads about 680 files
# a second and pandoc about 3 on this machine, the "large minutes"
# (about 7,000 words each; real minutes are usually shorter).
ITEMS = 22
os.makedirs(out, exist_ok=True)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FIRST = ["Ann", "Raj", "Jo", "Sam", "Lee", "Priya", "Tom", "Ines", "Omar", "Dana", "Lucy", "Ali"]
LAST = ["Marsh", "Patel", "Okafor", "Reyes", "Berg", "Haddad", "Pryce", "Shah", "Akers", "Nandra"]
TOPICS = ["Finance report", "Playground refurbishment", "Footpath maintenance", "Planning applications",
          "Allotments", "Community safety", "Grants", "Village hall", "Highways", "Correspondence"]
WORDS = ("the council members discussed report budget quote contractor survey residents "
         "agreed noted proposal meeting consultation works schedule costs approval").split()
NOUNS = ["report", "budget", "quote", "survey", "proposal", "consultation", "schedule", "costs",
         "contract", "policy", "application", "letter", "grant", "invoice", "plan"]
VERBS = ["reported", "advised", "explained", "noted", "confirmed", "updated members"]
TODO = ["circulate", "send", "check", "draft", "review", "publish", "chase", "order"]
STYLES = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {W}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style></w:styles>'''
NUMBERING = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W}>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>'''

CONTENT_TYPES = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>'''
RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>'''
DOC_RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>'''

def run(t):
    return f'<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="22"/></w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>'

def p(t, style=None, num=None):
    ppr = ""
    if style or num:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + \
              (f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>' if num else "") + "</w:pPr>"
    # Word splits text into several runs (spelling, edits): so do we
    words = t.split(" ")
    runs = "".join(run(" ".join(words[i:i + 6]) + (" " if i + 6 < len(words) else "")) for i in range(0, len(words), 6))
    return f'<w:p w:rsidR="00A1B2C3">{ppr}{runs}</w:p>'

def cell(t):
    return f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{p(t)}</w:tc>'

def table(rows):
    return "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>" + \
           "".join("<w:tr>" + "".join(cell(c) for c in r) + "</w:tr>" for r in rows) + "</w:tbl>"

def name(r):
    return f"{r.choice(FIRST)} {r.choice(LAST)}"

def sentence(r, people):
    """One sentence of discussion, as minutes word it; the speakers are
    the meeting's members, by full name or as "Cllr Surname"."""
    t, a, b = r.choice(TOPICS).lower(), r.choice(NOUNS), r.choice(NOUNS)
    m = r.choice(people)
    who = r.choice([f"Cllr {m.split()[1]}", m, "The Clerk", "The Chair"])
    return r.choice([
        f"{who} {r.choice(VERBS)} that the {a} for the {t} had been received.",
        f"Members discussed the {a} and the {b} at some length.",
        f"{who} asked whether the {a} included the {b}; the Chair confirmed that it did.",
        f"It was noted that the {a} would be considered at the next meeting.",
        f"{who} said the {a} was in line with the {b} agreed in {r.choice(['March', 'May', 'June'])}.",
        f"A resident spoke about the {t} and the {a}.",
    ])

def discussion(r, people):
    return " ".join(sentence(r, people) for _ in range(5))

for i in range(n):
    r = random.Random(i)
    day, month = 1 + i % 28, ["January", "February", "March", "April", "May", "June"][i % 6]
    body = [p(f"Parish Council {i}", "Title"), p(f"Minutes of the meeting held on {day} {month} 2025 at 7.00 pm in the Village Hall")]
    people = [name(r) for _ in range(10)]
    body.append(table([("Name", "Role", "Status")] + [(f"Cllr {m}", r.choice(["Chair", "Member", ""]),
                                                         r.choice(["Present", "Present", "Apologies"])) for m in people]))
    for t in range(ITEMS):
        body.append(p(f"{TOPICS[t % len(TOPICS)]} {t}", "Heading1"))
        for _ in range(4):
            body.append(p(discussion(r, people)))
        if t % 3 == 0:
            body.append(p(f"RESOLVED: that the {r.choice(NOUNS)} for the {TOPICS[t % len(TOPICS)].lower()} be approved."))
        if t % 4 == 1:
            body.append(p(f"ACTION: {r.choice(people)} to {r.choice(TODO)} the {r.choice(NOUNS)} by {1 + t % 28} August 2025."))
        for _ in range(3):
            body.append(p(" ".join(r.choice(WORDS) for _ in range(12)), "ListParagraph", 2))
    body.append(p("Action log", "Heading1"))
    body.append(table([("Action", "Owner", "Due")] + [(" ".join(r.choice(WORDS) for _ in range(8)), r.choice(people),
                                                      f"{1 + k % 28} July 2025") for k in range(30)]))
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{"".join(body)}<w:sectPr/></w:body></w:document>'
    with zipfile.ZipFile(os.path.join(out, f"minutes-{i:04d}.docx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/document.xml", doc)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/numbering.xml", NUMBERING)
