"""Peak memory of one training run on inputs that live in a memory-mapped file (issue 36, d3: features that stream): a
dense autoencoder trained for one epoch on ROWS x 128 float32 rows (512 MB at a million rows) read from a `.npy` memory
map, with the inputs copied into TensorFlow as before (`config.STREAM_BYTES` above the inputs' size) and read a batch at a
time (the default above `config.STREAM_BYTES`). Each in a fresh process; prints its resident memory before training, its
peak (VmHWM, which counts the memory map's pages read), its anonymous and file-backed memory after, the training's wall
seconds, and a hash of the trained model's codes of the first 1,000 rows (the same both ways: the same batches).

    PYTHONPATH=. python benchmarks/train_memory.py [ROWS] > benchmarks/train_memory.txt   (nothing else working)"""
import os, platform, resource, subprocess, sys, tempfile, time
import numpy as np

CHILD = '''
import hashlib, resource, sys, time
import numpy as np
from music_clust import config, train as t
from music_clust.models import dense_ae, keras
if sys.argv[2] != 'default': config.STREAM_BYTES = int(sys.argv[2])
X = np.load(sys.argv[1], mmap_mode='r')
keras.utils.set_random_seed(0)
model = dense_ae(X.shape[1], 8)
def status(key): return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith(key + ':')) / 2**20
before = status('VmRSS')
start = time.perf_counter(); t.train(model, X, epochs=1, seed=0); seconds = time.perf_counter() - start
codes = t.encode(model, np.asarray(X[:1000]))
print(f"before training {before:.2f} GB resident; peak {status('VmHWM'):.2f} GB; after: {status('RssAnon'):.2f} GB "
      f"anonymous, {status('RssFile'):.2f} GB of mapped files (the memory map's pages read, which the kernel may drop); "
      f"training {seconds:.1f} s, "
      f"codes {hashlib.sha256(codes.tobytes()).hexdigest()[:12]}")
'''

if __name__ == '__main__':
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    path = os.path.join(tempfile.mkdtemp(), 'X.npy')
    X = np.lib.format.open_memmap(path, 'w+', 'float32', (rows, 128))
    for start in range(0, rows, 100_000):  # written in blocks: this process does not hold it either
        X[start:start + 100_000] = np.random.default_rng(start).normal(size=X[start:start + 100_000].shape)
    X.flush(); del X
    print(f'# output of: PYTHONPATH=. python benchmarks/train_memory.py {rows} ({time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}, '
          f'{platform.machine()}, {os.cpu_count()} CPU cores; inputs {rows} x 128 float32, {rows * 512 / 2**20:.0f} MB on disk)')
    for name, limit in (('copied into TensorFlow (as before)', str(2**62)), ('read a batch at a time (the default)', 'default')):
        out = subprocess.run([sys.executable, '-c', CHILD, path, limit], capture_output=True, text=True, check=True)
        print(f'{name}: {out.stdout.strip()}', flush=True)
