#!/usr/bin/env python3
"""A minimal Healthchecks-like ping endpoint on 127.0.0.1 for the benchmark: answers 200 "OK"
to any method and path, reading (and discarding) the body. Usage: ping_receiver.py PORT"""
import http.server
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One write per response and no Nagle: otherwise headers and body go out in two segments
    # and every client pays a 40 ms delayed-ACK stall that has nothing to do with it.
    wbufsize = 65536
    disable_nagle_algorithm = True

    def handle_ping(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "2")
        self.send_header("Ping-Body-Limit", "10000")
        self.end_headers()
        self.wfile.write(b"OK")

    do_GET = do_POST = do_HEAD = do_PUT = handle_ping

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
