"""Where one seed of the Easy tier spends its time on a big table: CPU seconds (this process, all its threads) and wall
seconds of each stage, in one process: the k curves, each representation, its K-Means and scores, and a map.

    nice -n 10 python benchmarks/big_stages.py /tmp/spotify_13000.csv   # a table from benchmarks/big_tables.py

CPU seconds are what other work on a shared machine cannot inflate much; wall seconds are upper bounds there.
The genre labels are read only because `score_partition` computes its scores with them: timing only, no score is kept.
"""
import os, platform, sys, time
from datetime import date

import numpy as np

from music_clust.inputs import RunConfig
from music_clust.run import checked_inputs
from music_clust.recommend import standard_k_curves
from music_clust.represent import standardise
from music_clust.tiers import easy_representations
from music_clust.cluster import cluster
from music_clust.metrics import score_partition
from music_clust import maps


class Clock:
    "CPU and wall seconds since the last `lap`."
    def __init__(self): self.cpu, self.wall = time.process_time(), time.perf_counter()
    def lap(self, name: str):
        cpu, wall = time.process_time(), time.perf_counter()
        print(f'{name:<28} cpu {cpu - self.cpu:7.1f} s  wall {wall - self.wall:7.1f} s', flush=True)
        self.cpu, self.wall = cpu, wall


if __name__ == '__main__':
    table = sys.argv[1]
    print(f'# output of: nice -n 10 python benchmarks/big_stages.py {table}  ({date.today()}, {platform.machine()}, '
          f'{os.cpu_count()} CPU cores shared with other jobs, load average {os.getloadavg()[0]:.1f}; code: {os.environ.get("PYTHONPATH", ".")})')
    c = Clock()
    cfg = RunConfig(features=table, label_col='playlist_genre', tier='easy', progress=False, out='/tmp/unused')
    inputs, k, _ = checked_inputs(cfg)
    c.lap(f'read {len(inputs)} rows, k={k}')
    standard_k_curves(inputs.X); c.lap('k curves')
    Xs, labels = standardise(inputs.X), np.asarray(inputs.labels)
    for rep in easy_representations(inputs, Xs, cfg, 0, k):
        c.lap(f'seed 0: {rep.name}')
        pred = cluster(rep.Z, 'kmeans', k, 0); c.lap(f'  {rep.name} k-means')
        score_partition(pred, rep.Z, Xs, labels); c.lap(f'  {rep.name} scores')
    maps.latent_map(rep.Z, pred, list(labels), title='x', seed=0); c.lap('one t-SNE map')
    print(f'load average at the end {os.getloadavg()[0]:.1f}')
