"""Adds lock entries for optional platform packages the registry mirror lacks.

NOTE: this workplace's npm mirror 404s some versions of platform-specific
optional packages (e.g. @rollup/rollup-android-arm-eabi). `npm install` then
leaves them out of package-lock.json and `npm ci` refuses the lock as out of
sync. Listing them as optional lets `npm ci` skip them as it does for any
other platform. Run after `npm install`: python3 scripts/complete-lock.py
"""
import json
import os

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "package-lock.json")
lock = json.load(open(path))
pk = lock["packages"]
for meta in list(pk.values()):
    for dep, rng in (meta.get("optionalDependencies") or {}).items():
        key = "node_modules/" + dep
        if key not in pk:
            pk[key] = {"version": rng, "optional": True}
            if meta.get("dev"):
                pk[key]["dev"] = True
lock["packages"] = dict(sorted(pk.items(), key=lambda kv: (kv[0] != "", kv[0])))
with open(path, "w") as f:
    f.write(json.dumps(lock, indent=2) + "\n")
