#!/usr/bin/env python3
"""A minimal Healthchecks-like ping endpoint on 127.0.0.1 for the benchmark: answers 200 "OK"
to any method and path, reading (and discarding) the body, with HTTP/1.1 keep-alive.
`GET /__count` answers how many pings it has received, so the benchmark can check that every
client really delivered its pings.

usage: ping_receiver.py PORT_FILE [CERT KEY]

It listens on a port the kernel picks (no fixed port, so two benchmarks never collide) and
writes that port to PORT_FILE once it accepts connections. With CERT and KEY it speaks TLS.
"""
import http.server
import os
import ssl
import sys
import threading

received = 0
counting = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One write per response and no Nagle: otherwise headers and body go out in two segments
    # and every client pays a 40 ms delayed-ACK stall that has nothing to do with it.
    wbufsize = 65536
    disable_nagle_algorithm = True

    def handle_ping(self):
        global received
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path == "/__count":
            answer = str(received).encode()
        else:
            answer = b"OK"
            with counting:
                received += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(answer)))
        self.send_header("Ping-Body-Limit", "10000")
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_HEAD = do_PUT = handle_ping

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    tls = None

    def get_request(self):
        # The handshake happens on the request's own thread (see finish_request), not here in
        # the accepting loop, so one slow client cannot hold up the others.
        return self.socket.accept()

    def finish_request(self, request, client_address):
        if self.tls is not None:
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        self.RequestHandlerClass(request, client_address, self)


server = Server(("127.0.0.1", 0), Handler)
if len(sys.argv) == 4:
    server.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.tls.load_cert_chain(sys.argv[2], sys.argv[3])
port_file = sys.argv[1]
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
