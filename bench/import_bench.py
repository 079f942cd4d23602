#!/usr/bin/env python3
"""Import of a persons CSV: cordon's rows/s against `sqlite3 .import` of the same file
into a plain table, measured in the same run (goal: at least 0.5x).

Generates a deterministic CSV of N persons with valid resident IDs in the 20 first grids
of a small demo city (codes G0001..G0020), then times both. Median of --runs rounds.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂东升华国建文玉红梅"


def write_csv(path, n):
    rng = random.Random(2020)
    with open(path, "w", encoding="utf-8") as f:
        f.write("name,id_number,phone,grid,address\n")
        for i in range(n):
            year = 1930 + rng.randrange(90)
            # i spread over region, month, day and sequence makes every number unique.
            body = f"11010{i % 10}{year}{1 + (i // 10) % 12:02d}{1 + (i // 120) % 28:02d}{(i // 3360) % 1000:03d}"
            number = body + CHECK[sum(int(a) * w for a, w in zip(body, WEIGHTS)) % 11]
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
            phone = f"13{rng.randrange(10)}{rng.randrange(10**8):08d}"
            f.write(f"{name},{number},{phone},G{1 + i % 20:04d},{1 + i % 30}栋{1 + i % 4}单元\n")


def timed(cmd, **kw):
    start = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.monotonic() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cordon-import-bench-") as d:
        csv = os.path.join(d, "persons.csv")
        write_csv(csv, args.rows)
        base, ours = [], []
        for r in range(args.runs):
            plain = os.path.join(d, f"plain{r}.db")
            base.append(timed(["sqlite3", plain, ".import --csv " + csv + " t"]))
            city = os.path.join(d, f"city{r}.db")
            subprocess.run([args.cordon, "demo", "--no-serve", "--residents", "1000", "--grids",
                            "20", "--db", city], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            ours.append(timed([args.cordon, "import", "persons", csv, "--db", city,
                               "--errors", os.path.join(d, "errors.csv")]))
            with open(os.path.join(d, "errors.csv"), encoding="utf-8") as f:
                rejected = sum(1 for _ in f) - 1
            if rejected:
                print(f"import rejected {rejected} rows; see the generator")
                return 1
    b, o = statistics.median(base), statistics.median(ours)
    ratio = (args.rows / o) / (args.rows / b)
    print(f"import of {args.rows} persons (median of {args.runs} runs)")
    print(f"  sqlite3 .import into a plain table: {args.rows / b:10.0f} rows/s ({b:.1f} s)")
    print(f"  cordon import persons:              {args.rows / o:10.0f} rows/s ({o:.1f} s)")
    print(f"  ratio: {ratio:.2f}x  (goal >= 0.5x)  {'MET' if ratio >= 0.5 else 'MISSED'}")
    print(f'{{"figure": "import_rows_per_s", "value": {args.rows / o:.0f}, '
          f'"limit": {args.rows / b:.0f}, "ratio": {ratio:.3f}, "goal": 0.5}}')
    return 0


if __name__ == "__main__":
    sys.exit(main())
