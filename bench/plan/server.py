#!/usr/bin/env python3
"""A tiny loopback server that answers like Healthchecks for the two plan reads, from
pre-generated bodies (read on first use), and counts requests (GET /_count). Port 0 picks a
free port, written to OUT_DIR/port. Stops by itself after --lifetime s.

    server.py OUT_DIR PORT [--lifetime 300]
"""
import argparse
import http.server
import os
import threading

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("port", type=int)
parser.add_argument("--lifetime", type=float, default=300)
args = parser.parse_args()

files = {"/api/v3/checks/": "checks.json", "/api/v3/channels/": "channels.json"}
bodies = {}
count = {"n": 0}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path == "/_count":
            body = str(count["n"]).encode()
        elif self.path in files:
            count["n"] += 1
            if self.path not in bodies:
                bodies[self.path] = open(os.path.join(args.out, files[self.path]), "rb").read()
            body = bodies[self.path]
        else:
            count["n"] += 1
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
with open(os.path.join(args.out, "port"), "w") as f:
    f.write(str(server.server_address[1]))
threading.Timer(args.lifetime, server.shutdown).start()
server.serve_forever()
