"""Which label-free rule picks k closest to the true number of genres: the three k curves of `cluster.k_curves` on every labelled real set.

    MUSIC_CLUST_SHARED=../shared/data PYTHONPATH=. python benchmarks/k_without_labels.py > benchmarks/k_without_labels.txt

The curves are exactly those a run computes (`run.write_k_curves`: `k_curves` of the standardised inputs, seed 0, k = 2..20);
the rules are those of `cluster.k_suggestions`: highest silhouette, elbow of the K-Means inertia, lowest BIC of a diagonal
Gaussian mixture. Labels are used only to count the true genres. Datasets: GTZAN's feature table (10 genres), the Spotify
sample (6), the lyrics table's 6 audio descriptors (7), the 90 real GTZAN clips' MFCC summaries (3, extracted here, cached
in $MUSIC_CLUST_CACHE). Distance: |log(k_rule / k_true)| (a factor of 2 too many counts as a factor of 2 too few).
The rule `recommend.K_RULE` was chosen on the first two sets (CHOSEN_ON), seen before the other two were computed;
the other two report it.
"""
import math
import os
import platform
import sys
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from recommend_rule import table  # the same column roles the recommendation benchmark uses

from music_clust.bench import default_shared
from music_clust.cluster import k_curves, k_suggestions
from music_clust.data import load_audio_folder
from music_clust.recommend import K_RULE
from music_clust.features import FeatureParams, extract_features
from music_clust.store import default_cache_dir
from music_clust.represent import standardise

warnings.filterwarnings('ignore')
CHOSEN_ON = ('gtzan_table', 'spotify')


def audio_mfcc(folder, k):
    "The MFCC/spectral summaries of a folder of <genre>/<clip> audio, as a run with --duration 30 extracts them."
    audio = load_audio_folder(folder)
    f = extract_features(audio.paths, FeatureParams(duration=30.0), cache_dir=default_cache_dir()/'features', n_jobs=1, progress=False)
    return dict(X=f.summary.astype('float64'), y=np.asarray(audio.labels)[f.kept], k=k)


def datasets():
    s = default_shared()
    yield 'gtzan_table', table(s/'gtzan'/'features_30_sec.csv', 'label', 10)
    yield 'spotify', table(s/'spotify'/'spotify_songs_sample5130.csv', 'playlist_genre', 6, 'cp1252')
    yield 'lyrics_descriptors', table(s/'lyrics'/'tcc_ceds_music_sample1000.csv', 'genre', 7,
                                      feature_cols=['danceability', 'loudness', 'acousticness', 'instrumentalness', 'valence', 'energy'])
    yield 'audio_3x30_mfcc', audio_mfcc(s/'gtzan'/'audio_3x30', 3)


def main():
    print(f'# output of: MUSIC_CLUST_SHARED=../shared/data PYTHONPATH=. python benchmarks/k_without_labels.py  '
          f'({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}, {platform.processor() or platform.machine()}, '
          f'{os.cpu_count()} cores)')
    dist, names = {}, []
    for name, d in datasets():
        t0 = time.perf_counter()
        picks = k_suggestions(k_curves(standardise(d['X']), seed=0))
        for rule, k in picks.items(): dist.setdefault(rule, []).append(abs(math.log(k / d['k'])))
        names.append(name)
        print(f"{name:<20} n={len(d['y']):<5} true k={d['k']:<3} " + '  '.join(f'{r}={k:<3}' for r, k in picks.items())
              + f"  ({time.perf_counter() - t0:.0f} s)", flush=True)
    for part, chosen in (('chosen on', True), ('held out', False)):
        at = [i for i, n in enumerate(names) if (n in CHOSEN_ON) == chosen]
        print(f'mean |log(k_rule / k_true)|, {part} ({", ".join(names[i] for i in at)}): '
              + ', '.join(f'{r} {np.mean([v[i] for i in at]):.3f}' for r, v in dist.items()))
    print(f'rule in use (music_clust.recommend.K_RULE): {K_RULE}')


if __name__ == '__main__':
    main()
