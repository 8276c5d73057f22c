"""What keeping each finished seed for a resume costs (`results.save_seed`: a pickle of its rows and artefacts, models included):
seconds and bytes per seed of each tier, on a small synthetic run. Run from the repository root:
python benchmarks/seed_pickles.py > benchmarks/seed_pickles.txt"""
import os, sys, tempfile, time
from music_clust import results, run as run_module
from music_clust.config import RunConfig

timings = []
def timed_save(folder, seed, fingerprint, value, _save=results.save_seed):
    t0 = time.perf_counter(); _save(folder, seed, fingerprint, value)
    timings.append((folder.name, seed, time.perf_counter() - t0, (folder/results.SEEDS/f'seed{seed}.pkl').stat().st_size))
run_module.save_seed = timed_save

if __name__ == '__main__':
    print(f'# output of: python benchmarks/seed_pickles.py  ({time.strftime("%Y-%m-%d")}, {os.cpu_count()} CPU cores shared with other jobs)')
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        res = run_module.run(RunConfig(tier='all', seeds=1, epochs=2, n_per_genre=4, duration=3.0, betas=(1.0, 4.0), n_jobs=1,
                                       out=f'{d}/out', progress=False))
        total = time.perf_counter() - t0
    print(f'whole --tier all run (1 seed, 2 epochs, 40 clips of 3 s): {total:.1f} s')
    for tier, seed, seconds, size in timings: print(f'{tier:<8} seed {seed}: {seconds:5.2f} s to keep, {size/1e6:6.2f} MB')
    print(f'kept in all: {sum(t[2] for t in timings):.2f} s of the run ({100*sum(t[2] for t in timings)/total:.1f} %)')
