import sys, time, pickle, numpy as np, json
sys.path.insert(0, '/work/exp')
from sklearn.metrics import normalized_mutual_info_score as nmi
from music_clust.cluster import kmeans
from music_clust import models, train
import poe
which, variant = sys.argv[1], sys.argv[2]
seeds = [int(s) for s in (sys.argv[3] if len(sys.argv) > 3 else '0,1,2').split(',')]
D = pickle.load(open(f'benchmarks/hybrid_variants/{which}.pkl', 'rb')); y = D['labels']; k = len(set(y))
res = []
for seed in seeds:
    S = D['seeds'][seed]; audio, L, has, split = S['audio'], S['L'], S['has'], S['split']
    models.keras.utils.set_random_seed(seed)
    image = audio.ndim == 3
    ep, pat = (100, 10) if image else (300, 20)
    X = (audio, L, has[:, None].astype('float32'))
    t = time.time()
    if variant == 'audio':
        m = models.conv_vae(audio.shape[1:], 32, seed=seed) if image else models.dense_vae(audio.shape[1], 32, seed=seed); X = audio
    elif variant == 'old':
        m = models.hybrid_vae(audio.shape[1:], L.shape[1], 32, seed=seed)
    else:
        kw = json.loads(variant)
        m = poe.poe_hybrid(audio.shape[1:], L.shape[1], 32, seed=seed, **kw)
    h = train.train(m, X, epochs=ep, patience=pat, seed=seed, split=split)
    Z = train.encode(m, X)
    s_all = nmi(y, kmeans(Z, k, seed)); rows = np.flatnonzero(has)
    s_sub = nmi(y[rows], kmeans(Z[rows], k, seed))
    res.append((s_all, s_sub)); print(f'{which} {variant} seed {seed}: all {s_all:.3f} lyrics-rows {s_sub:.3f} epochs {len(h.history["loss"])} {time.time()-t:.0f}s', flush=True)
r = np.array(res)
print(f'== {which} {variant}: all {r[:,0].mean():.3f} ± {r[:,0].std():.3f}  subset {r[:,1].mean():.3f} ± {r[:,1].std():.3f}', flush=True)
