"""musicnn in Keras 3 against the original extractor: the same numbers, in less time.

Runs the ORIGINAL `musicnn.extractor.extractor` (TF1 graph, Keras 2 layers) in its own virtual environment
(`tensorflow==2.15.1 "numpy<2" librosa` + `pip install --no-deps musicnn==0.1.0`; default `/work/venv-musicnn-ref`,
or `$MUSICNN_REF_PYTHON`) on real GTZAN clips, and `music_clust.pretrained` here on the same clips, for all four
models. Prints, per model, the largest absolute difference of the per-patch taggram and penultimate / pool5 features,
the same relative to the largest absolute reference value, and seconds per clip of the original (one `extractor`
call per clip, as shipped and with one batch per clip), of `embed_clips` (no cache; its first call, which builds,
loads and traces the model once per process, and a second call on the loaded model) and of the 92-d MFCC summary
(`extract_features`).

    python benchmarks/musicnn_equivalence.py [N_CLIPS] [--json out.json]
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

AUDIO = Path(__file__).resolve().parents[1]/'..'/'shared'/'data'/'gtzan'/'audio_3x30'
REF_PYTHON = os.environ.get('MUSICNN_REF_PYTHON', '/work/venv-musicnn-ref/bin/python')
MODELS = ('MSD_musicnn', 'MTT_musicnn', 'MSD_vgg', 'MTT_vgg')

# Run in the reference environment: the original extractor on every clip, every model; per-patch outputs and times.
# Timed as shipped (batches of one patch). Compared with one batch per clip: with batches of one, extractor.py's loop
# never updates `penultimate_` (nor cnn1-3), so every patch after the first repeats the first patch's features.
REFERENCE = r'''
import sys, time, json, numpy as np
from musicnn import configuration as config
from musicnn.extractor import extractor
paths, models, out = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
res, times = {}, {}
for m in models:
    layer = 'pool5' if 'vgg' in m else 'penultimate'
    config.BATCH_SIZE, t = 1, time.perf_counter()
    for p in paths: extractor(p, model=m, extract_features=True)
    times[m] = (time.perf_counter() - t)/len(paths)
    config.BATCH_SIZE, t = 10**4, time.perf_counter()
    for i, p in enumerate(paths):
        taggram, _, feats = extractor(p, model=m, extract_features=True)
        res[f'{m}/{i}/taggram'], res[f'{m}/{i}/{layer}'] = taggram, feats[layer]
    times[m + ' one batch'] = (time.perf_counter() - t)/len(paths)
np.savez(out, times=json.dumps(times), **res)
'''

def clips(n:int) -> list[Path]:
    "The first n/3 clips of each genre of audio_3x30 (classical, jazz, rock)."
    genres = sorted(d for d in AUDIO.resolve().iterdir() if d.is_dir())
    per = -(-n//len(genres))
    return [f for g in genres for f in sorted(g.glob('*.wav'))[:per]]

def reference(paths:list[Path]) -> tuple[dict, dict]:
    "The original extractor's outputs and seconds per clip, from the reference environment."
    with tempfile.TemporaryDirectory() as d:
        out = Path(d)/'ref.npz'
        run = subprocess.run([REF_PYTHON, '-c', REFERENCE, json.dumps([str(p) for p in paths]), json.dumps(MODELS), str(out)],
                             capture_output=True, text=True, env={**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '3'})
        if run.returncode: sys.exit(f"the reference extractor failed:\n{run.stderr[-3000:]}")
        with np.load(out) as z: return {k: z[k] for k in z.files if k != 'times'}, json.loads(str(z['times']))

def ours(paths:list[Path]) -> tuple[dict, dict, float]:
    "music_clust.pretrained's per-patch outputs; seconds per clip of embed_clips and of the MFCC summary."
    from music_clust.features import extract_features
    from music_clust.patches import load_16k, musicnn_input
    from music_clust.pretrained import _loaded, embed_clips, pretrained_model
    _loaded.cache_clear()
    res, times = {}, {}
    for m in MODELS:
        layer = 'pool5' if 'vgg' in m else 'penultimate'
        net = pretrained_model(m, ('taggram', layer))
        for i, p in enumerate(paths):
            out = net.predict(musicnn_input(load_16k(p)), batch_size=32, verbose=0)
            res[f'{m}/{i}/taggram'], res[f'{m}/{i}/{layer}'] = out['taggram'], out[layer].reshape(-1, out[layer].shape[-1])
        for when in ('first', 'loaded'):  # the first call builds the model (music_clust.pretrained._loaded)
            t = time.perf_counter()
            embed_clips(paths, m, cache_dir=False, progress=False)
            times[f'{m} {when}'] = (time.perf_counter() - t)/len(paths)
    t = time.perf_counter()
    extract_features(paths, cache_dir=False, progress=False)
    return res, times, (time.perf_counter() - t)/len(paths)

def main(n:int=12, json_out=None):
    if not AUDIO.is_dir(): return print(f"skipped: {AUDIO} is absent (the shared GTZAN sample)")
    if not Path(REF_PYTHON).exists(): return print(f"skipped: no reference environment at {REF_PYTHON} (see this file's docstring)")
    paths = clips(n)
    ref, ref_times = reference(paths)
    mine, my_times, mfcc_time = ours(paths)
    rows = []
    for m in MODELS:
        for what in ('taggram', 'pool5' if 'vgg' in m else 'penultimate'):
            keys = [k for k in ref if k.startswith(f'{m}/') and k.endswith(f'/{what}')]
            flat = lambda a: a.reshape(-1, a.shape[-1])  # pool5: (patches, 2, 128) there, (2*patches, 128) here
            diff = max(float(np.abs(flat(ref[k]) - flat(mine[k])).max()) for k in keys)
            scale = max(float(np.abs(ref[k]).max()) for k in keys)
            rows.append(dict(model=m, output=what, max_abs=diff, max_rel=diff/scale))
    print(f"{len(paths)} GTZAN clips (audio_3x30), every 3-s patch; relative = max |diff| / max |original|")
    print(f"{'model':<12} {'output':<12} {'max abs':>9} {'max rel':>9}")
    for r in rows: print(f"{r['model']:<12} {r['output']:<12} {r['max_abs']:9.2e} {r['max_rel']:9.2e}")
    print(f"\nseconds per clip (2 CPU cores): the original as shipped, and with one batch per clip; embed_clips here,")
    print(f"its first call (model built, loaded and traced: once per process) and a second call; speed-ups against as shipped")
    print(f"{'model':<12} {'original':>9} {'1 batch':>8} {'first':>6} {'second':>7} {'speed-up':>9} {'':>6}")
    for m in MODELS:
        first, loaded = my_times[m+' first'], my_times[m+' loaded']
        print(f"{m:<12} {ref_times[m]:9.2f} {ref_times[m+' one batch']:8.2f} {first:6.2f} {loaded:7.2f} "
              f"{ref_times[m]/first:8.1f}x {ref_times[m]/loaded:5.1f}x")
    print(f"{'MFCC summary':<12} {'':>9} {'':>8} {mfcc_time:6.2f}   (extract_features: the 92-d MFCC/spectral summary)")
    if json_out: Path(json_out).write_text(json.dumps(dict(rows=rows, original=ref_times, ours=my_times, mfcc=mfcc_time), indent=1))

if __name__ == '__main__':
    args = sys.argv[1:]
    out = args[args.index('--json') + 1] if '--json' in args else None
    main(int(args[0]) if args and args[0] != '--json' else 12, out)
