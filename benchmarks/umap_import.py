"""UMAP's first embedding in a fresh process, as a run's background compile makes it (`represent.COMPILES['umap']`), with
pynndescent imported as umap-learn imports it (its `__init__` compiling the approximate search's numba kernels) and with
that import put off (`represent.defer_pynndescent`, what the package does): CPU and wall seconds, cold (an empty numba
cache, as on a fresh machine) and warm (the cache the cold one wrote), and whether the two embeddings are the same.
Rounds interleaved; the CPU is the child's own (user + system), which another job on the machine changes less than wall.

    PYTHONPATH=. python benchmarks/umap_import.py [ROUNDS] > benchmarks/umap_import.txt   (nothing else working)"""
import os, platform, resource, subprocess, sys, tempfile, time
from music_clust.represent import COMPILES

EMBED = ("; import numpy as np; from music_clust.represent import umap_reduce; "
         "Z = umap_reduce(np.random.default_rng(0).normal(size=(300, 20)).astype('float32'), seed=0); "
         "print(__import__('hashlib').sha256(Z.tobytes()).hexdigest()[:12], 'pynndescent.rp_trees' in sys.modules)")
VARIANTS = {'as umap-learn imports it': COMPILES['umap'].replace('; from', '; import pynndescent; from') + EMBED,
            'deferred (the package)': COMPILES['umap'] + EMBED}

def child(code:str, cache:str) -> tuple[float, float, str]:
    "CPU and wall seconds of a fresh Python running `code` with numba's cache in `cache`, and what it printed."
    before, t = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    out = subprocess.run([sys.executable, '-c', code], env={**os.environ, 'NUMBA_CACHE_DIR': cache},
                         capture_output=True, text=True, check=True).stdout.strip()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, time.perf_counter() - t, out

if __name__ == '__main__':
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(f'# output of: PYTHONPATH=. python benchmarks/umap_import.py {rounds} ({time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}, '
          f'{platform.machine()}, {os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f} at the start)')
    print('# variant | start | CPU s | wall s | embedding hash, search kernels loaded')
    for r in range(rounds):
        for name, code in VARIANTS.items():
            cache = tempfile.mkdtemp(prefix='numba_')
            for start in ('cold', 'warm'):
                cpu, wall, out = child(code, cache)
                print(f'{name} | {start} | {cpu:.1f} | {wall:.1f} | {out}', flush=True)
