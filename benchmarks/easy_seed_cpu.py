"""CPU seconds of the README run's Easy seeds stage for one seed, row by row, and the vae row's NMI (issue 38, cost):
the README inputs (synthetic default, 300 10-s clips, k from the labels), `tiers.easy_representations` at seed 0,
each row timed with `time.process_time` (this process, every thread). Features must be cached in CACHE first.

    PYTHONPATH=CODE_DIR nice -n 10 python benchmarks/easy_seed_cpu.py CODE_DIR CACHE

Run before/after interleaved, each in a fresh process (CODE_DIR: a `git archive` of the commit before, or the tree)."""
import os, sys, time
sys.path.insert(0, sys.argv[1])
from music_clust.config import RunConfig
from music_clust.inputs import load_inputs
from music_clust.represent import standardise
from music_clust import tiers
cfg = RunConfig(progress=False, cache_dir=sys.argv[2])
inputs = load_inputs(cfg)
from music_clust.inputs import choose_k
Xs, k = standardise(inputs.X), choose_k(cfg, inputs)[0]
rows, t0, w0 = {}, time.process_time(), time.perf_counter()
t = t0
for rep in tiers.easy_representations(inputs, Xs, cfg, 0, k):
    rows[rep.name] = time.process_time() - t
    if rep.name == 'vae': vae = rep.Z
    t = time.process_time()
cpu, wall = time.process_time() - t0, time.perf_counter() - w0
print(f'{sys.argv[1]}: k {k}; Easy seed 0 CPU {cpu:.1f} s (wall {wall:.1f} s);',
      ' '.join(f'{n} {c:.1f}' for n, c in rows.items()), f'; load1 {os.getloadavg()[0]:.1f}', flush=True)
from music_clust.cluster import kmeans
from sklearn.metrics import normalized_mutual_info_score as nmi
print('  vae row seed 0 NMI (K-Means, k as the run):', round(nmi(inputs.labels, kmeans(vae, k, 0)), 3), flush=True)
