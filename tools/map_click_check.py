"""Click a point of map.html in headless Chromium (a real mouse press and release, over the Chrome DevTools Protocol) and
report what the page's player did: the line it shows and the audio element's state ("loaded N s" once the browser read
the linked file's header; "error" where the link does not resolve).

    python tools/map_click_check.py RESULTS_FOLDER [N_POINTS]    (needs chromium and the websocket-client package)
"""
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket  # websocket-client

PORT = 9333


class Page:
    "One tab, driven over CDP."
    def __init__(self, url):
        tab = json.load(urllib.request.urlopen(urllib.request.Request(f'http://127.0.0.1:{PORT}/json/new?{url}', method='PUT')))
        self.ws, self.n = websocket.create_connection(tab['webSocketDebuggerUrl']), 0

    def call(self, method, **params):
        self.n += 1
        self.ws.send(json.dumps({'id': self.n, 'method': method, 'params': params}))
        while (msg := json.loads(self.ws.recv())).get('id') != self.n: pass
        return msg.get('result', {})

    def js(self, expr): return self.call('Runtime.evaluate', expression=expr, returnByValue=True)['result'].get('value')


POINT = """(() => { const p = document.querySelectorAll('.scatterlayer .trace')[%d].querySelector('.point').getBoundingClientRect();
                     return [p.x + p.width / 2, p.y + p.height / 2]; })()"""


STATE = "[document.getElementById('now').textContent, document.getElementById('clip').getAttribute('src'), document.getElementById('clip').dataset.state]"


def main(results, n_points=3):
    page_url = (Path(results).resolve()/'map.html').as_uri()
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        browser = subprocess.Popen(['chromium', '--headless=new', '--no-sandbox', '--disable-gpu', f'--remote-debugging-port={PORT}', f'--remote-allow-origins=http://127.0.0.1:{PORT}',
                                    '--autoplay-policy=no-user-gesture-required', '--window-size=1000,1000', f'--user-data-dir={profile}', 'about:blank'],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(50):
                try: urllib.request.urlopen(f'http://127.0.0.1:{PORT}/json/version'); break
                except OSError: time.sleep(0.2)
            page = Page(page_url)
            for _ in range(50):
                if page.js("document.querySelectorAll('.scatterlayer .point').length"): break
                time.sleep(0.2)
            for i in range(n_points):
                x, y = page.js(POINT % i)
                page.call('Input.dispatchMouseEvent', type='mouseMoved', x=x, y=y)
                time.sleep(0.5)  # plotly finds the hovered point on its own schedule; a click goes to that point
                for kind in ('mousePressed', 'mouseReleased'):
                    page.call('Input.dispatchMouseEvent', type=kind, x=x, y=y, button='left', clickCount=1)
                time.sleep(1.5)
                now, src, state = page.js(STATE)
                print(f"click at ({x:.0f}, {y:.0f}) on a point of trace {i}: {now} | audio src={src} state={state}")
        finally: browser.terminate(); browser.wait()


if __name__ == '__main__':
    main(sys.argv[1], *map(int, sys.argv[2:]))
