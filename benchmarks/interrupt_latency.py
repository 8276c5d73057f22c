"""How long `music-clust run` takes to stop after Ctrl-C or `kill`, at three points of a run (issue 32: 'within a second or two').
Run from the repository root: python benchmarks/interrupt_latency.py > benchmarks/interrupt_latency.txt"""
import os, signal, subprocess, sys, tempfile, threading, time
from pathlib import Path

COMMAND = [sys.executable, '-m', 'music_clust', 'run', '--tier', 'easy', '--n-per-genre', '10', '--duration', '3']


def case(name, extra, trigger, delay, how):
    "Start a run, wait for `trigger` in its log (then `delay` s), send the signal `how`; seconds until it exits, its status and last line."
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.Popen(COMMAND + extra + ['--cache-dir', f'{d}/cache', '--out', f'{d}/out'], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             text=True, start_new_session=True)
        lines, seen, said = [], threading.Event(), []
        def read():
            for line in p.stderr:
                lines.append(line)
                if 'interrupted' in line: said.append(time.monotonic())
                if trigger in line: seen.set()
        t = threading.Thread(target=read, daemon=True); t.start()
        seen.wait(600); time.sleep(delay)
        t0 = time.monotonic()
        os.killpg(p.pid, signal.SIGINT) if how == 'Ctrl-C' else p.send_signal(signal.SIGTERM)
        p.wait(120); seconds = time.monotonic() - t0; t.join(10)
        text = ''.join(lines)
        bad = [w for w in ('Traceback', 'Exception ignored', 'KeyboardInterrupt') if w in text]
        last = text.strip().splitlines()[-1] if text.strip() else ''
        line = f'{said[0] - t0:5.2f} s' if said else '   --  '
        print(f'{name:<38} {how:<7} {line} {seconds:5.2f} s  status {p.returncode}  {"; ".join(bad) or "no traceback"}  | {last[:110]}')


if __name__ == '__main__':
    print(f'# output of: python benchmarks/interrupt_latency.py  ({time.strftime("%Y-%m-%d")}, {os.cpu_count()} CPU cores shared with other jobs: times are upper bounds)')
    print('# seconds from the signal to the "interrupted" line, then to the process exit')
    case('extracting features, 2 worker processes', ['--jobs', '2'], 'features', 3.0, 'Ctrl-C')
    case('extracting features, 2 worker processes', ['--jobs', '2'], 'features', 3.0, 'kill')
    case('training a VAE in this process', ['--jobs', '1', '--seeds', '2'], 'seed 0:', 0.5, 'Ctrl-C')
    case('training a VAE in this process', ['--jobs', '1', '--seeds', '2'], 'seed 0:', 0.5, 'kill')
    case('seeds trained by 2 worker processes', ['--jobs', '2', '--seeds', '2'], 'worker processes', 3.0, 'kill')
