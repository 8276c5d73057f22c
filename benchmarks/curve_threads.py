"""The k curves of the README run's inputs (300 synthetic clips x 92 features) with the default threads and on one thread,
twice each, in one process: wall and CPU seconds, and whether the curves are equal. Needs MUSIC_CLUST_CACHE holding the
run's features (a README run made them).

    MUSIC_CLUST_CACHE=/tmp/i36/cache_base0 python benchmarks/curve_threads.py
"""
import time

from threadpoolctl import threadpool_limits

from music_clust.cluster import k_curves
from music_clust.inputs import RunConfig
from music_clust.represent import standardise
from music_clust.run import checked_inputs

inputs, k, _ = checked_inputs(RunConfig(tier='easy', out='/tmp/unused', progress=False))
Z, curves = standardise(inputs.X), {}
for threads in (None, 1, None, 1):
    t, c = time.perf_counter(), time.process_time()
    with threadpool_limits(threads): curves[threads] = k_curves(Z)
    print(f'threads {threads or "default"}: {time.perf_counter() - t:.2f} s wall, {time.process_time() - c:.2f} s CPU')
print('equal curves:', curves[None].equals(curves[1]))
