"""Keras 3 runs the models on other backends: a VAE trained on JAX saves a file that TensorFlow loads and encodes with identically.
The TensorFlow side runs in this process (the suite's backend); the other backend in a new one."""
import importlib.util

import numpy as np
import pytest

from music_clust.models import keras
from music_clust.train import encode

from conftest import python

pytestmark = pytest.mark.skipif(keras.backend.backend() != 'tensorflow', reason='compares other backends with TensorFlow, this suite\'s backend')

TRAIN_ON_JAX = """
import os, sys
os.environ['KERAS_BACKEND'] = 'jax'
from pathlib import Path
import numpy as np
from music_clust.models import dense_vae, keras
from music_clust.train import encode, train
assert keras.backend.backend() == 'jax', keras.backend.backend()
out = Path(sys.argv[1])
X = np.random.default_rng(0).normal(size=(200, 12)).astype('float32')
vae = dense_vae(12, latent_dim=3, seed=0)
history = train(vae, X, epochs=3, seed=0)
assert np.isfinite(history.history['loss']).all()
np.save(out/'codes.npy', encode(vae, X)); vae.save(out/'vae.keras')
"""


@pytest.mark.skipif(not importlib.util.find_spec('jax'), reason="JAX is not installed (the dev extra installs it: pip install -e '.[tf,dev]')")
def test_vae_trained_on_jax_encodes_identically_under_tensorflow(tmp_path):
    p = python('-c', TRAIN_ON_JAX, tmp_path)
    assert p.returncode == 0, p.stderr[-3000:]
    vae = keras.models.load_model(tmp_path/'vae.keras')   # here, on TensorFlow (a worker of this suite)
    X = np.random.default_rng(0).normal(size=(200, 12)).astype('float32')
    assert type(vae).__name__ == 'VAE'
    np.testing.assert_allclose(encode(vae, X), np.load(tmp_path/'codes.npy'), atol=1e-5)


def test_mixed_precision_keeps_codes_and_outputs_in_float32():
    "Under Keras' mixed_float16 policy (`--mixed-precision`, meant for a GPU) the dense, Conv2D and hybrid VAEs train with a finite loss and float32 codes."
    from music_clust.models import conv_vae, dense_vae, hybrid_vae
    from music_clust.train import train
    rng = np.random.default_rng(0); X = rng.normal(size=(64, 12)).astype('float32')
    M = rng.normal(size=(64, 20, 16)).astype('float32')
    L = rng.normal(size=(64, 8)).astype('float32'); has = np.ones((64, 1), 'float32')
    keras.mixed_precision.set_global_policy('mixed_float16')
    try:
        for m, x in ((dense_vae(12, 3, seed=0), X), (conv_vae((20, 16), 4, seed=0), M), (hybrid_vae((12,), 8, 3, seed=0), (X, L, has))):
            assert m.dtype_policy.name == 'mixed_float16', m.dtype_policy
            h = train(m, x, epochs=2, seed=0); z = encode(m, x)
            assert np.isfinite(h.history['loss']).all() and z.dtype == np.float32, (m.name, h.history, z.dtype)
    finally: keras.mixed_precision.set_global_policy('float32')   # this worker's later tests train in float32


PRETRAINED_ON = """
import os, sys
os.environ['KERAS_BACKEND'] = sys.argv[1]
import numpy as np
from music_clust.pretrained import N_FRAMES, N_MELS, keras, pretrained_model
assert keras.backend.backend() == sys.argv[1], keras.backend.backend()
x = np.random.default_rng(0).normal(2, 1, (3, N_FRAMES, N_MELS)).astype('float32')
out = pretrained_model('MSD_musicnn').predict(x, verbose=0)
np.save(sys.argv[2], np.concatenate([out['taggram'], out['penultimate']], axis=1))
"""


@pytest.mark.skipif(not importlib.util.find_spec('jax'), reason="JAX is not installed (the dev extra installs it: pip install -e '.[tf,dev]')")
def test_musicnn_gives_the_same_outputs_on_jax_and_tensorflow(tmp_path):
    "The pretrained front-end's layers (TimeConv among them) are backend-neutral: JAX and TensorFlow agree on its outputs."
    p = python('-c', PRETRAINED_ON, 'jax', tmp_path/'jax.npy')
    assert p.returncode == 0, p.stderr[-3000:]
    from music_clust.pretrained import N_FRAMES, N_MELS, pretrained_model
    x = np.random.default_rng(0).normal(2, 1, (3, N_FRAMES, N_MELS)).astype('float32')
    out = pretrained_model('MSD_musicnn').predict(x, verbose=0)   # here, on TensorFlow
    np.testing.assert_allclose(np.load(tmp_path/'jax.npy'), np.concatenate([out['taggram'], out['penultimate']], axis=1), rtol=1e-4, atol=1e-5)
