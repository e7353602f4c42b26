#!/usr/bin/env python3
"""Writes a synthetic published tree for bench/api.sh.

published/_index.json lists SUBJECTS x DAYS = 10,000 daily files of sim/SUBJ{n}/candle/1m, formatted
like the index the Spark job writes (Jackson's default pretty printer). Only the first entry,
sim/SUBJ0/candle/1m/2024-01-01.parquet, exists on disk: 1 MiB of seeded random bytes, listed with
its true size and sha256. The other entries carry a sha256 of their own path (never served).

usage: make_data.py PUBLISHED_DIR   (prints the path of the real file relative to PUBLISHED_DIR)
"""
import datetime
import hashlib
import os
import random
import sys

SUBJECTS = 100
DAYS = 100
FILE_BYTES = 1024 * 1024
START = datetime.date(2024, 1, 1)


def entry(path, day, size, sha):
    return (
        "{\n"
        f'    "path" : "{path}",\n'
        f'    "date" : "{day.isoformat()}",\n'
        '    "records" : 1440,\n'
        f'    "size_bytes" : {size},\n'
        f'    "sha256" : "{sha}",\n'
        f'    "first_ts" : "{day.isoformat()}T00:00:00Z",\n'
        f'    "last_ts" : "{day.isoformat()}T23:59:00Z",\n'
        '    "table_version" : 0\n'
        "  }"
    )


def main(published):
    real_path = f"sim/SUBJ0/candle/1m/{START.isoformat()}.parquet"
    body = random.Random(42).randbytes(FILE_BYTES)
    target = os.path.join(published, real_path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(body)
    entries = []
    for n in range(SUBJECTS):
        for d in range(DAYS):
            day = START + datetime.timedelta(days=d)
            path = f"sim/SUBJ{n}/candle/1m/{day.isoformat()}.parquet"
            if path == real_path:
                entries.append(entry(path, day, len(body), hashlib.sha256(body).hexdigest()))
            else:
                sha = hashlib.sha256(path.encode()).hexdigest()
                entries.append(entry(path, day, 36000 + (n * 7 + d) % 900, sha))
    index = (
        "{\n"
        '  "generated_at" : "2024-04-10T00:00:00Z",\n'
        '  "files" : [ ' + ", ".join(entries) + " ]\n"
        "}"
    )
    tmp = os.path.join(published, "_index.json.tmp")
    with open(tmp, "w") as f:
        f.write(index)
    os.replace(tmp, os.path.join(published, "_index.json"))
    print(real_path)


if __name__ == "__main__":
    main(sys.argv[1])
