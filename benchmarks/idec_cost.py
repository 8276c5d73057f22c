"""IDEC of the Easy tier (`tiers.refined`: a dense VAE pretrained, then refined) for one seed on a big table: CPU and wall
seconds, with the package on PYTHONPATH (run it with the commit before and after, side by side).

    PYTHONPATH=/tmp/before nice -n 10 python benchmarks/idec_cost.py /tmp/spotify_13000.csv
"""
import os, platform, sys, time
from datetime import date

from music_clust.inputs import RunConfig
from music_clust.represent import quantile_normalise
from music_clust.run import checked_inputs
from music_clust.tiers import refined

table = sys.argv[1]
print(f'# output of: PYTHONPATH={os.environ.get("PYTHONPATH", ".")} nice -n 10 python benchmarks/idec_cost.py {table}  ({date.today()}, '
      f'{platform.machine()}, {os.cpu_count()} CPU cores shared with other jobs, load average {os.getloadavg()[0]:.1f})', flush=True)
cfg = RunConfig(features=table, label_col='playlist_genre', tier='easy', progress=False, out='/tmp/unused')
inputs, k, _ = checked_inputs(cfg)
Q = quantile_normalise(inputs.X)
t, c = time.perf_counter(), time.process_time()
rep = refined(Q, cfg, 0, k)
print(f'{len(Q)} rows, k={k}: IDEC (pretraining + refinement) {time.process_time() - c:.1f} s CPU, {time.perf_counter() - t:.1f} s wall, '
      f'{rep.columns["epochs"]} epochs in all; load average at the end {os.getloadavg()[0]:.1f}')
