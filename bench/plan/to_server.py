#!/usr/bin/env python3
"""Turn the local provider's state (after `cronops apply`) into what a Healthchecks server
would answer: OUT_DIR/checks.json (GET /api/v3/checks/, read-write key) and
OUT_DIR/channels.json (GET /api/v3/channels/), with the server's field order and separators,
and switch the repo's cronops.yaml to the healthchecks provider on PORT.

    to_server.py OUT_DIR PORT
"""
import json
import os
import sys
import uuid

out, port = sys.argv[1], int(sys.argv[2])
repo = os.path.join(out, "repo")
state = json.load(open(os.path.join(repo, ".cronops", "state.json")))

names = sorted({c for check in state["checks"] for c in check.get("channels", "").split(",") if c})
channels = [{"id": str(uuid.uuid5(uuid.NAMESPACE_URL, "channel:" + n)), "name": n, "kind": "email"} for n in names]
by_name = {c["name"]: c["id"] for c in channels}

site = "http://127.0.0.1:%d" % port
checks = []
for c in state["checks"]:
    u = str(uuid.uuid5(uuid.NAMESPACE_URL, "check:" + c["slug"]))
    obj = {
        "name": c["name"], "slug": c["slug"], "tags": c["tags"], "desc": c["desc"], "grace": c["grace"],
        "n_pings": 0, "status": "new", "started": False, "last_ping": None, "next_ping": None,
        "manual_resume": False, "methods": "", "subject": "", "subject_fail": "", "start_kw": "",
        "success_kw": "", "failure_kw": "", "filter_subject": False, "filter_body": False,
        "filter_http_body": False, "filter_default_fail": False, "badge_url": "%s/b/2/%s.svg" % (site, u),
        "uuid": u, "ping_url": "%s/ping/%s" % (site, u), "update_url": "%s/api/v3/checks/%s" % (site, u),
        "pause_url": "%s/api/v3/checks/%s/pause" % (site, u), "resume_url": "%s/api/v3/checks/%s/resume" % (site, u),
        "channels": ",".join(sorted(by_name[n] for n in c.get("channels", "").split(",") if n)),
        "schedule": c["schedule"], "tz": c["tz"],
    }
    checks.append(obj)

with open(os.path.join(out, "checks.json"), "w") as f:
    json.dump({"checks": checks}, f)
with open(os.path.join(out, "channels.json"), "w") as f:
    json.dump({"channels": channels}, f)

config = open(os.path.join(repo, "cronops.yaml")).read()
config = config.replace("  provider: local\n", "  provider: healthchecks\n  api_url: %s\n  requests_per_minute: 6000\n" % site)
open(os.path.join(repo, "cronops.yaml"), "w").write(config)
print("%d checks, %d channels, checks.json %d bytes" % (len(checks), len(channels), os.path.getsize(os.path.join(out, "checks.json"))))
