"""The [tyr] options of nova.conf: where the Tyr shim listens, how nova-compute logs in to it
and how long calls may take."""

from oslo_config import cfg

tyr_group = cfg.OptGroup('tyr', title='Tyr bare-metal options',
                         help='How nova-compute reaches the Tyr Nova shim '
                              '(`tyr nova-shim`).')

tyr_opts = [
    cfg.StrOpt('shim_url', default='http://127.0.0.1:6386',
               help='URL of the Tyr Nova shim.'),
    cfg.StrOpt('username',
               help='User nova-compute logs in to the shim as (HTTP Basic), '
                    'when the shim runs with --auth-strategy http_basic. '
                    'Unset: no credentials are sent (a shim with noauth on '
                    'loopback).'),
    cfg.StrOpt('password', secret=True,
               help='Password of [tyr] username.'),
    cfg.IntOpt('api_timeout', default=900, min=1,
               help='Seconds a power, rescue or listing call may take.'),
    cfg.IntOpt('deploy_timeout', default=3600, min=0,
               help='Seconds spawn and rebuild wait for the node to become '
                    'active (0: the shim\'s own limit).'),
]


def register(conf):
    conf.register_group(tyr_group)
    conf.register_opts(tyr_opts, group=tyr_group)
