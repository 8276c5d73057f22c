"""Cache the MFCC/spectral summaries of the 90 real GTZAN clips and of the synthetic default set as .npy (run once).

    python benchmarks/cache_summaries.py

Writes benchmarks/cache/{gtzan90,synth}_{X,y}.npy; `recommend_rule.py` reads them.
"""
from pathlib import Path

import numpy as np

from music_clust.bench import default_shared
from music_clust.data import load_audio_folder
from music_clust.features import extract_features

OUT = Path(__file__).parent/'cache'


def cache(name, folder):
    audio = load_audio_folder(folder)
    feats = extract_features(audio.paths, n_jobs=1, progress=False)
    X = np.asarray(feats.summary, dtype='float32')
    OUT.mkdir(exist_ok=True)
    np.save(OUT/f'{name}_X.npy', X); np.save(OUT/f'{name}_y.npy', np.asarray(audio.labels)[feats.kept])
    print(name, X.shape, len(audio.skipped) + len(feats.failed), 'skipped or failed')


if __name__ == '__main__':
    cache('gtzan90', default_shared()/'gtzan'/'audio_3x30')
    synth = Path.home()/'.cache'/'music_clust'/'synthetic'/'n30-d10'
    if synth.is_dir(): cache('synth', synth)
