"Package metadata, read from settings.ini (edit there, not here)."
from configparser import ConfigParser
import setuptools

config = ConfigParser(delimiters=['='])
config.read('settings.ini', encoding='utf-8')
cfg = config['DEFAULT']

def _reqs(key):
    "Whitespace-separated requirements from `settings.ini` (markers keep their quotes)."
    return cfg.get(key, '').split()

licenses = {'apache2': ('Apache Software License 2.0', 'OSI Approved :: Apache Software License')}
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable']
lic = licenses[cfg['license']]
extras = {'tf': _reqs('tf_requirements'), 'gpu': _reqs('gpu_requirements'), 'kaggle': _reqs('kaggle_requirements'), 'sentence': _reqs('sentence_requirements'),
          'dask': _reqs('dask_requirements'), 'dev': _reqs('dev_requirements')}

setuptools.setup(
    name=cfg['lib_name'], version=cfg['version'], description=cfg['description'],
    keywords=cfg['keywords'], author=cfg['author'], author_email=cfg['author_email'],
    license=lic[0], url=cfg['git_url'],
    classifiers=['Development Status :: ' + statuses[int(cfg['status'])],
                 'Intended Audience :: ' + cfg['audience'].title(),
                 'License :: ' + lic[1], 'Natural Language :: ' + cfg['language'].title(),
                 'Programming Language :: Python :: 3'],
    packages=setuptools.find_packages(include=['music_clust', 'music_clust.*']),
    include_package_data=True,
    install_requires=_reqs('requirements'),
    extras_require=extras,
    python_requires='>=' + cfg['min_python'],
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    zip_safe=False,
    entry_points={'console_scripts': cfg.get('console_scripts', '').split(),
                  'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]},
)
