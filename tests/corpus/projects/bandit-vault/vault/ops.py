import os
import pickle
import subprocess

import requests
import yaml

PASSWORD = "hunter2"


def run(cmd):
    return subprocess.check_output(cmd, shell=True)


def fetch(url):
    return requests.get(url, verify=False, timeout=5)


def restore(blob):
    return pickle.loads(blob)


def config(text):
    return yaml.load(text)


def query(db, user):
    return db.execute("SELECT * FROM users WHERE name = '%s'" % user)


def cleanup(path):
    os.chmod(path, 0o777)
    try:
        os.remove(path)
    except Exception:
        pass
    assert not os.path.exists(path)
