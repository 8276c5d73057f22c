"""Timing-only tables of catalog size: rows of ../shared's Spotify sample drawn with replacement, each continuous column
jittered by 1 % of its spread (so that no row repeats another exactly), written to /tmp. Never score genre on them.

    python benchmarks/big_tables.py 13000 30000      # writes /tmp/spotify_13000.csv and /tmp/spotify_30000.csv
    /usr/bin/time -v music-clust run --features /tmp/spotify_13000.csv --label-col playlist_genre --tier easy --out /tmp/big13
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from real_data import DATA

JITTER = 0.01  # of each continuous column's standard deviation: breaks exact repeats, keeps each column's shape
CODES = ('key', 'mode')  # categorical codes stored as integers: drawn as they are, never jittered


def big_table(n: int, seed: int = 0) -> pd.DataFrame:
    "`n` rows of the Spotify sample drawn with replacement (seeded), its continuous audio columns jittered."
    t = pd.read_csv(DATA/'spotify'/'spotify_songs_sample5130.csv', encoding='cp1252')
    rng = np.random.default_rng(seed)
    t = t.iloc[rng.integers(0, len(t), n)].reset_index(drop=True)
    cont = [c for c in t.columns[8:] if c not in CODES]
    t[cont] = t[cont] + rng.normal(0, JITTER, (n, len(cont))) * t[cont].std().to_numpy()
    return t


if __name__ == '__main__':
    for n in map(int, sys.argv[1:]):
        big_table(n).to_csv(f'/tmp/spotify_{n}.csv', index=False)
        print(f'/tmp/spotify_{n}.csv')
