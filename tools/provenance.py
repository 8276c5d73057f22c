"""What produced each stored output, and whether the code behind it has changed since.

A stored output is an executed tutorial, `nbs/index.ipynb`, or a file under `benchmarks/`. `provenance.json` records,
for each, a fingerprint of the package code its producer (the notebook, or the benchmark script) reaches, per module,
taken when it was produced. What it reaches: every top-level definition (function, class, constant, default) whose
name the producer mentions, then every one those mention, and so on (by name, so more rather than less). A
definition's fingerprint is its syntax tree without docstrings: a comment, a line break or a docstring does not make
an output stale; a changed default, constant or line of code that it reaches does. Modules that only present numbers
(`NUMBERLESS`) are left out.

    python tools/provenance.py status              # what is stale, and which modules changed
    python tools/provenance.py rerun [OUTPUT ...]  # re-execute stale notebooks (all stale ones by default), then record
    python tools/provenance.py record OUTPUT ...   # stamp outputs you have just produced (a benchmark you re-ran)
    python tools/provenance.py acknowledge [OUTPUT ...] --why TEXT  # list stale outputs knowingly kept, and why
    python tools/provenance.py seed                # the first record: each output's hashes at the commit that last
                                                   # changed it (for a notebook, its outputs), read from git

`tests/test_provenance.py` fails when an output is stale and not acknowledged in `tests/stale_outputs.json`.
"""
import ast, functools, hashlib, json, re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = 'music_clust'
RECORD = ROOT/'provenance.json'
ACKNOWLEDGED = ROOT/'tests'/'stale_outputs.json'
NUMBERLESS = frozenset({'report', 'plots', 'maps', 'listen', 'results', 'interrupt', '_modidx', '__main__'})  # render only
NOTEBOOKS = ('nbs/index.ipynb', 'nbs/tutorials/10_easy.ipynb', 'nbs/tutorials/11_medium.ipynb', 'nbs/tutorials/12_hard.ipynb')
OUTPUT_KINDS = ('.txt', '.md', '.csv')  # under benchmarks/: what a benchmark writes (its README aside)


def _without_docstrings(tree):
    for node in ast.walk(tree):
        body = getattr(node, 'body', None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str): node.body = body[1:] or [ast.Pass()]
    return tree


def definitions(src:str) -> dict[str, ast.AST]:
    "A module's top-level definitions by name: functions, classes and assigned names (constants, tables, defaults)"
    found = {}
    for node in _without_docstrings(ast.parse(src)).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): found[node.name] = node
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        found |= {n.id: node for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return found


def names_in(node) -> set[str]:
    "Every name a piece of code mentions: variables, attributes, and strings that are a name (a registry's key may be one)"
    words = {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.isidentifier()}
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | \
           {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)} | words


@functools.lru_cache(maxsize=None)
def module_index(module:str, src:str) -> dict[tuple[str, str], tuple[str, set[str]]]:
    "(module, name) -> (hash of its code, the names it mentions), for each top-level definition of one module"
    return {(module, name): (hashlib.sha1(ast.dump(node).encode()).hexdigest()[:12], names_in(node))
            for name, node in definitions(src).items()}


def index(sources:dict[str, str]) -> dict[tuple[str, str], tuple[str, set[str]]]:
    "Every number-making definition of the package: `module_index` of each module but the `NUMBERLESS`"
    return {k: v for m, src in sources.items() if m not in NUMBERLESS for k, v in module_index(m, src).items()}


def used(start:set[str], idx:dict) -> set[tuple[str, str]]:
    "Every definition reached from the names `start` mentions, following the names each definition mentions"
    by_name = {}
    for key in idx: by_name.setdefault(key[1], []).append(key)
    seen, todo = set(), [k for n in start for k in by_name.get(n, [])]
    while todo:
        k = todo.pop()
        if k not in seen: seen.add(k); todo += [j for n in idx[k][1] for j in by_name.get(n, [])]
    return seen


def package_sources(read=lambda p: (ROOT/p).read_text(), names=None) -> dict[str, str]:
    "Module name -> source of every package module (read from the working tree unless `read` says otherwise)"
    names = names or [p.stem for p in (ROOT/PACKAGE).glob('*.py')]
    return {n: read(f'{PACKAGE}/{n}.py') for n in sorted(names)}


def code_of(path:Path) -> str:
    "The Python a producer runs: a notebook's code cells (magics and shell lines left out), or a script"
    if path.suffix != '.ipynb': return path.read_text()
    cells = [''.join(c['source']) for c in json.loads(path.read_text())['cells'] if c['cell_type'] == 'code']
    return '\n'.join(l for c in cells for l in c.splitlines() if not l.lstrip().startswith(('%', '!')))


def producer(output:str) -> Path:
    "What made an output: a notebook itself; a benchmark file's script (named on its first line, or of the same stem); else the CLI"
    path = ROOT/output
    if path.suffix == '.ipynb': return path
    head = path.read_text(errors='replace').split('\n', 1)[0]
    named = re.search(r'benchmarks/([\w-]+)\.py', head)
    script = ROOT/'benchmarks'/f'{named[1] if named else path.stem}.py'
    return script if script.exists() else ROOT/PACKAGE/'cli.py'


def fingerprint(output:str, sources:dict[str, str]) -> dict[str, str]:
    "Module -> one hash of the definitions of it that the output's producer reaches (its code, constants and defaults)"
    made_by, idx = producer(output), index(sources)
    start = names_in(ast.parse(code_of(made_by)))
    if made_by.parent.name == PACKAGE: start |= set(definitions(sources[made_by.stem]))
    keys = sorted(used(start, idx))
    mods = dict.fromkeys(m for m, _ in keys)
    return {m: hashlib.sha1(' '.join(f'{n}:{idx[m, n][0]}' for mm, n in keys if mm == m).encode()).hexdigest()[:12] for m in mods}


def outputs() -> list[str]:
    "Every stored output this record covers"
    bench = [str(p.relative_to(ROOT)) for p in sorted((ROOT/'benchmarks').rglob('*'))
             if p.suffix in OUTPUT_KINDS and p.name != 'README.md']
    return [*NOTEBOOKS, *bench]


def stamp(output:str, sources:dict[str, str], commit:str) -> dict:
    "The record of one output: its producer's modules and their hashes"
    return {'commit': commit, 'modules': fingerprint(output, sources)}


def changed(recorded:dict[str, str], now:dict[str, str]) -> dict[str, str]:
    "Module -> its fingerprint now, for each module whose definitions behind an output differ from the record ('none': no longer used)"
    return {m: now.get(m, 'none') for m in recorded.keys() | now.keys() if recorded.get(m) != now.get(m)}


def stale(record:dict, sources=None) -> dict[str, dict[str, str]]:
    "Output -> its changed modules, for every recorded output whose code changed since it was produced"
    sources = sources or package_sources()
    return {o: c for o, e in record.items() if (c := changed(e['modules'], fingerprint(o, sources)))}


def git(*args) -> str: return subprocess.run(['git', *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def outputs_at(commit:str, path:str) -> str:
    "A notebook's outputs at a commit, as text (empty if it did not exist)"
    try: cells = json.loads(git('show', f'{commit}:{path}') or '{"cells": []}')['cells']
    except json.JSONDecodeError: return ''
    return json.dumps([c.get('outputs', []) for c in cells])


def produced_at(output:str) -> str:
    "The commit that last changed an output (for a notebook: the last that changed its cells' outputs)"
    commits = git('log', '--format=%H', '--', output).split()
    if not output.endswith('.ipynb'): return commits[0]
    return next((c for c in commits if outputs_at(c, output) != outputs_at(f'{c}^', output)), commits[-1])


def sources_at(commit:str) -> dict[str, str]:
    names = [Path(p).stem for p in git('ls-tree', '--name-only', commit, f'{PACKAGE}/').split() if p.endswith('.py')]
    return package_sources(lambda p: git('show', f'{commit}:{p}'), names)


def load() -> dict: return json.loads(RECORD.read_text()) if RECORD.exists() else {}


def save(record:dict): RECORD.write_text(json.dumps(dict(sorted(record.items())), indent=1) + '\n')


def seed():
    "The first record, from git: each output stamped with the code of the commit that produced it"
    record = load()
    for o in outputs():
        if o in record: continue
        c = produced_at(o)
        record[o] = stamp(o, sources_at(c), c[:7])
        print(f'{o}: produced at {c[:7]}')
    save(record)


def record_now(paths:list[str]):
    "Stamp outputs just produced with the working tree's code"
    record, sources, head = load(), package_sources(), git('rev-parse', '--short', 'HEAD')
    for o in paths: record[o] = stamp(o, sources, f'{head}+')
    save(record)


def execute(notebook:str):
    "Run a notebook top to bottom in its own folder, outputs written into it, then cleaned as nbdev commits them"
    path = ROOT/notebook
    subprocess.run([sys.executable, '-m', 'jupyter', 'nbconvert', '--to', 'notebook', '--execute', '--inplace',
                    '--ExecutePreprocessor.timeout=-1', path.name], cwd=path.parent, check=True)
    subprocess.run(['nbdev_clean', '--fname', str(path)], cwd=ROOT, check=True)


def status() -> int:
    found = stale(load())
    for o, mods in found.items(): print(f'{o}: stale ({", ".join(mods)} changed since it was produced)')
    missing = [o for o in outputs() if o not in load()]
    for o in missing: print(f'{o}: no record (stamp it with `record` after producing it)')
    print(f'{len(found)} stale, {len(missing)} unrecorded, of {len(outputs())} outputs')
    return 1 if found or missing else 0


def acknowledge(args:list[str]):
    "List outputs as knowingly stale, with why, in tests/stale_outputs.json: `acknowledge OUTPUT ... --why TEXT`"
    i = args.index('--why')
    paths, why = args[:i] or list(stale(load())), ' '.join(args[i + 1:])
    known, found = json.loads(ACKNOWLEDGED.read_text()) if ACKNOWLEDGED.exists() else {}, stale(load())
    known |= {o: {'changed': dict(sorted(found[o].items())), 'why': why} for o in paths if o in found}
    ACKNOWLEDGED.write_text(json.dumps({o: known[o] for o in sorted(known) if o in found}, indent=1, ensure_ascii=False) + '\n')


def rerun(paths:list[str]):
    "Re-execute the stale notebooks (or those named) and record them; print the commands of stale benchmark outputs"
    found = stale(load())
    for o in paths or found:
        if o.endswith('.ipynb'): print(f'executing {o}', flush=True); execute(o); record_now([o])
        else: print(f'{o}: re-run `{(ROOT/o).read_text().split(chr(10), 1)[0]}`, then `record {o}`')


if __name__ == '__main__':
    cmd, *args = sys.argv[1:] or ['status']
    if cmd == 'status': sys.exit(status())
    {'seed': lambda a: seed(), 'record': record_now, 'rerun': rerun, 'acknowledge': acknowledge}[cmd](args)
