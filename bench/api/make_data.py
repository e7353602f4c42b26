#!/usr/bin/env python3
"""Writes a synthetic published tree for bench/api.sh.

Each of SUBJECTS feeds sim/SUBJ{n}/candle/1m gets its own index, published/sim/SUBJ{n}/candle/1m/
_index.json, listing DAYS daily files from 2021-01-01, formatted like the index the Spark job
writes (Jackson's default pretty printer). Only the first entry, sim/SUBJ0/candle/1m/
2021-01-01.parquet, has real content: 1 MiB of seeded random bytes, listed with its true size and
sha256. The other entries carry a sha256 of their own path; with --empty-files each of them also
exists as an empty file (as a coordinator's folder of 100,000 days would hold them), otherwise
only the index lists them.

usage: make_data.py PUBLISHED_DIR SUBJECTS DAYS [--empty-files]
       (prints the path of the real file relative to PUBLISHED_DIR)
"""
import datetime
import hashlib
import os
import random
import sys

FILE_BYTES = 1024 * 1024
START = datetime.date(2021, 1, 1)


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


def write_atomically(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main(published, subjects, days, empty_files):
    real_path = f"sim/SUBJ0/candle/1m/{START.isoformat()}.parquet"
    body = random.Random(42).randbytes(FILE_BYTES)
    for n in range(subjects):
        feed = f"sim/SUBJ{n}/candle/1m"
        folder = os.path.join(published, feed)
        os.makedirs(folder, exist_ok=True)
        entries = []
        for d in range(days):
            day = START + datetime.timedelta(days=d)
            path = f"{feed}/{day.isoformat()}.parquet"
            if path == real_path:
                with open(os.path.join(published, path), "wb") as f:
                    f.write(body)
                entries.append(entry(path, day, len(body), hashlib.sha256(body).hexdigest()))
                continue
            if empty_files:
                open(os.path.join(published, path), "wb").close()
            sha = hashlib.sha256(path.encode()).hexdigest()
            entries.append(entry(path, day, 36000 + (n * 7 + d) % 900, sha))
        index = (
            "{\n"
            '  "generated_at" : "2026-06-01T00:00:00Z",\n'
            '  "files" : [ ' + ", ".join(entries) + " ]\n"
            "}"
        )
        write_atomically(os.path.join(folder, "_index.json"), index)
    print(real_path)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), "--empty-files" in sys.argv[4:])
