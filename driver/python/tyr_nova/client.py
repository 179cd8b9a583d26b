"""HTTP to the shim. An error reply names a nova.exception class (`type`); the same class is
raised here with the shim's message, so this module holds no logic of its own."""

import requests

from nova import exception


class ShimClient(object):
    def __init__(self, url, timeout, username=None, password=None):
        self.url = url.rstrip('/')
        self.timeout = timeout
        self.session = requests.Session()
        if username:
            self.session.auth = (username, password or '')
        # A proxy from the environment must not sit between nova-compute and the shim.
        self.session.trust_env = False

    def call(self, method, path, body=None, params=None, timeout=None):
        try:
            res = self.session.request(method, self.url + path, json=body,
                                       params=params,
                                       timeout=timeout or self.timeout)
        except requests.RequestException as e:
            raise exception.HypervisorUnavailable(
                host='Tyr shim at %s (%s)' % (self.url, e))
        if res.status_code >= 400:
            raise self._error(res)
        if res.status_code == 204 or not res.content:
            return None
        return res.json()

    @staticmethod
    def _error(res):
        try:
            err = res.json()['error']
            kind, message = err['type'], err['message']
        except (ValueError, KeyError, TypeError):
            kind, message = 'NovaException', 'HTTP %s: %s' % (
                res.status_code, res.text[:500])
        cls = getattr(exception, kind, None)
        if not (isinstance(cls, type) and
                issubclass(cls, exception.NovaException)):
            cls = (exception.NotFound if res.status_code == 404
                   else exception.NovaException)
        return cls(message=message)
