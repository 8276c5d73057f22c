"""rss.py PATTERN OUT: every 2 s, the summed RSS (MB) of the process whose command line holds PATTERN and all its descendants; the peak at the end."""
import sys, time, psutil
pat, out = sys.argv[1], sys.argv[2]
def root():
    for p in psutil.process_iter(['cmdline']):
        if pat in ' '.join(p.info['cmdline'] or []) and 'rss.py' not in ' '.join(p.info['cmdline'] or []) and 'python' in (p.info['cmdline'] or [''])[0] and '-m' in (p.info['cmdline'] or []): return p
r = None
while r is None: r = root(); time.sleep(0.5)
peak, t0 = 0, time.time()
with open(out, 'w') as f:
    while r.is_running():
        try: s = sum(p.memory_info().rss for p in [r] + r.children(recursive=True)) / 2**20
        except psutil.Error: s = 0
        peak = max(peak, s); f.write(f'{time.time()-t0:.0f} {s:.0f}\n'); f.flush(); time.sleep(2)
    f.write(f'peak summed RSS of the run and its child processes: {peak:.0f} MB\n')
