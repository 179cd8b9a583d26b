"""`nova boot` and the instance actions a cloud user runs, through Nova's API, scheduler,
Placement and compute manager, onto Tyr's fake-hardware nodes: the same scenarios for both
compute drivers (see base.py)."""

from nova_boot import base


class BootScenarios:
    """The scenario list; mixed into one concrete class per compute driver."""

    def test_create_lands_on_a_matching_node_then_delete_frees_it(self):
        flavor = self._gold_flavor()
        server = self._boot(flavor)

        node_uuid = self._node_of(server)
        self.assertIn(node_uuid, [n['uuid'] for n in base.schedulable_nodes()])
        node = base.tyr_node(node_uuid)
        self.assertEqual('active', node['provision_state'])
        self.assertEqual(server['id'], node['instance_uuid'])
        allocations = self._get_allocations_by_server_uuid(server['id'])
        self.assertEqual({node_uuid: {'resources': {base.RESOURCE_CLASS: 1}}},
                         {rp: {'resources': a['resources']} for rp, a in allocations.items()})

        self._delete_and_wait(server)
        self.assertEqual({}, self._get_allocations_by_server_uuid(server['id']))


class TyrDriverBootTest(base.NovaBootTestBase, BootScenarios):
    DRIVER = 'tyr'


class IronicDriverBootTest(base.NovaBootTestBase, BootScenarios):
    DRIVER = 'ironic'
