"""HDBSCAN's smallest cluster: a fixed 5 tracks against sizes that grow with the number of tracks n, on every dataset at once.

The Medium tier's density input (PCA of the standardised inputs, 32 components, then `cluster.density_view`), three
seeds; HDBSCAN with each rule for `min_cluster_size`, selecting clusters by excess of mass (scikit-learn's default) or as the tree's leaves
(`min_samples` = `min_cluster_size`, scikit-learn's default, except in the last row); NMI and ARI against the labels (scores only, never an input),
clusters and noise. NMI rises with the number of clusters, so ARI and the cluster count matter as much here.

    python benchmarks/hdbscan_size.py > benchmarks/hdbscan_size.txt
"""
import math, sys

import numpy as np
from sklearn.cluster import HDBSCAN
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score as nmi

from music_clust.cluster import density_view
from music_clust.inputs import RunConfig, load_inputs
from music_clust.represent import pca_reduce, standardise

from real_data import DATA, REAL_DATASETS

DATASETS = {'synthetic default (300, 10 styles)': RunConfig(), **REAL_DATASETS}
SIZES = {'5 (fixed)': lambda n: 5, 'sqrt(n)/2': lambda n: max(5, round(math.sqrt(n)/2)),
         'sqrt(n)': lambda n: max(5, round(math.sqrt(n))), 'n/100': lambda n: max(5, n//100), 'n/50': lambda n: max(5, n//50)}
RULES = {f'{name}, {how}': (size, how, None) for how in ('eom', 'leaf') for name, size in SIZES.items()}  # HDBSCAN's two ways to pick clusters
RULES['sqrt(n), leaf, min_samples 5'] = (SIZES['sqrt(n)'], 'leaf', 5)  # the default chosen from this table: `cluster.hdbscan`

def row(name, size, preds, y):
    n = [nmi(y, p) for p in preds]; a = [adjusted_rand_score(y, p) for p in preds]
    c = [len(set(p) - {-1}) for p in preds]; z = [np.mean(p == -1) for p in preds]
    return (f'  {name:<30} size {size:4d}  NMI {np.mean(n):.3f} ± {np.std(n):.3f}  ARI {np.mean(a):.3f} ± {np.std(a):.3f}'
            f'  clusters {np.mean(c):5.1f}  noise {np.mean(z):.2f}')

if not DATA.exists(): sys.exit(f'{DATA} absent')
for title, cfg in DATASETS.items():
    cfg.progress = False
    inputs = load_inputs(cfg)
    y = np.asarray(inputs.labels)
    views = [density_view(pca_reduce(standardise(inputs.X), 32, s), s) for s in range(3)]
    print(f'{title}: {inputs.X.shape[1]} feature columns', flush=True)
    for name, (rule, how, min_samples) in RULES.items():
        size = rule(len(y))
        hdbscan = HDBSCAN(min_cluster_size=size, min_samples=min_samples, cluster_selection_method=how, copy=True)
        print(row(name, size, [hdbscan.fit_predict(V) for V in views], y), flush=True)
