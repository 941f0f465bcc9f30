#!/usr/bin/env python3
"""pandoc-compare.py -- word-level F1 of `clerk text` against `pandoc -t plain`
on every .docx of pandoc's test suite (../shared/corpus/docx-peer/pandoc).

Words are runs of letters and digits, lower-cased and NFKC-normalised, compared as multisets:
table borders and list markup are layout, not words. Prints one line per
file (F1, precision, recall, name), then the mean. pandoc's output is cached
in build/pandoc-plain/ (it is slow); delete the folder to refresh it.
Usage: scripts/pandoc-compare.py [CLERK_BIN] [CORPUS_DIR]
"""
import collections, os, re, subprocess, sys, unicodedata

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
clerk = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build/clerk")
corpus = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "../shared/corpus/docx-peer/pandoc/test")
cache = os.path.join(root, "build/pandoc-plain")
os.makedirs(cache, exist_ok=True)

def words(text):
    # NFKC: a superscript two is the digit two ("m²" and "m2" are one word)
    return collections.Counter(re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower()))

def pandoc_text(path):
    key = os.path.relpath(path, corpus).replace("/", "__") + ".txt"
    cached = os.path.join(cache, key)
    if os.path.exists(cached):
        with open(cached, encoding="utf-8", errors="replace") as f:
            return f.read()
    r = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", path],
                       capture_output=True, timeout=120)
    text = r.stdout.decode("utf-8", "replace") if r.returncode == 0 else None
    if text is not None:
        with open(cached, "w", encoding="utf-8") as f:
            f.write(text)
    return text

files = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs if f.endswith(".docx"))
scores = []
for path in files:
    name = os.path.relpath(path, corpus)
    want = pandoc_text(path)
    try:
        r = subprocess.run([clerk, "text", path], capture_output=True, timeout=30)
        got = r.stdout.decode("utf-8", "replace") if r.returncode == 0 else None
        err = r.stderr.decode("utf-8", "replace").strip()
    except subprocess.TimeoutExpired:
        got, err = None, "timeout"
    if want is None:
        print(f"  skip            {name} (pandoc cannot read it; clerk: {'ok' if got is not None else err})")
        continue
    if got is None:
        print(f"0.000 0.000 0.000 {name} (clerk failed: {err})")
        scores.append(0.0)
        continue
    w, g = words(want), words(got)
    common = sum((w & g).values())
    nw, ng = sum(w.values()), sum(g.values())
    if nw == 0 and ng == 0:
        p = r_ = f1 = 1.0
    else:
        p = common / ng if ng else 0.0
        r_ = common / nw if nw else 0.0
        f1 = 2 * p * r_ / (p + r_) if p + r_ else 0.0
    scores.append(f1)
    print(f"{f1:.3f} {p:.3f} {r_:.3f} {name}")
mean = sum(scores) / len(scores) if scores else 0.0
below = sum(1 for s in scores if s < 0.9)
print(f"mean word F1 {mean:.4f} over {len(scores)} files ({below} below 0.9)")
