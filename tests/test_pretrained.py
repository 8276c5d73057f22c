"musicnn in Keras 3: every weight from the checkpoint, strict matching, cached and deterministic clip embeddings."
from importlib.util import find_spec

import numpy as np
import pytest

from music_clust import pretrained as P
from music_clust.patches import load_16k, musicnn_input
from music_clust.data import MusicClustError

needs_musicnn = pytest.mark.skipif(find_spec('musicnn') is None, reason=f'musicnn is not installed ({P.INSTALL})')


@pytest.fixture(scope='module')
def clips(shared):
    "Three real GTZAN clips, one per genre."
    return [shared/'gtzan'/'audio_sample'/g/f'{g}.00000.wav' for g in ('classical', 'jazz', 'rock')]


@needs_musicnn
@pytest.mark.parametrize('model', P.MODELS)
def test_every_variable_holds_its_checkpoint_tensor(model):
    net = P.pretrained_model(model)
    with np.load(P.convert_checkpoint(model)) as z:
        assert sorted(v.path for v in net.weights) == sorted(z.files)  # every tensor used, every variable matched
        for v in net.weights: np.testing.assert_array_equal(np.asarray(v), z[v.path])


def test_a_missing_tensor_raises():
    net = P.musicnn_model()
    arrays = {v.path: np.asarray(v) for v in net.weights}
    del arrays['batch_normalization_9/moving_variance']
    with pytest.raises(MusicClustError, match=r"missing: \['batch_normalization_9/moving_variance'\]"): P.assign_weights(net, arrays)


@needs_musicnn
def test_a_checkpoint_without_one_tensor_raises():
    with np.load(P.convert_checkpoint('MTT_vgg')) as z: arrays = {k: z[k] for k in z.files if k != '4CNN/kernel'}
    with pytest.raises(MusicClustError, match='4CNN/kernel'): P.assign_weights(P.vgg_model(), arrays)


def test_no_musicnn_package_is_one_line_naming_the_install(monkeypatch):
    monkeypatch.setattr(P, 'find_spec', lambda name: None)
    with pytest.raises(MusicClustError) as e: P.checkpoint_prefix('MSD_musicnn')
    assert 'pip install --no-deps musicnn' in str(e.value) and '\n' not in str(e.value)


@needs_musicnn
def test_the_weights_are_trained(clips):
    "A classical clip is tagged 'classical' by the MagnaTagATune model: random weights would not do that."
    taggram = P.pretrained_model('MTT_musicnn').predict(musicnn_input(load_16k(clips[0])), verbose=0)['taggram']
    top = [P.tag_names('MTT_musicnn')[i] for i in np.argsort(-taggram.mean(0))[:3]]
    assert 'classical' in top, top


@pytest.fixture(scope='module')
def cached(clips, tmp_path_factory):
    "The three clips embedded into a fresh cache, then read back from it."
    folder = tmp_path_factory.mktemp('embeddings')
    return [P.embed_clips(clips, cache_dir=folder, progress=False) for _ in range(2)]


@needs_musicnn
def test_embeddings_are_cached(cached):
    first, second = cached
    assert (first.n_cached, second.n_cached, first.embedding.shape) == (0, 3, (3, 200))
    np.testing.assert_array_equal(first.embedding, second.embedding)


@needs_musicnn
def test_bad_audio_is_reported_not_fatal(clips, shared, tmp_path):
    junk = tmp_path/'junk.wav'
    junk.write_bytes(b'\x00\x01garbage' * 100)
    corrupt = shared/'gtzan'/'audio_sample'/'jazz'/'jazz.00054.wav'
    emb = P.embed_clips([clips[0], corrupt, junk, clips[1]], 'MTT_vgg', cache_dir=False, progress=False)
    assert emb.kept == [0, 3] and emb.embedding.shape == (2, 128)
    assert [f for f, _ in emb.failed] == ['jazz.00054.wav', 'junk.wav'], emb.failed


@needs_musicnn
def test_embed_clips_is_deterministic(clips, cached):
    again = P.embed_clips(clips, 'MSD_musicnn', cache_dir=False, progress=False)
    np.testing.assert_array_equal(again.embedding, cached[0].embedding)
    assert np.isfinite(again.embedding).all() and again.embedding.std(0).max() > 0  # three clips, three vectors
