#!/usr/bin/env python3
"""moderngov_server.py -- a stand-in ModernGov web service for test_sync.sh.

Serves corpus files under /mgWebService.asmx/{Method} on 127.0.0.1, on a
free port (or --port) it writes to --port-file. ETag on every response, 304 on a
matching If-None-Match. Every request is logged (path, If-None-Match,
User-Agent) to --log. Faults, for paths containing --fault-on:
  slow      the first --fault-count requests wait 2 s before answering
  500       the first --fault-count requests get a 500
  html      every request gets an HTML error page (200, text/html)
  truncate  every request gets the first half of the body
"""
import argparse, hashlib, http.server, os, sys, time, urllib.parse

p = argparse.ArgumentParser()
p.add_argument("--corpus", required=True)
p.add_argument("--port", type=int, default=0)   # 0: a free one
p.add_argument("--port-file", required=True)
p.add_argument("--log", required=True)
p.add_argument("--fault", default="")
p.add_argument("--fault-on", default="")
p.add_argument("--fault-count", type=int, default=1)
args = p.parse_args()
X = os.path.join(args.corpus, "xml")
EMPTY = b'<?xml version="1.0" encoding="utf-8"?>\n<getmeetings>\n  <meetingscount> 0</meetingscount>\n</getmeetings>'
faults_left = [args.fault_count]


def body_for(method, query):
    q = urllib.parse.parse_qs(query)
    if method == "GetCommittees":
        return open(os.path.join(X, "manchester_committees.xml"), "rb").read()
    if method == "GetMeetings":
        if q.get("lCommitteeId") == ["144"]:
            return open(os.path.join(X, "manchester_meetings.xml"), "rb").read()
        return EMPTY
    if method == "GetMeeting":
        name = {"4966": "manchester_meeting_no_minutes.xml",
                "4967": "manchester_meeting_with_minutes.xml"}.get((q.get("lMeetingId") or [""])[0])
        if name:
            return open(os.path.join(X, name), "rb").read()
    return None


class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        path, _, query = self.path.partition("?")
        inm = self.headers.get("If-None-Match", "")
        with open(args.log, "a") as f:
            f.write("%s inm=%s ua=%s\n" % (self.path, inm or "-", self.headers.get("User-Agent", "")))
        method = path.rsplit("/", 1)[-1] if path.startswith("/mgWebService.asmx/") else ""
        body = body_for(method, query)
        if body is None:
            return self.send(404, b"not found", "text/plain")
        hit = args.fault and args.fault_on in self.path
        if hit and args.fault in ("slow", "500") and faults_left[0] > 0:
            faults_left[0] -= 1
            if args.fault == "500":
                return self.send(500, b"<html><body>Server Error</body></html>", "text/html")
            time.sleep(2)
        if hit and args.fault == "html":
            page = open(os.path.join(args.corpus, "not-xml", "leeds_error_page.xml"), "rb").read()
            return self.send(200, page, "text/html")
        if hit and args.fault == "truncate":
            body = body[: len(body) // 2]
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        if inm == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send(200, body, "text/xml; charset=utf-8", etag)

    def send(self, code, body, ctype, etag=None):
        try:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


srv = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), H)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(args.port_file + ".tmp", args.port_file)
srv.serve_forever()
