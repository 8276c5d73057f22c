"""Keras' `steps_per_execution` (`train.STEPS_PER_CALL`) on the README run's Easy seed (issue 36, cold start): the README
inputs (synthetic default, 300 10-s clips, k from the labels, features cached in CACHE), `tiers.easy_representations`
at seed 0, each row's CPU seconds (`time.process_time`, this process, every thread), and the codes of each row saved.
Each setting runs in a fresh process with TensorFlow's pools at one thread (a seed worker's share on 2 cores);
`compare` then prints the largest difference between the codes of the two settings, row by row.

    PYTHONPATH=. nice -n 10 python benchmarks/steps_per_call.py run STEPS CACHE OUT.npz    (fresh process per run)
    PYTHONPATH=. python benchmarks/steps_per_call.py compare A.npz B.npz"""
import os, sys, time
import numpy as np

def run(steps, cache, out):
    os.environ['TF_NUM_INTRAOP_THREADS'] = os.environ['TF_NUM_INTEROP_THREADS'] = '1'
    from music_clust.config import RunConfig
    from music_clust.inputs import load_inputs, choose_k
    from music_clust.represent import standardise
    from music_clust import tiers, train
    import umap  # noqa: F401 (its import outside the rows' CPU)
    train.STEPS_PER_CALL = steps
    cfg = RunConfig(progress=False, cache_dir=cache)
    inputs = load_inputs(cfg)
    Xs, k = standardise(inputs.X), choose_k(cfg, inputs)[0]
    codes, cpu, t0 = {}, {}, time.process_time()
    t = t0
    for rep in tiers.easy_representations(inputs, Xs, cfg, 0, k):
        codes[rep.name], cpu[rep.name], t = rep.Z, time.process_time() - t, time.process_time()
    np.savez(out, **codes)
    print(f'steps per call {steps}: Easy seed 0 CPU {time.process_time() - t0:.1f} s;',
          ' '.join(f'{n} {c:.1f}' for n, c in cpu.items()), f'; load1 {os.getloadavg()[0]:.1f}', flush=True)

def compare(a, b):
    A, B = np.load(a), np.load(b)
    print(f'largest |code difference|, {a} vs {b}:', ', '.join(f'{n} {np.abs(A[n] - B[n]).max():g}' for n in A))

if __name__ == '__main__':
    run(int(sys.argv[2]), sys.argv[3], sys.argv[4]) if sys.argv[1] == 'run' else compare(sys.argv[2], sys.argv[3])
