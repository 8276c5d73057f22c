"""Round 3 of issue 38: the Easy VAE trained on 3-s segments of each clip, codes pooled per clip; two segments of a
clip, or a segment and its augmented copy, as a positive pair. The rule and the list of ideas were committed before
any of them ran: see `benchmarks/autoencoders.py`'s docstring (round 3) and `passes_audio`.

    PYTHONPATH=. nice -n 10 python benchmarks/autoencoders_segments.py data /tmp/ae38    # once: segment inputs
    PYTHONPATH=. nice -n 10 python benchmarks/autoencoders_segments.py tune /tmp/ae38    # every idea, tuning halves
    PYTHONPATH=. nice -n 10 python benchmarks/autoencoders_segments.py write /tmp/ae38   # autoencoders_segments.txt
    PYTHONPATH=. nice -n 10 python benchmarks/autoencoders_segments.py report /tmp/ae38 IDEA  # a kept idea, once

Segments: 3 s, back to back (musicnn's own patches: Pons et al. 2018; MFCC: the package's summary vector of each
segment); a 30-s clip gives ten, a 10-s synthetic clip three. Augmented copy of a clip: gain uniform in +-6 dB and a
time shift of 1.5 s (half a segment), then cut into segments the same way (CLMR's gain / delay views, Spijkervet &
Burgoyne 2021). Two segments of one clip as a positive pair: COLA (Saeed et al. 2021). Halves are by clip
(`autoencoders.halves` over the clips, SPLIT_SEED 38): a clip's segments and copies follow it.

Cost (issue 38, after the wiring; rule and variants committed before any variant ran). The package's `vae` row on
audio (`tiers.segment_vae`: PairVAE on the pair rows in batches of 32, IDEC 30 rounds in batches of 32 on the
segments) costs 2-2.5x the CPU of the old row. Variants tried (`COST_VARIANTS`, at most four):
    b128       the pair rows in batches of 128 (more negatives for NT-Xent, as SimCLR prefers)
    b256       the pair rows in batches of 256
    b256_r10   b256, and IDEC at most 10 rounds
    b256_ib128 b256, and IDEC in batches of 128 (30 rounds)
    PYTHONPATH=. nice -n 10 python benchmarks/autoencoders_segments.py pkgcost /tmp/ae38c     (tuning halves; appends)
    PYTHONPATH=. nice -n 10 python benchmarks/autoencoders_segments.py pkgcost /tmp/ae38c VARIANT report  (once)
Keep rule (`cost_kept`), on the three audio TUNING halves only (gtzan90_musicnn: the package has no musicnn segments
on this branch, so its row there is vae_idec's own codes for every variant, gain 0): a variant is kept if it passes
round 3's rule (`autoencoders.passes_audio` against vae_idec) AND the median over the halves of (variant - pkg_vae)
mean NMI is not below -(the mean over the halves of pkg_vae's seed sd). Of those kept, the one with the least median
CPU seconds per seed (`time.process_time` of the whole row: training, IDEC, pooling; variants interleaved with
pkg_vae's own recipe recomputed in the same loop, load stated). None kept: nothing changes.
"""
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import normalized_mutual_info_score as nmi

sys.path.insert(0, str(Path(__file__).parent))
from autoencoders import (AUDIO, CODES, DIR, SEEDS, cached, fmt, part, passes_audio, view_vae)  # noqa: E402
from music_clust.cluster import KMEANS_RESTARTS, kmeans  # noqa: E402
from music_clust.represent import standardise  # noqa: E402

SEGMENT = 3.0  # seconds: musicnn's patch, so both front-ends cut clips the same way
SHIFT = 1.5  # seconds: the augmented copy starts half a segment later
GAIN_DB = 6.0  # the augmented copy's gain is uniform in +-this
AUG_SEED = 38  # the gains drawn per clip (no label used)
FOLDERS = {'gtzan90': ('gtzan', 'audio_3x30', 30.0), 'synth': (None, None, 10.0)}


# ---------------------------------------------------------------- data ----------------------------------------------
def gains(n):
    "One linear gain per clip, uniform in +-GAIN_DB dB."
    return 10**(np.random.default_rng(AUG_SEED).uniform(-GAIN_DB, GAIN_DB, n)/20)


def cut(y, sr, start=0.0):
    "Back-to-back SEGMENT-s pieces of `y` from `start` seconds."
    n, a = int(SEGMENT*sr), int(start*sr)
    return [y[a + i*n:a + (i + 1)*n] for i in range((len(y) - a)//n)]


def save_segments(name, per_clip):
    "Rows of every clip's segments, with the clip of each row and its place in the clip."
    X = np.concatenate(per_clip).astype('float32')
    clip = np.concatenate([[i]*len(s) for i, s in enumerate(per_clip)])
    idx = np.concatenate([np.arange(len(s)) for s in per_clip])
    for key, v in (('X', X), ('clip', clip), ('idx', idx)): np.save(DIR/f'{name}_{key}.npy', v)
    print(name, X.shape, flush=True)


def mfcc_segments(name, paths, seconds):
    "MFCC/spectral summary of each segment of each clip, and of its augmented copy."
    from music_clust.features import FeatureParams, load_audio, summary_vector
    clip, seg, g = FeatureParams(duration=seconds), FeatureParams(duration=SEGMENT), gains(len(paths))
    ys = [load_audio(p, clip) for p in paths]
    feats = lambda y, start, gain: np.stack([summary_vector(gain*s, seg) for s in cut(y, clip.sr, start)])
    save_segments(f'{name}_seg', [feats(y, 0.0, 1.0) for y in ys])
    save_segments(f'{name}_aug', [feats(y, SHIFT, g[i]) for i, y in enumerate(ys)])


def musicnn_segments(paths):
    "musicnn MSD penultimate per 3-s patch of each clip's augmented copy (the plain patches exist already)."
    from music_clust.patches import SR, load_16k, musicnn_input
    from music_clust.pretrained import _loaded
    net, g = _loaded('MSD_musicnn', 'penultimate'), gains(len(paths))
    def embed(y):
        out = np.asarray(net.predict_on_batch(musicnn_input(y))['penultimate'])
        return out.reshape(len(out), -1, out.shape[-1]).mean(1)
    save_segments('gtzan90_musicnn_aug', [embed(g[i]*load_16k(p)[int(SHIFT*SR):]) for i, p in enumerate(paths)])
    X, clip = np.load(DIR/'gtzan90_musicnn_patches_X.npy'), np.load(DIR/'gtzan90_musicnn_patches_clip.npy')
    save_segments('gtzan90_musicnn_seg', [X[clip == c] for c in range(clip.max() + 1)])


def build():
    from music_clust.bench import default_shared
    from music_clust.data import load_audio_folder
    gtzan = load_audio_folder(default_shared()/'gtzan'/'audio_3x30')
    synth = load_audio_folder(Path.home()/'.cache'/'music_clust'/'synthetic'/'n30-d10')
    for name, audio in (('gtzan90_mfcc', gtzan), ('synth_mfcc', synth)):
        assert len(audio.paths) == len(np.load(DIR/f'{name}_X.npy')), name  # the clips' order is the inputs' order
        mfcc_segments(name, audio.paths, 30.0 if name.startswith('gtzan') else 10.0)
    musicnn_segments(gtzan.paths)


if __name__ == '__main__' and sys.argv[1] == 'data': build()


# ---------------------------------------------------------------- ideas ---------------------------------------------
def segments(name, which):
    "The half's clips, and their segments and augmented segments standardised on the half's segments."
    X, y, k, clips = part(name, which)
    load = lambda kind: [np.load(DIR/f'{name}_{kind}_{key}.npy') for key in ('X', 'clip', 'idx')]
    (S, sc, si), (A, ac, ai) = load('seg'), load('aug')
    s, a = np.isin(sc, clips), np.isin(ac, clips)
    mu, sd = S[s].mean(0), S[s].std(0)
    sd[sd == 0] = 1
    z = lambda M: ((M - mu)/sd).astype('float32')
    return dict(y=y, k=k, clips=clips, S=z(S[s]), sc=sc[s], si=si[s], A=z(A[a]), ac=ac[a], ai=ai[a])


def same_clip_partner(sc, seed):
    "For each segment, another segment of the same clip, drawn once (COLA's positive pair)."
    rng, out = np.random.default_rng(seed), np.empty(len(sc), int)
    for c in np.unique(sc):
        rows = np.flatnonzero(sc == c)
        out[rows] = [rng.choice(rows[rows != r]) if len(rows) > 1 else r for r in rows]
    return out


def augmented_partner(sc, si, ac, ai):
    "For each segment, the augmented segment of its clip that overlaps it (the last one where the copy is shorter)."
    out = np.empty(len(sc), int)
    for r, (c, i) in enumerate(zip(sc, si)):
        rows = np.flatnonzero(ac == c)
        out[r] = rows[min(i, len(rows) - 1)]
    return out


def training_rows(d, idea, seed):
    "What the VAE trains on: segments; + augmented copies; or pairs [view 1 | view 2]."
    S, A = d['S'], d['A']
    if idea == 'seg': return S
    if idea == 'aug': return np.concatenate([S, A])
    if idea == 'pair': return np.hstack([S, S[same_clip_partner(d['sc'], seed)]])
    p = augmented_partner(d['sc'], d['si'], d['ac'], d['ai'])  # 'aug_pair': both directions
    back = np.array([np.flatnonzero((d['sc'] == c) & (d['si'] == i))[0] for c, i in zip(d['ac'], d['ai'])])
    return np.concatenate([np.hstack([S, A[p]]), np.hstack([A, S[back]])])


def pooled(Z, sc, clips, how='mean'):
    "Codes of each clip's segments pooled: the mean, or the mean and the standard deviation."
    parts = [Z[sc == c] for c in clips]
    if how == 'mean': return np.stack([p.mean(0) for p in parts])
    return np.stack([np.concatenate([p.mean(0), p.std(0)]) for p in parts])


def segment_codes(d, idea, seed, refine):
    "Codes of the half's segments: the VAE trained on `training_rows`, then (if `refine`) IDEC on the segments."
    from music_clust import models
    from music_clust.train import encode, refine_clusters, train
    models.keras.utils.set_random_seed(seed)
    S = d['S']
    pair = idea in ('pair', 'aug_pair')
    d_in = S.shape[1]
    vae = view_vae(d_in, 8, seed, pair=True, contrastive=1.0) if pair else models.dense_vae(d_in, 8, 1.0, seed)
    train(vae, training_rows(d, idea, seed), seed=seed)
    if not refine: return encode(vae, S)
    idec, _ = refine_clusters(vae, S, d['k'], seed=seed, restarts=KMEANS_RESTARTS)
    return models.ops.convert_to_numpy(idec.code(S))


IDEAS = {  # idea -> (training rows, IDEC on the segments?, pooling); the list committed before any ran
    'seg_vae': ('seg', False, 'mean'), 'seg_vae_meanstd': ('seg', False, 'meanstd'),
    'seg_vae_idec': ('seg', True, 'mean'),
    'seg_pair': ('pair', False, 'mean'), 'seg_pair_idec': ('pair', True, 'mean'),
    'seg_aug': ('aug', False, 'mean'), 'seg_aug_idec': ('aug', True, 'mean'),
    'seg_aug_pair': ('aug_pair', False, 'mean'), 'seg_aug_pair_idec': ('aug_pair', True, 'mean'),
}


def idea_nmi(name, which, idea):
    "NMI of K-Means (k from the run) on the pooled codes of `idea`, per seed (segment codes cached)."
    d = segments(name, which)
    rows, refine, how = IDEAS[idea]
    key = lambda s: f'{which}_{name}_seg3_{rows}{"_idec" if refine else ""}_s{s}'
    Z = {s: cached(key(s), lambda: segment_codes(d, rows, s, refine)) for s in SEEDS}
    return [nmi(d['y'], kmeans(pooled(Z[s], d['sc'], d['clips'], how), d['k'], s)) for s in SEEDS]


def references(name, which):
    "raw K-Means on the clip inputs, on the mean of the clip's standardised segments, and the current vae row."
    X, y, k, _ = part(name, which)
    d = segments(name, which)
    out = {'raw': [nmi(y, kmeans(standardise(X), k, s)) for s in SEEDS],
           'raw_segmean': [nmi(y, kmeans(standardise(pooled(d['S'], d['sc'], d['clips'])), k, s)) for s in SEEDS]}
    f = lambda s: DIR/'codes'/(f'tune_{name}_vae_idec_s{s}.npy' if which == 'tune' else f'report_{name}_after_s{s}.npy')
    out['vae_idec'] = [nmi(y, kmeans(np.load(f(s)), k, s)) for s in SEEDS]
    return out


def tune(ideas=IDEAS):
    rows = {n: references(n, 'tune') for n in AUDIO}
    for idea in ideas:
        for n in AUDIO: rows[n][idea] = idea_nmi(n, 'tune', idea)
        print(f'{idea}: ' + '; '.join(f'{n} {fmt(rows[n][idea])} (vae_idec {fmt(rows[n]["vae_idec"])})' for n in AUDIO),
              flush=True)
    return rows


def verdicts(rows):
    "Per idea: (idea - vae_idec) per audio tuning half, the median, the median vs raw, and round 3's rule."
    lines = []
    for m in IDEAS:
        deltas = [np.mean(rows[n][m]) - np.mean(rows[n]['vae_idec']) for n in AUDIO]
        vs_raw = np.median([np.mean(rows[n][m]) - np.mean(rows[n]['raw']) for n in AUDIO])
        rule = 'PASS' if passes_audio(rows, m) else 'drop'
        lines.append(f'{m:20s} ' + ' '.join(f'{n} {x:+.3f}' for n, x in zip(AUDIO, deltas))
                     + f' | median {np.median(deltas):+.4f}, vs raw {vs_raw:+.4f} -> {rule}')
    return lines


def kept(rows):
    "Round 3's choice: of the ideas that pass, the highest median gain over raw K-Means; None if none passes."
    ok = [m for m in IDEAS if passes_audio(rows, m)]
    over_raw = lambda m: np.median([np.mean(rows[n][m]) - np.mean(rows[n]['raw']) for n in AUDIO])
    return max(ok, key=over_raw, default=None)


if __name__ == '__main__' and sys.argv[1] == 'tune':
    rows = tune(sys.argv[3:] or IDEAS)
    if not sys.argv[3:]: print('\n'.join(verdicts(rows)) + f'\nkept: {kept(rows)}')

if __name__ == '__main__' and sys.argv[1] == 'report':  # a kept idea only, once; appended to the stored output
    idea, lines = sys.argv[3], []
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines += ['', f'## REPORT half, run once for the kept idea (output of: PYTHONPATH=. nice -n 10 python '
              f'benchmarks/autoencoders_segments.py report {DIR} {idea}; {when})']
    for n in AUDIO:
        r = {**references(n, 'report'), idea: idea_nmi(n, 'report', idea)}
        lines.append(f'{n}: ' + '; '.join(f'{m} {fmt(v)}' for m, v in r.items())
                     + f' | {idea} - vae_idec {np.mean(r[idea]) - np.mean(r["vae_idec"]):+.3f}, - raw '
                     + f'{np.mean(r[idea]) - np.mean(r["raw"]):+.3f}'); print(lines[-1], flush=True)
    out = Path(__file__).with_suffix('.txt')
    out.write_text(out.read_text() + '\n'.join(lines) + '\n')

if __name__ == '__main__' and sys.argv[1] == 'write':
    import os, platform
    rows = tune()
    head = (f'# output of: PYTHONPATH=. nice -n 10 python benchmarks/autoencoders_segments.py write {DIR}  '
            f'({time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}; {platform.node()}, {os.cpu_count()} CPU cores, '
            f'shared with other jobs; Keras backend tensorflow, CPU)')
    lines = [head, 'round 3 of issue 38: audio TUNING halves only (SPLIT_SEED 38, halves by clip); seeds 0-2; '
             'NMI mean ± sample std; k = number of genres; vae_idec = the current Easy vae row; '
             'raw_segmean = K-Means on the mean '
             'of each clip\'s standardised segments (a reference, not an idea)', '', '## TUNING half: every idea']
    lines += [f'{n}: ' + '; '.join(f'{m} {fmt(v)}' for m, v in rows[n].items()) for n in AUDIO]
    lines += ['', '## TUNING half: idea - vae_idec; round 3 rule (`autoencoders.passes_audio`)'] + verdicts(rows)
    lines += ['', f'kept: {kept(rows) or "nothing (no idea passes): the vae row keeps vae_idec"}']
    Path(__file__).with_suffix('.txt').write_text('\n'.join(lines) + '\n'); print('\n'.join(lines))


# ---------------------------------------------------------------- the package's vae row (issue 38, wiring) ----------
# The recipe as the package now computes it (`music_clust.features.segment_summaries`: segment summaries from the
# clip's own frames, the augmented copy's by its gain's exact effect on them and windows 1.5 s later;
# `music_clust.tiers.segment_vae`: PairVAE, IDEC, pooling). Judged by round 3's committed rule against vae_idec on
# the tuning halves, then once on the report halves:
#     PYTHONPATH=. nice -n 10 python benchmarks/autoencoders_segments.py pkgdata /tmp/ae38
#     PYTHONPATH=. nice -n 10 python benchmarks/autoencoders_segments.py pkgtune /tmp/ae38     (appends to the .txt)
#     PYTHONPATH=. nice -n 10 python benchmarks/autoencoders_segments.py pkgreport /tmp/ae38   (once; appends)
# musicnn (from 2026-12-07 16:37 UTC on): the package's own per-patch embeddings and its augmented copy's
# (`music_clust.pretrained.embed_clips(..., views=True)`, the default front-end's patches); before that the package
# kept no musicnn segments and the lines stored for gtzan90_musicnn under pkg_vae were vae_idec's own codes.
PKG = 'pkg_vae'


def package_segments():
    "Each clip's segment and augmented-copy summaries from the package's feature stage, as (clips, segments, d)."
    from music_clust.bench import default_shared
    from music_clust.data import load_audio_folder
    from music_clust.features import FeatureParams, extract_features
    for name, folder, seconds in (('gtzan90_mfcc', default_shared()/'gtzan'/'audio_3x30', 30.0),
                                  ('synth_mfcc', Path.home()/'.cache'/'music_clust'/'synthetic'/'n30-d10', 10.0)):
        f = extract_features(load_audio_folder(folder).paths, FeatureParams(duration=seconds), DIR/'features')
        assert np.array_equal(f.summary, np.load(DIR/f'{name}_X.npy')), name  # the same clips, in the same order
        np.save(DIR/f'{name}_pkgseg.npy', f.segments); np.save(DIR/f'{name}_pkgaug.npy', f.augmented)
        print(name, f.segments.shape, f.augmented.shape, flush=True)
    package_musicnn(load_audio_folder(default_shared()/'gtzan'/'audio_3x30').paths)


def package_musicnn(paths):
    "Each clip's musicnn patches and its augmented copy's, from the package (`embed_clips(..., views=True)`)."
    from music_clust.pretrained import embed_clips
    e = embed_clips(paths, 'MSD_musicnn', 'penultimate', cache_dir=DIR/'embeddings', progress=False, views=True)
    assert e.kept == list(range(len(paths))), e.failed
    X, S = np.load(DIR/'gtzan90_musicnn_X.npy'), np.load(DIR/'gtzan90_musicnn_seg_X.npy')
    print('gtzan90_musicnn: clip embeddings vs the round\'s, max |diff|', np.abs(e.embedding - X).max(),
          '; patches vs round 3\'s', np.abs(np.concatenate(e.segments) - S).max(), flush=True)
    assert np.allclose(e.embedding, X, atol=1e-4)  # the same clips, in the same order
    for kind, per_clip in (('seg', e.segments), ('aug', e.augmented)):
        np.save(DIR/f'gtzan90_musicnn_pkg{kind}.npy', np.concatenate(per_clip))
        np.save(DIR/f'gtzan90_musicnn_pkg{kind}_n.npy', [len(s) for s in per_clip])
        print('gtzan90_musicnn', kind, np.concatenate(per_clip).shape, flush=True)


def per_clip(name, kind):
    "The package's segments ('seg') or augmented ones ('aug') of each clip: (clips, segments, d), or split by counts."
    X, counts = np.load(DIR/f'{name}_pkg{kind}.npy'), DIR/f'{name}_pkg{kind}_n.npy'
    return np.split(X, np.cumsum(np.load(counts))[:-1]) if counts.exists() else X


def package_codes(name, which, seed):
    "The package's Easy `vae` row on the half's clips (`tiers.segment_vae`): one code per clip."
    from music_clust.config import RunConfig
    from music_clust.inputs import Inputs, Segments
    from music_clust.tiers import segment_vae
    X, y, k, clips = part(name, which)
    seg, aug = ([p[c] for c in clips] for p in (per_clip(name, 'seg'), per_clip(name, 'aug')))
    inputs = Inputs(X, [str(c) for c in clips], None, [], name, segments=Segments.of(seg), augmented=Segments.of(aug))
    return segment_vae(inputs, RunConfig(progress=False), seed, k, 8).Z


def package_nmi(name, which):
    "NMI of K-Means on the package row's codes, per seed."
    X, y, k, clips = part(name, which)
    Z = {s: cached(f'{which}_{name}_{PKG}_s{s}', lambda: package_codes(name, which, s)) for s in SEEDS}
    return [nmi(y, kmeans(Z[s], k, s)) for s in SEEDS]


def package_lines(which):
    "One line per audio half: references and the package row; then, on the tuning halves, round 3's rule."
    rows = {n: {**references(n, which), PKG: package_nmi(n, which)} for n in AUDIO}
    lines = [f'{n}: ' + '; '.join(f'{m} {fmt(v)}' for m, v in r.items())
             + f' | {PKG} - vae_idec {np.mean(r[PKG]) - np.mean(r["vae_idec"]):+.3f}, - raw '
             + f'{np.mean(r[PKG]) - np.mean(r["raw"]):+.3f}' for n, r in rows.items()]
    if which == 'tune': lines.append(f'round 3 rule (`autoencoders.passes_audio`): '
                                     f'{"PASS" if passes_audio(rows, PKG) else "drop"}')
    return lines


# ---------------------------------------------------------------- cheaper variants of the package's row -------------
# the halves the variants run on: the two MFCC halves at first (16:29 and 16:40 UTC); from 17:05 UTC, after the merge
# that gave the package musicnn segments, gtzan90_musicnn too (the rule's "where segments exist")
COST_HALVES = AUDIO
COST_VARIANTS = {'pkg': (32, 30, 32), 'b128': (128, 30, 32), 'b256': (256, 30, 32), 'b256_r10': (256, 10, 32),
                 'b256_ib128': (256, 30, 128)}  # (pair-row batch, IDEC rounds, IDEC batch); 'pkg' = the package's


def variant_row(inputs, seed, k, batch, rounds, idec_batch, latent=8):
    "`tiers.segment_vae`'s computation with the pair rows' batch, IDEC's rounds and batch as given: pooled codes."
    from keras import ops
    from music_clust import tiers
    from music_clust.config import EPOCHS
    S, A = tiers.scale_segments(inputs.segments.X, inputs.augmented.X)
    m = tiers._keras()
    m.keras.utils.set_random_seed(seed)  # as `tiers.trained`, before it builds the model
    model = m.pair_vae(S.shape[1], latent, tiers.EASY_BETA, seed, tiers.PAIR_WEIGHT, tiers.PAIR_TEMPERATURE)
    pairs = tiers.segment_pairs(inputs.segments, inputs.augmented, S, A)
    m.train(model, pairs, epochs=EPOCHS['dense'], batch_size=batch, patience=20, seed=seed)
    m.keras.utils.set_random_seed(seed)  # re-seeded before IDEC, as `idec_refined`
    idec, _ = m.refine_clusters(model, S, k, rounds=rounds, batch_size=idec_batch, seed=seed, restarts=KMEANS_RESTARTS)
    return tiers.pooled(ops.convert_to_numpy(idec.code(S)), inputs.segments.clip, len(inputs))


def variant_codes(name, which, seed, variant):
    "A variant's pooled codes on the half's clips, and the CPU seconds they took (this process, every thread)."
    from music_clust.inputs import Inputs, Segments
    X, y, k, clips = part(name, which)
    seg, aug = ([p[c] for c in clips] for p in (per_clip(name, 'seg'), per_clip(name, 'aug')))
    inputs = Inputs(X, [str(c) for c in clips], None, [], name, segments=Segments.of(seg), augmented=Segments.of(aug))
    t0 = time.process_time(); Z = variant_row(inputs, seed, k, *COST_VARIANTS[variant])
    return Z, time.process_time() - t0


def cost_runs(which, variants):
    "NMI and CPU seconds per (half, variant, seed), variants interleaved within each seed and half; codes kept."
    import os
    out = {}
    for s in SEEDS:
        for name in COST_HALVES:
            for v in variants:
                f, y, k = CODES/f'{which}_{name}_cost_{v}_s{s}', *part(name, which)[1:3]
                if not f.with_suffix('.npy').exists():  # a run cut short resumes; the CPU seconds are kept beside
                    Z, cpu = variant_codes(name, which, s, v)
                    np.save(f.with_suffix('.npy'), Z); np.save(f'{f}_cpu.npy', [cpu, os.getloadavg()[0]])
                Z, (cpu, load) = np.load(f.with_suffix('.npy')), np.load(f'{f}_cpu.npy')
                out.setdefault((name, v), []).append((nmi(y, kmeans(Z, k, s)), cpu, load))
                print(f'  {name} {v} s{s}: NMI {out[name, v][-1][0]:.3f} CPU {cpu:.1f} s', flush=True)
    return out


def cost_kept(rows, cpu):
    "The kept variant by the cost rule (docstring), or None: `rows` as `passes_audio`'s, `cpu` median s per variant."
    sd = np.mean([np.std(rows[n][PKG], ddof=1) for n in AUDIO])
    close = lambda v: np.median([np.mean(rows[n][v]) - np.mean(rows[n][PKG]) for n in AUDIO]) >= -sd
    ok = [v for v in cpu if v != 'pkg' and passes_audio(rows, v) and close(v)]
    return min(ok, key=cpu.get) if ok else None


def cost_lines(which, variants):
    "Lines per half and variant (NMI, CPU per seed), the rule's verdicts and the kept variant (tuning halves)."
    runs = cost_runs(which, variants)
    rows = {n: {**references(n, which), PKG: package_nmi(n, which)} for n in AUDIO}
    for (n, v), r in runs.items(): rows[n][v] = [a for a, _, _ in r]
    for v in variants:  # before the package kept musicnn segments its musicnn row was vae_idec's codes
        if 'gtzan90_musicnn' not in COST_HALVES: rows['gtzan90_musicnn'][v] = rows['gtzan90_musicnn']['vae_idec']
    cpu = {v: float(np.median([c for n in COST_HALVES for _, c, _ in runs[n, v]])) for v in variants}
    load = [l for r in runs.values() for _, _, l in r]
    lines = [f'{n} {v}: NMI {fmt(rows[n][v])}; CPU s/seed ' + ' '.join(f'{c:.1f}' for _, c, _ in runs[n, v])
             for n, v in runs] + [f'load1 during the runs: {min(load):.1f}-{max(load):.1f} (2 cores, shared)']
    codes = lambda n, v, s: np.load(CODES/f'{which}_{n}_{v}_s{s}.npy')
    diff = lambda n, s: np.abs(codes(n, 'cost_pkg', s) - codes(n, PKG, s))
    same = max(float(diff(n, s).max()) for n in COST_HALVES for s in SEEDS)
    lines.append(f'pkg (the recipe recomputed here) vs {PKG} (tiers.segment_vae, cached): max |code diff| {same:.2g}')
    lines += [f'{v}: median CPU s/seed {cpu[v]:.1f}; round 3 rule {"PASS" if passes_audio(rows, v) else "drop"}; '
              f'median (v - {PKG}) ' + f'{np.median([np.mean(rows[n][v]) - np.mean(rows[n][PKG]) for n in AUDIO]):+.3f}'
              for v in variants]
    if which == 'tune': lines.append(f'kept by the cost rule: {cost_kept(rows, cpu) or "nothing (nothing changes)"}'
                                     f' (threshold -{np.mean([np.std(rows[n][PKG], ddof=1) for n in AUDIO]):.3f})')
    return lines


if __name__ == '__main__' and sys.argv[1] == 'pkgdata': package_segments()

if __name__ == '__main__' and sys.argv[1] == 'pkgcost':
    which = sys.argv[4] if len(sys.argv) > 4 else 'tune'
    variants = ['pkg', sys.argv[3]] if len(sys.argv) > 3 else list(COST_VARIANTS)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = ['', f'## {which.upper()} half, cheaper variants of the package\'s vae row (output of: PYTHONPATH=. '
             f'nice -n 10 python benchmarks/autoencoders_segments.py {" ".join(sys.argv[1:])}; {when})']
    lines += cost_lines(which, variants)
    print('\n'.join(lines), flush=True)
    out = Path(__file__).with_suffix('.txt')
    out.write_text(out.read_text() + '\n'.join(lines) + '\n')

if __name__ == '__main__' and sys.argv[1] in ('pkgtune', 'pkgreport'):
    which = 'tune' if sys.argv[1] == 'pkgtune' else 'report'
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = ['', f'## {which.upper()} half, the package\'s vae row ({PKG}: features.segment_summaries, and for '
             f'gtzan90_musicnn now the package\'s musicnn segments (pretrained.embed_clips views), + '
             f'tiers.segment_vae) (output of: PYTHONPATH=. nice -n 10 python benchmarks/autoencoders_segments.py '
             f'{sys.argv[1]} {DIR}; {when})'] + package_lines(which)
    print('\n'.join(lines), flush=True)
    out = Path(__file__).with_suffix('.txt')
    out.write_text(out.read_text() + '\n'.join(lines) + '\n')
