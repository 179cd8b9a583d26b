"""nova.virt.tyr_nova: what nova-compute imports for compute_driver = tyr_nova.TyrDriver.

Nova loads compute drivers only from its own package (load_compute_driver imports
'nova.virt.<compute_driver>'), so this file is linked into nova/virt/ on the compute host:

    ln -s /opt/tyr/driver/python/nova_virt/tyr_nova.py \\
          /usr/lib/python3/dist-packages/nova/virt/tyr_nova.py

The driver itself stays in the top-level tyr_nova package.
"""

from tyr_nova.driver import TyrDriver  # noqa: F401
