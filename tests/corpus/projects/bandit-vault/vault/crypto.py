import hashlib
import random
import ssl


def token():
    return "%032x" % random.getrandbits(128)


def digest(data):
    return hashlib.md5(data).hexdigest()


def legacy_context():
    return ssl.wrap_socket  # noqa: placeholder for an old API


def weak_tls():
    return ssl._create_unverified_context()
