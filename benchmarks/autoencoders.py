"""Autoencoders on data they were not tuned on: settings chosen on a TUNING half of every real dataset, reported on the other.

    PYTHONPATH=. python benchmarks/autoencoders_data.py /tmp/ae38            # once: the inputs, as the package reads them
    PYTHONPATH=. python benchmarks/autoencoders.py tune /tmp/ae38           # every idea, on the tuning halves
    PYTHONPATH=. python benchmarks/autoencoders.py easy /tmp/ae38 report tune   # the Easy tier's rows (both halves)
    PYTHONPATH=. python benchmarks/autoencoders.py write /tmp/ae38          # all of it, from the cache: autoencoders.txt

The discipline: each dataset's rows are split in two by a fixed seed (`SPLIT_SEED`, no label used); every idea is
trained, clustered and scored on the tuning half alone. Round 1 kept a change only if it helped on the tuning half of
EVERY dataset. Round 2's rule (`passes`, written down before round 2's ideas ran; round 1's figures had been seen):
kept if the MEDIAN over the six tuning halves of (idea - Easy VAE) is > 0 and on NO tuning half the idea is below the
Easy VAE by more than that VAE's own seed sd there; among ideas that pass, the one with the highest median of
(idea - raw K-Means) is kept. The report half is then run once, as a new dataset (standardised on its own, models trained on it).
Labels only for scoring (NMI); k = number of genres; seeds 0-2; mean ± sample std (ddof=1).

Round 3 (segments and self-supervision from the audio; `benchmarks/autoencoders_segments.py`), rule written and
committed BEFORE any round-3 idea ran (round 2's figures had been seen; `passes_audio` below):
- judged on the TUNING halves of the three audio datasets only (gtzan90_mfcc, gtzan90_musicnn, synth_mfcc): the
  ideas need audio; tables keep today's recipe whatever happens;
- against the CURRENT Easy `vae` row, `vae_idec` (its cached tuning-half codes, seeds 0-2);
- an idea passes if the MEDIAN over the three halves of (idea - vae_idec) is > 0 and on NO half the idea is below
  vae_idec by more than vae_idec's own seed sd there; of the ideas that pass, the one with the highest median of
  (idea - raw K-Means) is kept (round 2's tie-break); if none passes, nothing changes;
- the ideas and their settings are fixed here, before they run, and not tuned afterwards (no sweep): 3-s segments
  (musicnn's own patch; a 30-s clip is ten, a 10-s synthetic clip three), halves by CLIP (a clip's segments follow
  it), standardised on the half's segments; the Easy VAE (latent 8, beta 1, `train`'s epochs and early stopping);
  codes pooled per clip, then K-Means with k from the run, or IDEC (as vae_idec) on the segments, then pooled:
    seg_vae, seg_vae_meanstd, seg_vae_idec        the VAE trained on segments (Dieleman & Schrauwen 2014's
                                                   patch-level training), codes mean (or mean+std) pooled per clip
    seg_pair, seg_pair_idec                       + NT-Xent (weight 1, temperature 0.5) between two segments of
                                                   the same clip (COLA, Saeed et al. 2021; CLMR, Spijkervet &
                                                   Burgoyne 2021)
    seg_aug, seg_aug_idec                         trained on the segments plus an augmented copy of each clip
                                                   (gain uniform in +-6 dB, time shift 1.5 s: half a segment)
    seg_aug_pair, seg_aug_pair_idec               + NT-Xent between a segment and its augmented copy (CLMR's views)
  pitch shift is not tried (its cost); nine ideas on three halves: the report halves are the check, run once for
  a kept idea only.
"""
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.metrics import normalized_mutual_info_score as nmi

from music_clust.cluster import KMEANS_RESTARTS, kmeans
from music_clust.config import RunConfig
from music_clust.inputs import Inputs
from music_clust.represent import standardise

warnings.filterwarnings('ignore')
SPLIT_SEED = 38  # the tuning / report split of every dataset's rows
SEEDS = (0, 1, 2)
DATASETS = ('gtzan_table', 'spotify', 'lyrics_audio', 'gtzan90_mfcc', 'gtzan90_musicnn', 'synth_mfcc')
DIR = Path(sys.argv[2] if len(sys.argv) > 2 else '/tmp/ae38')
CODES = DIR/'codes'


def load(name):
    X, y = np.load(DIR/f'{name}_X.npy'), np.load(DIR/f'{name}_y.npy')
    return X, y, len(set(y))


def halves(n):
    "Row indices of the tuning and the report half (a fixed permutation, no labels)."
    perm = np.random.default_rng(SPLIT_SEED).permutation(n)
    return np.sort(perm[:n//2]), np.sort(perm[n//2:])


def part(name, which):
    X, y, k = load(name)
    rows = halves(len(X))[which == 'report']
    return X[rows], y[rows], k, rows


def cached(key, fn):
    "`fn()` once per key, kept under CODES."
    f = CODES/f'{key}.npy'
    if f.exists(): return np.load(f)
    CODES.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter(); Z = np.asarray(fn(), 'float32'); np.save(f, Z)
    print(f'  {key}: {time.perf_counter() - t0:.1f} s', flush=True)
    return Z


def fmt(v): return f'{np.mean(v):.3f} ± {np.std(v, ddof=1):.3f}'


# ---------------------------------------------------------------- ideas (tuning half) ----------------------------------
def view_vae(d, latent, seed, beta=1.0, noise=0.0, consistency=0.0, contrastive=0.0, temperature=0.5, mixture=0,
             nets=None, pair=False):
    """The Easy tier's dense VAE whose encoder sees noisy views of each row during training: noise alone is a
    denoising VAE (Vincent et al. 2008); with `consistency`, the squared distance between the means of two views
    (a consistency term); with `contrastive`, SimCLR's NT-Xent between the two views' means (Chen et al. 2020;
    COLA, Saeed et al. 2021, for audio). With `mixture` = k, the prior is a trainable mixture of k diagonal
    Gaussians (VaDE, Jiang et al. 2017), its KL estimated from the one sample z: log q(z|x) - log p(z).
    Round 3: with `pair`, each input row is two views side by side ([view 1 | view 2], 2d columns: two segments of
    one clip, or a segment and its augmented copy); the VAE reconstructs view 1 and the terms compare the two."""
    from music_clust.models import VAE, _kl, _squared_error, dense_decoder, dense_encoder, keras, ops

    class ViewVAE(VAE):
        def __init__(self, *a, **kw):
            super().__init__(*a, beta=beta, **kw)
            self.gen = keras.random.SeedGenerator(seed)
            if mixture:
                init = keras.initializers.RandomNormal(seed=seed)
                self.mu = self.add_weight(shape=(mixture, latent), initializer=init, name='prior_means')
                self.lv = self.add_weight(shape=(mixture, latent), initializer='zeros', name='prior_log_vars')
                self.logit = self.add_weight(shape=(mixture,), initializer='zeros', name='prior_logits')

        def mixture_kl(self, m, lv, z):
            "One-sample KL of q(z|x) from the mixture prior."
            log2pi = float(np.log(2*np.pi))
            log_q = -0.5*ops.sum(log2pi + lv + ops.square(z - m)/ops.exp(lv), axis=-1)
            zc = ops.expand_dims(z, 1)
            log_n = -0.5*ops.sum(log2pi + self.lv + ops.square(zc - self.mu)/ops.exp(self.lv), axis=-1)
            log_p = ops.logsumexp(log_n + ops.log_softmax(self.logit)[None, :], axis=-1)
            return ops.mean(log_q - log_p)

        def call(self, x, training=False):
            if mixture:
                m, lv, z = self.encoder(x, training=training)
                return {'reconstruction': self.decoder(z, training=training), 'z_mean': m, 'z_log_var': lv, 'z': z,
                        'z_mean2': None}
            if pair and not training: return {**super().call(x[:, :d], training), 'z_mean2': None}
            if not training or (noise == 0 and not pair): return {**super().call(x, training), 'z_mean2': None}
            if pair: v1, v2 = x[:, :d], x[:, d:]
            else:
                v1 = x + noise*keras.random.normal(ops.shape(x), seed=self.gen)
                v2 = x + noise*keras.random.normal(ops.shape(x), seed=self.gen)
            m1, lv1, z1 = self.encoder(v1, training=training)
            m2 = self.encoder(v2, training=training)[0]
            return {'reconstruction': self.decoder(z1, training=training), 'z_mean': m1, 'z_log_var': lv1, 'z_mean2': m2}

        def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
            rec = _squared_error(x[:, :d] if pair else x, y_pred['reconstruction'])
            kl = (self.mixture_kl(y_pred['z_mean'], y_pred['z_log_var'], y_pred['z']) if mixture
                  else _kl(y_pred['z_mean'], y_pred['z_log_var']))
            loss = rec + self.beta*kl
            m1, m2 = y_pred['z_mean'], y_pred['z_mean2']
            if m2 is not None and consistency: loss = loss + consistency*ops.mean(ops.sum(ops.square(m1 - m2), axis=-1))
            if m2 is not None and contrastive:
                a = m1 / (ops.norm(m1, axis=-1, keepdims=True) + 1e-8); b = m2 / (ops.norm(m2, axis=-1, keepdims=True) + 1e-8)
                s = ops.matmul(ops.concatenate([a, b]), ops.transpose(ops.concatenate([a, b]))) / temperature
                n = ops.shape(a)[0]
                s = s - 1e9*ops.eye(2*n)
                target = ops.concatenate([ops.arange(n, 2*n), ops.arange(0, n)])
                logp = s - ops.logsumexp(s, axis=-1, keepdims=True)
                loss = loss + contrastive*(-ops.mean(ops.take_along_axis(logp, target[:, None], axis=-1)))
            return self._track(loss=loss, reconstruction_loss=rec, kl_loss=kl)

    return ViewVAE(*(nets or (dense_encoder(d, latent, seed=seed), dense_decoder(d, latent))), name='vae')


def fit_codes(model, Xs, seed, epochs=300, patience=20):
    "Train as the Easy tier does (`train.train`, early stopping on a held-out 20 %) and encode every row."
    from music_clust.train import encode, train
    train(model, Xs, epochs=epochs, patience=patience, seed=seed)
    return encode(model, Xs)


def trained_variant(v, Xs, seed, k):
    "Latent means of variant `v` (a dict of `view_vae` arguments plus 'latent')."
    from music_clust import models
    models.keras.utils.set_random_seed(seed)
    kw = {key: val for key, val in v.items() if key not in ('latent', 'post')}
    if kw.get('mixture') == 'k': kw['mixture'] = k  # k from the run, as VaDE takes it
    return fit_codes(view_vae(Xs.shape[1], v.get('latent', 8), seed, **kw), Xs, seed)


def post(Z, how):
    "What K-Means sees of the codes: as they are, standardised per dimension, or L2-normalised per row."
    if how == 'std': return standardise(Z)
    if how == 'l2': return Z / (np.linalg.norm(Z, axis=1, keepdims=True) + 1e-12)
    return Z


TRAINED = {  # variant -> view_vae arguments, in the order they were tried; 'vae': the Easy recipe before issue 38
    'vae': {},
    'vae_simclr0.3': {'noise': 0.3, 'contrastive': 1.0},
    'vae_denoise0.3': {'noise': 0.3},
    'vae_beta0.25': {'beta': 0.25},
    'vae_latent16': {'latent': 16},
    'vae_consist0.3': {'noise': 0.3, 'consistency': 1.0},
    'vae_mixture_prior': {'mixture': 'k'},
    'vae_simclr0.3_latent16': {'noise': 0.3, 'contrastive': 1.0, 'latent': 16},  # round 2: two near-misses together
}
POST = ('std', 'l2')  # applied to the codes of 'vae' (free: same models)


def idec_codes(Xs, seed, k, latent=8):
    "Round 2: IDEC (Guo et al. 2017) on the Easy VAE itself (standardised inputs, its latent mean), k from the run."
    from music_clust import models
    from music_clust.train import refine_clusters
    models.keras.utils.set_random_seed(seed)
    vae = models.dense_vae(Xs.shape[1], latent, 1.0, seed)
    fit_codes(vae, Xs, seed)
    idec, _ = refine_clusters(vae, Xs, k, seed=seed, restarts=KMEANS_RESTARTS)
    return models.ops.convert_to_numpy(idec.code(Xs))


def vade_codes(Xs, seed, k, latent=8):
    """Round 2: VaDE as Jiang et al. 2017 train it: the Easy VAE pretrained, a k-component diagonal GMM fitted to its
    latent means initialises the mixture prior, then encoder, decoder and prior are trained together."""
    from sklearn.mixture import GaussianMixture
    from music_clust import models
    models.keras.utils.set_random_seed(seed)
    nets = models.dense_encoder(Xs.shape[1], latent, seed=seed), models.dense_decoder(Xs.shape[1], latent)
    Z = fit_codes(models.VAE(*nets, name='vae'), Xs, seed)
    gmm = GaussianMixture(k, covariance_type='diag', random_state=seed).fit(Z)
    vade = view_vae(Xs.shape[1], latent, seed, mixture=k, nets=nets)
    vade.mu.assign(gmm.means_.astype('float32')); vade.lv.assign(np.log(gmm.covariances_).astype('float32'))
    vade.logit.assign(np.log(gmm.weights_).astype('float32'))
    return fit_codes(vade, Xs, seed)


SPECIAL = {'vae_idec': idec_codes, 'vae_vade': vade_codes}  # round 2: ideas that are not one `view_vae`


def coassociation_consensus(partitions, k):
    "Consensus of partitions: average-linkage on 1 - the share of partitions that put two rows together (Fred & Jain 2005)."
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    P = np.asarray(partitions)
    C = np.mean([p[:, None] == p[None, :] for p in P], axis=0)
    D = 1 - C; np.fill_diagonal(D, 0)
    return fcluster(linkage(squareform(D, checks=False), 'average'), k, 'maxclust')


def patch_codes(v, seed, which, k):
    "musicnn only: the VAE trained on per-3-s-patch embeddings of the half's clips, codes mean-pooled per clip."
    X, clip = np.load(DIR/'gtzan90_musicnn_patches_X.npy'), np.load(DIR/'gtzan90_musicnn_patches_clip.npy')
    clips = part('gtzan90_musicnn', which)[3]
    keep = np.isin(clip, clips)
    Xs = standardise(X[keep])
    Zp = trained_variant(v, Xs, seed, k)
    return np.stack([Zp[clip[keep] == c].mean(0) for c in clips])


def tune():
    "Every idea on every dataset's tuning half, idea by idea (codes cached: a rerun only adds what is new)."
    data = {n: part(n, 'tune') for n in DATASETS if (DIR/f'{n}_X.npy').exists()}
    rows = {n: {'raw': [nmi(y, kmeans(standardise(X), k, s)) for s in SEEDS]} for n, (X, y, k, _) in data.items()}
    for v, args in TRAINED.items():
        for name, (X, y, k, _) in data.items():
            Xs, r = standardise(X), rows[name]
            Z = {s: cached(f'tune_{name}_{v}_s{s}', lambda: trained_variant(args, Xs, s, k)) for s in SEEDS}
            r[v] = [nmi(y, kmeans(Z[s], k, s)) for s in SEEDS]
            if v == 'vae':
                for how in POST: r[f'vae+{how}'] = [nmi(y, kmeans(post(Z[s], how), k, s)) for s in SEEDS]
                r['vae_consensus3'] = [nmi(y, coassociation_consensus([kmeans(Z[s], k, s) for s in SEEDS], k))]*3
            if v == 'vae' and name == 'gtzan90_musicnn' and (DIR/'gtzan90_musicnn_patches_X.npy').exists():
                Z = {s: cached(f'tune_{name}_vae_patches_s{s}', lambda: patch_codes({}, s, 'tune', k)) for s in SEEDS}
                r['vae_patches'] = [nmi(y, kmeans(Z[s], k, s)) for s in SEEDS]
                r['vae_patches+l2'] = [nmi(y, kmeans(post(Z[s], 'l2'), k, s)) for s in SEEDS]  # round 2
            if v == 'vae_latent16':  # round 2: latent 16 with round 1's other near-misses (free: the same models)
                r['vae_latent16+l2'] = [nmi(y, kmeans(post(Z[s], 'l2'), k, s)) for s in SEEDS]
                r['vae_latent16_consensus3'] = [nmi(y, coassociation_consensus([kmeans(Z[s], k, s) for s in SEEDS], k))]*3
        print(f'{v}: ' + '; '.join(f'{n} {fmt(rows[n][v])} (raw {fmt(rows[n]["raw"])})' for n in data), flush=True)
    for v, fn in SPECIAL.items():
        for name, (X, y, k, _) in data.items():
            Xs = standardise(X)
            Z = {s: cached(f'tune_{name}_{v}_s{s}', lambda: fn(Xs, s, k)) for s in SEEDS}
            rows[name][v] = [nmi(y, kmeans(Z[s], k, s)) for s in SEEDS]
        print(f'{v}: ' + '; '.join(f'{n} {fmt(rows[n][v])}' for n in data), flush=True)
    return rows


def passes(rows, m):
    "Round 2's rule: median gain over the VAE > 0 and no tuning half worse than the VAE by more than its seed sd."
    if any(m not in r for r in rows.values()): return False
    gains = [np.mean(r[m]) - np.mean(r['vae']) for r in rows.values()]
    floor = all(np.mean(r[m]) >= np.mean(r['vae']) - np.std(r['vae'], ddof=1) for r in rows.values())
    return bool(np.median(gains) > 0 and floor)


AUDIO = ('gtzan90_mfcc', 'gtzan90_musicnn', 'synth_mfcc')  # round 3 judges on these tuning halves only


def passes_audio(rows, m, ref='vae_idec'):
    "Round 3's rule: on the audio tuning halves, median gain over `ref` > 0, no half below `ref` by more than its sd."
    rs = [rows[n] for n in AUDIO]
    if any(m not in r or ref not in r for r in rs): return False
    gains = [np.mean(r[m]) - np.mean(r[ref]) for r in rs]
    floor = all(np.mean(r[m]) >= np.mean(r[ref]) - np.std(r[ref], ddof=1) for r in rs)
    return bool(np.median(gains) > 0 and floor)


def verdict(rows):
    "Per idea: its NMI minus the VAE's on each tuning half, round 1's rule (> 0 everywhere) and round 2's (`passes`)."
    ideas = sorted({m for r in rows.values() for m in r} - {'raw', 'vae'})
    lines = []
    for m in ideas:
        deltas = {n: np.mean(r[m]) - np.mean(r['vae']) for n, r in rows.items() if m in r}
        every = len(deltas) == len(rows) and all(d > 0 for d in deltas.values())
        vs_raw = np.median([np.mean(r[m]) - np.mean(r['raw']) for r in rows.values() if m in r])
        lines.append(f'{m:24s} ' + ' '.join(f'{n} {d:+.3f}' for n, d in deltas.items())
                     + f' | median {np.median(list(deltas.values())):+.4f}, vs raw {vs_raw:+.4f}'
                     + f'  -> round 1 {"KEEP" if every else "drop"}, round 2 {"PASS" if passes(rows, m) else "drop"}')
    return lines


if __name__ == '__main__' and sys.argv[1] == 'tune':
    rows = tune()
    print('\nNMI on the TUNING half, mean ± std over seeds 0-2 (consensus: one partition of the 3 seeds)')
    for name, r in rows.items():
        print(f'{name}: ' + '; '.join(f'{m} {fmt(v)}' for m, v in r.items()))
    print('\nEach idea minus the Easy VAE (latent 8, beta 1), tuning half; round 1: > 0 on every dataset; round 2: `passes`:')
    print('\n'.join(verdict(rows)))


# ---------------------------------------------------------------- the Easy tier's rows (both halves) -------------------
EASY = ('raw', 'pca', 'umap', 'ae', 'vae', 'idec', 'idec_umap')  # `tiers.easy_representations`, as of this start


def easy_codes(name, which, seed):
    "Every Easy representation of one half for one seed, from the package's own `easy_representations` (cached)."
    from music_clust.tiers import easy_representations
    X, y, k, rows = part(name, which)
    if all((CODES/f'{which}_{name}_easy_{r}_s{seed}.npy').exists() for r in EASY):
        return {r: np.load(CODES/f'{which}_{name}_easy_{r}_s{seed}.npy') for r in EASY}
    inputs = Inputs(X.astype('float32'), [str(i) for i in rows], list(y), [f'f{j}' for j in range(X.shape[1])], name)
    t0, out = time.perf_counter(), {}
    for rep in easy_representations(inputs, standardise(X), RunConfig(progress=False), seed, k):
        out[rep.name] = rep.Z; CODES.mkdir(parents=True, exist_ok=True)
        np.save(CODES/f'{which}_{name}_easy_{rep.name}_s{seed}.npy', np.asarray(rep.Z, 'float32'))
    print(f'  {which} {name} seed {seed}: {time.perf_counter() - t0:.0f} s', flush=True)
    return out


def easy_rows(name, which):
    X, y, k, _ = part(name, which)
    codes = {s: easy_codes(name, which, s) for s in SEEDS}
    return {r: [nmi(y, kmeans(codes[s][r], k, s)) for s in SEEDS] for r in EASY}


if __name__ == '__main__' and sys.argv[1] == 'easy':  # the rows that do not depend on the tuning (run beside `tune`)
    for which in sys.argv[3:] or ['report']:
        for name in DATASETS:
            print(which, name, '; '.join(f'{m} {fmt(v)}' for m, v in easy_rows(name, which).items()), flush=True)


# ---------------------------------------------------------------- the stored output ----------------------------------
def after_rows(name, which, recipe):
    "The `vae` row after this issue: the kept recipe's codes (`recipe`: a TRAINED key), or None when nothing was kept."
    if recipe is None: return None
    X, y, k, _ = part(name, which)
    Xs = standardise(X)
    fit = (lambda s: SPECIAL[recipe](Xs, s, k)) if recipe in SPECIAL else (lambda s: trained_variant(TRAINED[recipe], Xs, s, k))
    Z = {s: cached(f'{which}_{name}_after_s{s}', lambda: fit(s)) for s in SEEDS}
    return [nmi(y, kmeans(Z[s], k, s)) for s in SEEDS]


KEPT = 'vae_idec'  # round 2: the one idea that `passes` with the highest median gain over raw K-Means (tuning halves)

if __name__ == '__main__' and sys.argv[1] == 'after':  # the kept recipe's `vae` row on both halves (fills the cache)
    for which in ('tune', 'report'):
        for name in DATASETS: print(which, name, fmt(after_rows(name, which, KEPT)), flush=True)

if __name__ == '__main__' and sys.argv[1] == 'write':
    import os, platform
    out = Path(__file__).with_suffix('.txt')
    head = (f'# output of: PYTHONPATH=. nice -n 10 python benchmarks/autoencoders.py write {DIR}  '
            f'({time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}; {platform.node()}, {os.cpu_count()} CPU cores, '
            f'{platform.processor() or platform.machine()}, shared with other jobs; Keras backend tensorflow, CPU)')
    lines = [head, f'split: SPLIT_SEED={SPLIT_SEED}, each dataset\'s rows halved (no labels used); seeds {SEEDS}; '
             'NMI mean ± sample std (ddof=1); k = number of genres', '']
    rows = tune()
    lines += ['## TUNING half: every idea (consensus3 and vae_patches: see the script)']
    lines += [f'{n}: ' + '; '.join(f'{m} {fmt(v)}' for m, v in r.items()) for n, r in rows.items()]
    lines += ['', '## TUNING half: each idea minus the Easy VAE (latent 8, beta 1); round 1: > 0 on every dataset; round 2: `passes`']
    lines += verdict(rows) + ['', f'kept: {KEPT or "nothing"} (round 1 kept nothing; round 2: of the ideas that pass, '
                              'the highest median gain over raw K-Means)', '']
    done = lambda n, w: all((CODES/f'{w}_{n}_easy_{r}_s{s}.npy').exists() for r in EASY for s in SEEDS)
    for which in ('tune', 'report'):  # the tuning half's rows where they were computed (`easy ... tune`)
        lines += ['', f'## {which.upper()} half: the Easy tier\'s rows (vae before = the recipe at the start of issue 38)']
        for name in [n for n in DATASETS if which == 'report' or done(n, which)]:
            r = easy_rows(name, which)
            r['vae (after)'] = after_rows(name, which, KEPT) or r['vae']
            lines.append(f'{name}: ' + '; '.join(f'{"vae (before)" if m == "vae" else m} {fmt(v)}' for m, v in r.items()))
    out.write_text('\n'.join(lines) + '\n'); print('\n'.join(lines))


if __name__ == '__main__' and sys.argv[1] == 'check':  # the package's new `vae` row is the benchmark's kept recipe
    from music_clust.tiers import easy_representations
    name, which, seed = sys.argv[3], sys.argv[4], int(sys.argv[5])
    X, y, k, rows = part(name, which)
    inputs = Inputs(X.astype('float32'), [str(i) for i in rows], list(y), [f'f{j}' for j in range(X.shape[1])], name)
    rep = next(r for r in easy_representations(inputs, standardise(X), RunConfig(progress=False), seed, k) if r.name == 'vae')
    Z = np.load(CODES/f'{which}_{name}_after_s{seed}.npy')
    print(f'{which} {name} seed {seed}: package vae row vs {KEPT} codes, max |difference| {np.abs(rep.Z - Z).max():.2e}')


def recommend_rows(name, which):
    "Item 3: the label-free recommendation (stability across seeds) as today, and with the kept `vae` row as a candidate."
    from music_clust.recommend import candidate_partitions, recommend, stability
    X, y, k, _ = part(name, which)
    parts = candidate_partitions(X, k, SEEDS)
    parts['vae'] = [kmeans(np.load(CODES/f'{which}_{name}_after_s{s}.npy'), k, s) for s in SEEDS]
    today = recommend({c: p for c, p in parts.items() if c != 'vae'})
    with_vae = recommend(parts)
    score = lambda r: nmi(y, r.partition)
    stab = ', '.join(f'{c} {stability(p):.3f}' for c, p in parts.items())
    return f'{name}: today {today.name} NMI {score(today):.3f}; with vae {with_vae.name} NMI {score(with_vae):.3f} (stability {stab})'


if __name__ == '__main__' and sys.argv[1] == 'recommend':
    for which in sys.argv[3:] or ['tune']:
        for name in DATASETS: print(which, recommend_rows(name, which), flush=True)
