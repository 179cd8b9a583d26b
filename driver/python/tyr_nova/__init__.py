"""Nova virt driver for Tyr: nova-compute loads it with compute_driver=tyr_nova.TyrDriver."""

from tyr_nova.driver import TyrDriver  # noqa: F401
