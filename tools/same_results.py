"""Are two results folders the same run? `metrics.csv` compared cell by cell, fit times aside.

Behaviour-preserving changes (a refactor) must leave every score of a fixed-seed run unchanged:

    git stash / checkout BEFORE;  music-clust run --tier all --out /tmp/before_all
    git checkout AFTER;           music-clust run --tier all --out /tmp/after_all
    python tools/same_results.py /tmp/before_all /tmp/after_all

(and the same with `--tier easy --features ../shared/data/gtzan/features_30_sec.csv`). Exit status 0 when
the two agree, 1 with the differing cells listed when they do not. `--tier all` folders are compared tier by
tier as well as in their combined table.
"""
import sys
from pathlib import Path

import pandas as pd

from music_clust.config import TIER_NAMES

TIMES = ('fit_seconds',)  # wall-clock times differ between any two runs


def differences(a: Path, b: Path) -> list[str]:
    "Every cell of `a/metrics.csv` that `b/metrics.csv` does not repeat (fit times aside), or why they cannot be compared."
    ma, mb = (pd.read_csv(p/'metrics.csv', keep_default_na=False) for p in (a, b))
    if list(ma.columns) != list(mb.columns): return [f'{a.name}: columns differ: {list(ma.columns)} vs {list(mb.columns)}']
    if len(ma) != len(mb): return [f'{a.name}: {len(ma)} rows vs {len(mb)}']
    cols = [c for c in ma.columns if c not in TIMES]
    rows, where = (ma[cols].astype(str) != mb[cols].astype(str)).to_numpy().nonzero()
    return [f'{a.name} row {i} ({ma.representation[i]} {ma.variant[i]} {ma.clusterer[i]} seed {ma.seed[i]}), {cols[j]}: '
            f'{ma.at[i, cols[j]]} vs {mb.at[i, cols[j]]}' for i, j in zip(rows, where)]


def main(a: str, b: str) -> int:
    a, b = Path(a), Path(b)
    folders = [(a, b)] + [(a/t, b/t) for t in TIER_NAMES if (a/t/'metrics.csv').exists()]
    found = [line for x, y in folders for line in differences(x, y)]
    for line in found: print(line)
    rows = sum(len(pd.read_csv(x/'metrics.csv')) for x, _ in folders)
    print(f'{"identical" if not found else f"{len(found)} cells differ"}: {rows} rows compared in {len(folders)} metrics.csv, fit times aside')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:3]))
