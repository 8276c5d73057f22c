"""Front-ends side by side on every real audio set at hand: each pretrained model of musicnn 0.1.0 (MSD/MTT musicnn,
MSD/MTT VGG), each layer (penultimate, taggram, pool5 where it exists) and pooling over a clip's 3-s patches (mean;
mean + std), against the MFCC summary that `--front-end mfcc` uses. Every representation is standardised and clustered
by K-Means with k = the number of genres, 10 seeds (10 restarts each, the project's `cluster.kmeans`); NMI and AMI are
mean ± sample std (ddof=1) over the seeds. Labels are used for scoring only.

One forward pass per (model, clip) gives every layer; its per-patch outputs are cached (keyed by the clip's bytes, the
model and its weights' hash) under `default_cache_dir()/'bench_front_ends'`, so a rerun only clusters. Also measured:
seconds per clip of decoding (16-kHz load + log-mel patches) and of each model's forward pass on this machine, and of
`embed_clips` end to end (decoding in worker processes while the model runs, as a run does), on a cold cache.

    nice -n 10 python benchmarks/front_ends.py > benchmarks/front_ends.txt
"""
import hashlib, os, platform, sys, time, datetime
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_mutual_info_score, normalized_mutual_info_score
from sklearn.preprocessing import StandardScaler

import music_clust.models  # noqa: F401 (Keras first, quietly)
from music_clust.cluster import kmeans
from music_clust.data import load_audio_folder, shared_data
from music_clust.features import FeatureParams, extract_features
from music_clust.store import default_cache_dir
from music_clust.patches import clip_patches
from music_clust.pretrained import BATCH, MODELS, checkpoint_hash, embed_clips, pretrained_model

SHARED = shared_data()/'gtzan'
SETS = {'audio_3x30': SHARED/'audio_3x30', 'audio_sample': SHARED/'audio_sample'}
SEEDS = 10
LAYERS = {'musicnn': ('penultimate', 'taggram'), 'vgg': ('pool5', 'taggram')}
CACHE = default_cache_dir()/'bench_front_ends'

def layers_of(model): return LAYERS['musicnn' if 'musicnn' in model else 'vgg']

def clip_key(path, model):
    h = hashlib.sha256(Path(path).read_bytes()); h.update(f'{model}-{checkpoint_hash(model)}'.encode())
    return h.hexdigest()[:32]

def forward(net, layers, patches):
    "Per-patch outputs of every layer (pool5's two time steps count as two patches)."
    x = np.concatenate([patches, np.zeros((-len(patches) % BATCH, *patches.shape[1:]), patches.dtype)])
    outs = [net.predict_on_batch(x[i:i+BATCH]) for i in range(0, len(x), BATCH)]
    res = {}
    for l in layers:
        o = np.concatenate([np.asarray(b[l]) for b in outs])[:len(patches)]
        res[l] = o.reshape(-1, o.shape[-1])
    return res

def patch_outputs(paths, model, patches, timing):
    "{layer: [per-patch array of each clip]}, from the cache or one forward pass per clip."
    layers, out, net = layers_of(model), {l: [] for l in layers_of(model)}, None
    for p in paths:
        f = CACHE/f'{clip_key(p, model)}.npz'
        if f.exists():
            with np.load(f) as z: got = {l: z[l] for l in layers}
        else:
            if net is None: net = pretrained_model(model, list(layers)); forward(net, layers, patches(p)[:1])  # traced once
            x = patches(p); t = time.perf_counter(); got = forward(net, layers, x)
            timing.setdefault(model, []).append(time.perf_counter() - t)
            f.parent.mkdir(parents=True, exist_ok=True); np.savez(f, **got)
        for l in layers: out[l].append(got[l])
    return out

def pool(per_clip, how):
    if how == 'mean': return np.stack([a.mean(0) for a in per_clip])
    return np.stack([np.concatenate([a.mean(0), a.std(0)]) for a in per_clip])

def score(X, labels):
    Z, k = StandardScaler().fit_transform(X), len(set(labels))
    preds = [kmeans(Z, k, seed) for seed in range(SEEDS)]
    nmi = [normalized_mutual_info_score(labels, p) for p in preds]; ami = [adjusted_mutual_info_score(labels, p) for p in preds]
    return np.mean(nmi), np.std(nmi, ddof=1), np.mean(ami), np.std(ami, ddof=1)

def main():
    print(f"# output of: nice -n 10 python benchmarks/front_ends.py  ({datetime.date.today()}, {platform.machine()}, "
          f"{os.cpu_count()} CPU cores shared with other jobs, Python {platform.python_version()})")
    print("# the choice of default was made on audio_3x30 (in-sample: the same clips scored here); audio_sample is a subset "
          "of audio_3x30's clips (24 readable of 25), not independent data")
    decoded, decode_s, timing, rows = {}, [], {}, []
    def patches(p):
        if p not in decoded:
            t = time.perf_counter(); x = clip_patches(p); decode_s.append(time.perf_counter() - t)
            decoded[p] = x
        return decoded[p]
    for name, root in SETS.items():
        audio = load_audio_folder(root)
        paths = [Path(p) for p in audio.paths]
        ok = [i for i, p in enumerate(paths) if not isinstance(patches(p), str)]
        paths, labels = [paths[i] for i in ok], [audio.labels[i] for i in ok]
        f = extract_features(paths, FeatureParams(duration=30.0), cache_dir=default_cache_dir()/'features', progress=False)
        assert len(f.kept) == len(paths)
        rows.append((name, 'mfcc', 'summary', '-', f.summary.shape[1], *score(f.summary, labels)))
        for model in MODELS:
            outs = patch_outputs(paths, model, patches, timing)
            for layer, per_clip in outs.items():
                for how in ('mean', 'mean+std'):
                    X = pool(per_clip, how)
                    rows.append((name, model, layer, how, X.shape[1], *score(X, labels)))
        print(f"\n## {name}: {len(paths)} clips, {len(set(labels))} genres ({', '.join(sorted(set(labels)))}); "
              f"{len(audio.skipped) + len(audio) - len(paths)} unreadable files skipped")
        print(f"{'model':12} {'layer':12} {'pooling':9} {'dim':>5}  {'NMI mean ± std':>16}  {'AMI mean ± std':>16}")
        for r in [r for r in rows if r[0] == name]:
            print(f"{r[1]:12} {r[2]:12} {r[3]:9} {r[4]:5d}  {r[5]:.3f} ± {r[6]:.3f}      {r[7]:.3f} ± {r[8]:.3f}")
        sys.stdout.flush()
    print("\n## speed on this machine (cold cache, seconds per 30-s clip)")
    if decode_s: print(f"decoding (16-kHz load + log-mel patches, one process): {np.mean(decode_s):.3f} s/clip over {len(decode_s)} clips")
    for model, ts in timing.items():
        print(f"{model} forward pass, every layer, one process: {np.mean(ts):.3f} s/clip over {len(ts)} clips")
    paths = sorted(SETS['audio_3x30'].glob('*/*.wav'))
    for model in ('MSD_musicnn',):
        embed_clips(paths[:2], model, cache_dir=False, progress=False)  # model built and traced outside the timing
        t = time.perf_counter(); e = embed_clips(paths, model, cache_dir=False, progress=False); dt = time.perf_counter() - t
        print(f"embed_clips({model}), end to end, decoding in worker processes: {dt/len(e.kept):.3f} s/clip over {len(e.kept)} clips")

if __name__ == '__main__': main()
