"""Tracing against eager execution for short fits (`train.EAGER_STEPS`): seconds per `fit`, TensorFlow backend, one thread.

A traced training step is fast, but tracing it (and the validation step) first costs about a second for a dense VAE and two
for a Conv2D one; an eager step costs about a tenth of a second. Each `fit` below is one of `train`'s: a fresh model, Adam,
held-out validation every epoch (20 %), batches of 32.

    python benchmarks/eager_fits.py > benchmarks/eager_fits.txt
"""
import os
for var in ('OMP_NUM_THREADS', 'TF_NUM_INTRAOP_THREADS', 'TF_NUM_INTEROP_THREADS'): os.environ.setdefault(var, '1')
import time

import numpy as np
import pandas as pd

from music_clust import models as m, train as t

def fit_seconds(model, X, epochs, eager, batch_size=32):
    tr, va = t.split_indices(len(X), 0.2, 0)
    t.compile_adam(model, run_eagerly=eager)
    t0 = time.perf_counter()
    model.fit(**t.fit_data(X[tr], batch_size=batch_size, shuffle=True), epochs=epochs, validation_data=t.batches(X[va], batch_size=256), verbose=0)
    return time.perf_counter() - t0

rng, rows = np.random.default_rng(0), []
for name, make, X in (('dense VAE, 40 rows', lambda: m.dense_vae(92, 8, seed=0), rng.normal(size=(40, 92)).astype('float32')),
                      ('dense VAE, 200 rows', lambda: m.dense_vae(92, 8, seed=0), rng.normal(size=(200, 92)).astype('float32')),
                      ('Conv2D VAE, 40 rows', lambda: m.conv_vae((20, 64), 32, seed=0), rng.normal(size=(40, 20, 64)).astype('float32'))):
    fit_seconds(make(), X, 1, False)  # TensorFlow's first fit in a process pays one-off costs
    for epochs in (2, 10, 40):
        steps = epochs * -(-int(round(len(X)*0.8)) // 32)
        rows.append({'model': name, 'epochs': epochs, 'training steps': steps,
                     'traced s': fit_seconds(make(), X, epochs, False), 'eager s': fit_seconds(make(), X, epochs, True)})
print(pd.DataFrame(rows).round(2).to_string(index=False))
