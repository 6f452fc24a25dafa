#!/usr/bin/env python3
"""The interleaved comparison behind bench/exec/run.sh (read that first).

usage: bench.py --cronops BIN --floor BIN --repo DIR --runitor BIN [--rounds N] [--warmup N] [--out DIR]

Every round runs every command once, in a new random order (after warm-up rounds that are not
counted): on a shared machine whose speed drifts by a third within a minute, back-to-back
series (A eighty times, then B eighty times) compare two different machines, interleaved
rounds let all commands see the same drift. Each run is one posix_spawn of the command's argv
(no shell in between) timed from spawn to waitpid, with stdout and stderr on /dev/null.

Before timing, each command runs once with its stderr kept: it must exit 0, print nothing on
stderr (cronops and runitor warn there when a ping fails) and deliver exactly the pings it
should to the receiver, so a fast but broken configuration cannot win.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
KEY = "bench-ping-key"


def make_ca(directory):
    """A throwaway CA and a server certificate for 127.0.0.1, made at run time."""
    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=cronops bench CA", "-keyout", "ca.key", "-out", "ca.pem",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=127.0.0.1",
            "-keyout", "server.key", "-out", "server.csr")
    with open(os.path.join(directory, "server.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "2", "-extfile", "server.ext", "-out", "server.pem")
    return tuple(os.path.join(directory, n) for n in ("ca.pem", "server.pem", "server.key"))


class Receiver:
    def __init__(self, directory, name, tls=None):
        port_file = os.path.join(directory, name + ".port")
        if os.path.exists(port_file):
            os.remove(port_file)  # one from an earlier run would name a port nothing serves
        self.process = subprocess.Popen([sys.executable, os.path.join(HERE, "ping_receiver.py"), port_file, *(tls or ())])
        for _ in range(200):
            if os.path.exists(port_file):
                break
            if self.process.poll() is not None:
                sys.exit(f"bench: the {name} receiver did not start")
            time.sleep(0.05)
        else:
            sys.exit(f"bench: the {name} receiver did not start within 10 s")
        with open(port_file) as f:
            port = int(f.read())
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"

    def count(self, context):
        with urllib.request.urlopen(self.url + "/__count", context=context) as r:
            return int(r.read())

    def stop(self):
        self.process.terminate()
        self.process.wait()


def spawn_and_wait(argv, env, devnull):
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter_ns() - start
    return elapsed / 1e6, os.waitstatus_to_exitcode(status)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cronops", required=True)
    p.add_argument("--floor", required=True)
    p.add_argument("--repo", required=True)
    p.add_argument("--runitor", required=True)
    p.add_argument("--rounds", type=int, default=80)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--out", default=HERE)
    p.add_argument("--only", help="comma-separated substrings: time only the commands whose name holds one")
    p.add_argument("--baseline", help="another cronops binary (e.g. before a change), timed in the same rounds")
    a = p.parse_args()

    work = tempfile.mkdtemp(prefix="cronops-bench-exec-")
    ca, cert, key = make_ca(work)
    http = Receiver(work, "http")
    https = Receiver(work, "https", (cert, key))
    import ssl
    trust = ssl.create_default_context(cafile=ca)
    try:
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        # Every client is told to trust the test CA, each the way it reads it: cronops (its
        # libcurl) and curl read CURL_CA_BUNDLE, runitor (Go's crypto/x509) SSL_CERT_FILE.
        env.update(CRONOPS_PING_KEY=KEY, SSL_CERT_FILE=ca, CURL_CA_BUNDLE=ca)
        sh = "/bin/sh"
        curl = subprocess.run(["sh", "-c", "command -v curl"], capture_output=True, text=True).stdout.strip()
        commands = [  # name, argv, receiver, pings it sends, runitor row it is compared with
            ("bare: sh -c true", [sh, "-c", "true"], None, 0, None),
            ("floor: static Swift, Foundation, prints", [a.floor], None, 0, None),
            ("cronops exec, no pings", [a.cronops, "exec", "bench", "--", "true"], None, 0, None),
        ]
        if a.baseline:
            commands.append(("baseline: cronops exec, no pings", [a.baseline, "exec", "bench", "--", "true"], None, 0, None))
        for proto, receiver in (("http", http), ("https", https)):
            slug_url = f"{receiver.url}/{KEY}/bench"
            ref = f"runitor, pings over {proto}"
            commands += [
                (f"cronops exec, pings over {proto}", [a.cronops, "exec", "bench", "--ping-url", receiver.url, "--", "true"],
                 receiver, 2, ref),
                *([(f"baseline: cronops exec, pings over {proto}",
                    [a.baseline, "exec", "bench", "--ping-url", receiver.url, "--", "true"], receiver, 2, ref)]
                  if a.baseline else []),
                (ref, [a.runitor, "-api-url", receiver.url, "-ping-key", KEY, "-slug", "bench", "--", sh, "-c", "true"],
                 receiver, 2, ref),
                (f"curl pattern, pings over {proto}",
                 [sh, "-c", f"{curl} -fsS -m 10 --retry 5 -o /dev/null {slug_url}/start; "
                            f"true && {curl} -fsS -m 10 --retry 5 -o /dev/null {slug_url}"], receiver, 2, ref),
            ]
        commands += [
            ("cronops next --count 1", [a.cronops, "next", "30 2 * * *", "--tz", "Europe/Berlin", "--count", "1"], None, 0, None),
            ("cronops validate (5 jobs)", [a.cronops, "validate", "--quiet", a.repo], None, 0, None),
        ]
        if a.baseline:
            commands += [
                ("baseline: cronops next --count 1", [a.baseline, "next", "30 2 * * *", "--tz", "Europe/Berlin", "--count", "1"], None, 0, None),
                ("baseline: cronops validate (5 jobs)", [a.baseline, "validate", "--quiet", a.repo], None, 0, None),
            ]
        if a.only:
            wanted = a.only.split(",")
            commands = [c for c in commands if c[0].startswith("bare") or any(w in c[0] for w in wanted)]

        for name, argv, receiver, pings, _ in commands:
            before = receiver.count(trust) if receiver else 0
            r = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            after = receiver.count(trust) if receiver else 0
            if r.returncode != 0 or r.stderr or after - before != pings:
                sys.exit(f"bench: {name!r} is not measuring what it should: exit {r.returncode}, "
                         f"{after - before} of {pings} pings received, stderr: {r.stderr.strip()!r}")

        times = {c[0]: [] for c in commands}
        devnull = os.open(os.devnull, os.O_WRONLY)
        for round_number in range(a.warmup + a.rounds):
            order = commands[:]
            random.shuffle(order)
            for name, argv, _, _, _ in order:
                elapsed, code = spawn_and_wait(argv, env, devnull)
                if code != 0:
                    sys.exit(f"bench: {name!r} exited {code}")
                if round_number >= a.warmup:
                    times[name].append(elapsed)
    finally:
        http.stop()
        https.stop()

    bare = statistics.median(times[commands[0][0]])
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    rows = []
    for name, argv, _, _, ref in commands:
        samples = times[name]
        q1, _, q3 = statistics.quantiles(samples, n=4)
        rows.append({
            "command": name, "argv": argv, "median_ms": round(medians[name], 3), "q1_ms": round(q1, 3),
            "q3_ms": round(q3, 3), "min_ms": round(min(samples), 3), "over_bare_ms": round(medians[name] - bare, 3),
            "ratio_to_runitor": round(medians[name] / medians[ref], 3) if ref in medians else None,
            "samples_ms": [round(s, 3) for s in samples],
        })
    load = open("/proc/loadavg").read().split()[:3]
    lines = [
        f"{a.rounds} interleaved rounds (+{a.warmup} warm-up), shuffled order each round; "
        f"load average at the end {' '.join(load)}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| command | median | q1–q3 | over bare | ÷ runitor (same transport) |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = f"{r['ratio_to_runitor']:.2f}" if r["ratio_to_runitor"] is not None else ""
        over = f"{r['over_bare_ms']:+.1f} ms" if r["command"] != commands[0][0] else ""
        lines.append(f"| {r['command']} | {r['median_ms']:.1f} ms | {r['q1_ms']:.1f}–{r['q3_ms']:.1f} | {over} | {ratio} |")
    table = "\n".join(lines) + "\n"
    print(table)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "results.md"), "w") as f:
        f.write(table)
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump({"rounds": a.rounds, "warmup": a.warmup, "load": load, "results": rows}, f, indent=1)


if __name__ == "__main__":
    main()
