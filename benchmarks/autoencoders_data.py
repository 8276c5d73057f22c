"""Build the inputs of every real dataset in ../shared/data once, as the package reads them, into a scratch folder.

    PYTHONPATH=. python benchmarks/autoencoders_data.py [/tmp/ae38]

Writes {name}_X.npy (float32, the features a run reads, before standardisation) and {name}_y.npy (labels, for
scoring only) per dataset; `gtzan90_musicnn_patches` also writes {name}_clip.npy (the clip of each 3-s patch).
"""
import sys
from pathlib import Path

import numpy as np

from music_clust.bench import default_shared
from music_clust.config import RunConfig
from music_clust.data import load_audio_folder
from music_clust.features import FeatureParams, extract_features
from music_clust.inputs import load_table_inputs

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else '/tmp/ae38')
LYRICS_AUDIO = 'danceability,loudness,acousticness,instrumentalness,valence,energy'  # the 6 audio descriptors


def save(name, X, y, **more):
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT/f'{name}_X.npy', np.asarray(X, 'float32')); np.save(OUT/f'{name}_y.npy', np.asarray(y).astype(str))
    for key, v in more.items(): np.save(OUT/f'{name}_{key}.npy', v)
    print(name, np.shape(X), len(set(np.asarray(y).astype(str))), 'genres', flush=True)


def table(name, path, label, cols=None):
    "A feature table as `music-clust run --features` reads it (column roles, medians for gaps)."
    inputs = load_table_inputs(RunConfig(features=str(path), label_col=label, feature_cols=cols, progress=False))
    save(name, inputs.X, inputs.labels)


def clips(name, folder, seconds=30.0):
    "MFCC/spectral summaries of an audio folder (clips of `seconds`), from the feature cache."
    audio = load_audio_folder(folder)
    feats = extract_features(audio.paths, FeatureParams(duration=seconds), n_jobs=1, progress=False)
    save(name, feats.summary, np.asarray(audio.labels)[feats.kept])
    return audio


def musicnn(audio):
    "musicnn MSD penultimate embeddings per clip (`embed_clips`, cached) and per 3-s patch (the same model, unpooled)."
    from music_clust.patches import clip_patches
    from music_clust.pretrained import _loaded, embed_clips
    e = embed_clips(audio.paths, n_jobs=1, progress=False)
    save('gtzan90_musicnn', e.embedding, np.asarray(audio.labels)[e.kept])
    net, per, clip = _loaded('MSD_musicnn', 'penultimate'), [], []
    for i, p in enumerate(audio.paths):
        x = clip_patches(p)
        out = np.asarray(net.predict_on_batch(x)['penultimate'])
        per.append(out.reshape(len(x), -1, out.shape[-1]).mean(1)); clip += [i]*len(x)
    save('gtzan90_musicnn_patches', np.concatenate(per), np.asarray(audio.labels)[clip], clip=np.asarray(clip))


if __name__ == '__main__':
    s = default_shared()
    table('gtzan_table', s/'gtzan'/'features_30_sec.csv', 'label')
    table('spotify', s/'spotify'/'spotify_songs_sample5130.csv', 'playlist_genre')
    table('lyrics_audio', s/'lyrics'/'tcc_ceds_music_sample1000.csv', 'genre', LYRICS_AUDIO)
    synth = Path.home()/'.cache'/'music_clust'/'synthetic'/'n30-d10'
    if synth.is_dir(): clips('synth_mfcc', synth, 10.0)  # the default run's 10-s clips
    musicnn(clips('gtzan90_mfcc', s/'gtzan'/'audio_3x30'))
