#!/usr/bin/python3
"""Independent com.victronenergy.BusItem conformance client (victron-dbus.md §1) for vedbus_fixture.

Run on a private bus: dbus-run-session -- /usr/bin/python3 test_busitem_conformance.py <vedbus_fixture>
Written against the protocol as python3-dbus and gdbus see it, not against the C++ library's code.
"""
import itertools
import os
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

import dbus
import dbus.mainloop.glib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'app'))
from daemon_support import run_until  # noqa: E402  (the shared helpers live with the daemon tests)

A = 'com.victronenergy.grid.pvrouter_fixture1'
B = 'com.victronenergy.grid.pvrouter_fixture2'
B_RENAMED = 'com.victronenergy.temperature.pvrouter_fixture2'
BUS_ITEM = 'com.victronenergy.BusItem'
UNKNOWN_OBJECT = 'org.freedesktop.DBus.Error.UnknownObject'
UNKNOWN_METHOD = 'org.freedesktop.DBus.Error.UnknownMethod'
INVALID = dbus.Array([], signature='i')
BURST_PATHS = {'/Burst/%d' % i for i in range(100)}

FIXTURE = None  # path of the fixture binary, from the command line
fresh = itertools.count(1000)  # values no path holds yet, so every write is a change


class BusItemConformance(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
        cls.bus = dbus.SessionBus()
        cls.owners = {}  # name -> latest owner, from NameOwnerChanged
        cls.bus.add_signal_receiver(cls._name_owner_changed, 'NameOwnerChanged', 'org.freedesktop.DBus',
                                    'org.freedesktop.DBus', '/org/freedesktop/DBus')
        cls.stderr = tempfile.TemporaryFile()
        cls.fixture = subprocess.Popen([FIXTURE], stderr=cls.stderr)
        try:
            for name in (A, B):
                if not cls.wait_owned(name, True):
                    raise RuntimeError('%s never appeared on the bus; fixture stderr:\n%s' % (name, cls.fixture_log()))
            cls.a_owner = cls.bus.get_name_owner(A)
            cls.signals = []  # (kind, path, payload) in arrival order, from A's connection only
            cls.bus.add_signal_receiver(cls._items_changed, 'ItemsChanged', BUS_ITEM, cls.a_owner, '/')
            cls.bus.add_signal_receiver(cls._properties_changed, 'PropertiesChanged', BUS_ITEM, cls.a_owner,
                                        path_keyword='path')
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.fixture.kill()
        cls.fixture.wait()
        cls.stderr.close()

    @classmethod
    def fixture_log(cls):
        cls.stderr.seek(0)
        return cls.stderr.read().decode(errors='replace')

    @classmethod
    def _name_owner_changed(cls, name, old, new):
        cls.owners[str(name)] = str(new)

    @classmethod
    def _items_changed(cls, changes):
        cls.signals.append(('ItemsChanged', '/', changes))

    @classmethod
    def _properties_changed(cls, changes, path):
        cls.signals.append(('PropertiesChanged', str(path), changes))

    @classmethod
    def wait_owned(cls, name, owned, timeout=10):
        # The receiver is already in place, so a change after this check is not missed.
        cls.owners[name] = cls.bus.get_name_owner(name) if cls.bus.name_has_owner(name) else ''
        run_until(lambda: bool(cls.owners[name]) == owned or cls.fixture.poll() is not None, timeout)
        return bool(cls.owners[name]) == owned

    # --- calls ---

    def item(self, path, service=A):
        return dbus.Interface(self.bus.get_object(service, path, introspect=False), BUS_ITEM)

    def get(self, path, service=A):
        return self.item(path, service).GetValue()

    def text(self, path, service=A):
        return self.item(path, service).GetText()

    def set(self, path, value):
        return self.item(path).SetValue(value, signature='v')

    def assertDbusError(self, name, call, *args, **kwargs):
        with self.assertRaises(dbus.exceptions.DBusException) as caught:
            call(*args, **kwargs)
        self.assertEqual(caught.exception.get_dbus_name(), name)

    def assertTyped(self, value, dbus_type, expected):
        self.assertIsInstance(value, dbus_type)
        self.assertEqual(value, expected)

    def assertEmptyArray(self, value, signature):
        self.assertIsInstance(value, dbus.Array)
        self.assertEqual(value.signature, signature)
        self.assertEqual(len(value), 0)

    def assertSetRefused(self, path, value, code):
        before = self.get(path)
        self.assertEqual(self.set(path, value), code)
        self.assertEqual(self.get(path), before)

    # --- signals ---

    def signals_caused_by(self, action):
        """The signals `action` makes A send: everything before the ItemsChanged of a later marker write,
        since one connection delivers its signals in order. The marker's own PropertiesChanged may come
        before its ItemsChanged, so it is dropped; /Test/LastWritten changes with the marker too."""
        self.sync()
        del self.signals[:]
        action()
        return [signal for signal in self.signals[:self.sync()] if signal[1] != '/Test/Marker']

    def sync(self):
        """Writes a fresh marker and waits for its ItemsChanged and PropertiesChanged; returns the index of
        that ItemsChanged in self.signals."""
        marker = next(fresh)
        self.assertEqual(self.set('/Test/Marker', marker), 0)

        def marker_index():
            for index, (kind, path, payload) in enumerate(self.signals):
                if kind == 'ItemsChanged' and payload.get('/Test/Marker', {}).get('Value') == marker:
                    return index
            return None

        def marker_leaf_seen():
            return any(k == 'PropertiesChanged' and p == '/Test/Marker' and c['Value'] == marker
                       for k, p, c in self.signals)

        arrived = run_until(lambda: marker_index() is not None and marker_leaf_seen(), 5)
        self.assertTrue(arrived, 'the signals of the marker write never arrived')
        return marker_index()

    @staticmethod
    def mentions(signals, path):
        return [s for s in signals if s[1] == path or (s[0] == 'ItemsChanged' and path in s[2])]

    # --- 1, 2: leaves ---

    def test_01_leaf_values_have_wire_types(self):
        self.assertTyped(self.get('/Value/Int'), dbus.Int32, 42)
        self.assertTyped(self.get('/Value/Int64'), dbus.Int64, 2 ** 40)
        self.assertTyped(self.get('/Value/Double'), dbus.Double, 12.345)
        self.assertTyped(self.get('/Value/Bool'), dbus.Boolean, True)
        self.assertTyped(self.get('/Value/String'), dbus.String, 'hello')
        values = self.get('/Value/List')
        self.assertIsInstance(values, dbus.Array)
        self.assertEqual(values.signature, 'v')
        self.assertEqual(list(values), [1, 'a', 2.5])
        for element, dbus_type in zip(values, (dbus.Int32, dbus.String, dbus.Double)):
            self.assertIsInstance(element, dbus_type)
        self.assertEmptyArray(self.get('/Value/EmptyList'), 'u')
        mapping = self.get('/Value/Map')
        self.assertIsInstance(mapping, dbus.Dictionary)
        self.assertEqual(mapping.signature, 'sv')
        self.assertEqual(dict(mapping), {'a': 1, 'b': 'x'})
        self.assertEmptyArray(self.get('/Value/Invalid'), 'i')

    def test_01_gdbus_sees_typed_empty_arrays(self):
        for path, expected in (('/Value/Invalid', '<@ai []>'), ('/Value/EmptyList', '<@au []>')):
            out = subprocess.run(['gdbus', 'call', '--session', '-d', A, '-o', path, '-m', BUS_ITEM + '.GetValue'],
                                 capture_output=True, text=True, timeout=10, check=True).stdout
            self.assertEqual(out.strip(), '(%s,)' % expected)

    def test_02_leaf_texts(self):
        for path, expected in (('/Value/Double', '12.35 kWh'), ('/Ac/Power', '1234 W'), ('/Ac/L1/Voltage', '230.1 V'),
                               ('/Value/Invalid', '---'), ('/ProductId', '0xB023')):
            self.assertTyped(self.text(path), dbus.String, expected)

    # --- 3, 4: nodes and GetItems ---

    def test_03_node_values_keyed_by_relative_path(self):
        ac = self.get('/Ac')
        self.assertIsInstance(ac, dbus.Dictionary)
        self.assertEqual(ac.signature, 'sv')
        self.assertEqual(dict(ac), {'Power': 1234, 'L1/Power': 1234.4, 'L1/Voltage': 230.06})
        root = self.get('/')
        self.assertEqual(root.signature, 'sv')
        self.assertEqual(root['Ac/L1/Power'], 1234.4)
        self.assertEmptyArray(root['Value/Invalid'], 'i')
        self.assertFalse([key for key in root if key.startswith('/')])

    def test_03_node_texts(self):
        texts = self.text('/Ac')
        self.assertIsInstance(texts, dbus.Dictionary)
        self.assertEqual(texts.signature, 'ss')
        self.assertEqual(dict(texts), {'Power': '1234 W', 'L1/Power': '1234 W', 'L1/Voltage': '230.1 V'})

    def test_04_get_items(self):
        items = self.item('/').GetItems()
        self.assertIsInstance(items, dbus.Dictionary)
        self.assertEqual(items.signature, 'sa{sv}')
        self.assertEqual(set(items), {'/' + key for key in self.get('/')})
        # 11 mandatory, 9 /Value, 3 /Ac, 5 /Write, 100 /Burst, 4 /Test: a path missing from both is caught too.
        self.assertEqual(len(items), 132)
        for path, entry in items.items():
            self.assertEqual(entry.signature, 'sv', path)
            self.assertLessEqual({'Value', 'Text'}, set(entry), path)
        self.assertEqual(items['/Ac/Power']['Text'], '1234 W')
        self.assertEqual(set(items['/Ac/Power']), {'Value', 'Text'})
        write_int = items['/Write/Int']
        self.assertEqual((write_int['Min'], write_int['Max'], write_int['Default']), (0, 10, 3))

    def test_05_mandatory_paths(self):
        expected = {'/Mgmt/ProcessName': 'vedbus_fixture', '/Mgmt/ProcessVersion': '1.0', '/Mgmt/Connection': 'test',
                    '/DeviceInstance': 30, '/ProductId': 0xB023, '/ProductName': 'Fixture',
                    '/FirmwareVersion': 'v1.2', '/Connected': 1, '/CustomName': '', '/Serial': 'F1'}
        for path, value in expected.items():
            self.assertEqual(self.get(path), value, path)
        self.assertIsInstance(self.get('/DeviceInstance'), dbus.Int32)
        self.assertEmptyArray(self.get('/HardwareVersion'), 'i')

    # --- 6, 7: metadata and errors ---

    def test_06_description_and_limits(self):
        write_int = self.item('/Write/Int')
        self.assertEqual(write_int.GetDescription('en', 0, signature='si'), 'An integer from 0 to 10')
        self.assertTyped(write_int.GetMin(), dbus.Int32, 0)
        self.assertTyped(write_int.GetMax(), dbus.Int32, 10)
        self.assertTyped(write_int.GetDefault(), dbus.Int32, 3)
        self.assertDbusError(UNKNOWN_METHOD, self.item('/Ac/Power').GetMin)

    def test_07_errors(self):
        self.assertDbusError(UNKNOWN_OBJECT, self.get, '/No/Such/Path')
        self.assertDbusError(UNKNOWN_METHOD, self.set, '/Ac', 1)
        self.assertDbusError(UNKNOWN_METHOD, self.item('/Ac').GetItems)

    # --- 8: SetValue ---

    def test_08_refused_writes(self):
        self.assertSetRefused('/Ac/Power', 1, 1)
        self.assertSetRefused('/Write/Int', 'x', 1)
        self.assertSetRefused('/Write/Int', 2.5, 1)
        self.assertSetRefused('/Write/Int', 11, 2)
        self.assertSetRefused('/Write/Even', 3, 2)

    def test_08_accepted_writes(self):
        self.assertEqual(self.set('/Write/Even', 4), 0)
        self.assertTyped(self.get('/Write/Even'), dbus.Int32, 4)
        self.assertEqual(self.set('/Write/Int', 7), 0)
        self.assertTyped(self.get('/Write/Int'), dbus.Int32, 7)
        self.assertEqual(self.get('/Test/LastWritten'), '/Write/Int=7')
        self.assertEqual(self.set('/Write/String', 'xyz'), 0)
        self.assertEqual(self.get('/Write/String'), 'xyz')
        self.assertEqual(self.get('/Test/LastWritten'), '/Write/String=xyz')

    def test_08_writes_are_coerced(self):
        self.assertEqual(self.set('/Write/Int', dbus.Double(8.0)), 0)
        self.assertTyped(self.get('/Write/Int'), dbus.Int32, 8)
        self.assertEqual(self.get('/Test/LastWritten'), '/Write/Int=8')
        self.assertEqual(self.set('/Write/Double', 3), 0)
        self.assertTyped(self.get('/Write/Double'), dbus.Double, 3.0)

    def test_08_writing_invalid(self):
        self.assertEqual(self.set('/Write/Any', next(fresh)), 0)
        self.assertEqual(self.set('/Write/Any', INVALID), 0)
        self.assertEmptyArray(self.get('/Write/Any'), 'i')
        self.assertEqual(self.text('/Write/Any'), '---')

    # --- 9: signals ---

    def test_09a_burst_is_one_items_changed(self):
        n = next(fresh)
        signals = self.signals_caused_by(lambda: self.assertEqual(self.set('/Test/Burst', n), 0))
        batches = [payload for kind, _, payload in signals if kind == 'ItemsChanged']
        self.assertEqual(len(batches), 1, 'ItemsChanged signals before the marker: %d' % len(batches))
        batch = batches[0]
        self.assertEqual(batch.signature, 'sa{sv}')
        self.assertEqual(set(batch), BURST_PATHS | {'/Test/Burst', '/Test/LastWritten'})
        for path in BURST_PATHS:
            self.assertEqual(dict(batch[path]), {'Value': n, 'Text': str(n)}, path)
        self.assertEqual(batch['/Test/LastWritten']['Value'], '/Test/Burst=%d' % n)
        # /Test/LastWritten may also carry the marker's write, so only the other leaves are counted exactly.
        leaves = [(path, payload) for kind, path, payload in signals
                  if kind == 'PropertiesChanged' and path != '/Test/LastWritten']
        self.assertEqual(sorted(path for path, _ in leaves), sorted(BURST_PATHS | {'/Test/Burst'}))
        for path, payload in leaves:
            self.assertEqual(payload.signature, 'sv')
            self.assertEqual(dict(payload), {'Value': n, 'Text': str(n)}, path)

    def test_09b_unchanged_write_sends_nothing(self):
        current = self.get('/Write/Int')
        signals = self.signals_caused_by(lambda: self.assertEqual(self.set('/Write/Int', current), 0))
        self.assertEqual(self.mentions(signals, '/Write/Int'), [])
        # The same sequence with a real change must show up, or the check above proves nothing.
        changed = self.signals_caused_by(lambda: self.assertEqual(self.set('/Write/Int', 1 if current != 1 else 2), 0))
        self.assertEqual(len(self.mentions(changed, '/Write/Int')), 2)

    def test_09c_invalidation_signal(self):
        self.assertEqual(self.set('/Write/Any', next(fresh)), 0)
        signals = self.signals_caused_by(lambda: self.assertEqual(self.set('/Write/Any', INVALID), 0))
        batches = [payload['/Write/Any'] for kind, _, payload in signals
                   if kind == 'ItemsChanged' and '/Write/Any' in payload]
        self.assertEqual(len(batches), 1)
        self.assertEmptyArray(batches[0]['Value'], 'i')
        self.assertEqual(batches[0]['Text'], '---')
        leaf = [payload for kind, path, payload in signals if kind == 'PropertiesChanged' and path == '/Write/Any']
        self.assertEqual(len(leaf), 1)
        self.assertEmptyArray(leaf[0]['Value'], 'i')
        self.assertEqual(leaf[0]['Text'], '---')

    # --- 10-12: services and names ---

    def test_10_second_service_in_same_process(self):
        self.assertTyped(self.get('/Temperature', B), dbus.Double, 21.5)
        items = self.item('/', B).GetItems()
        self.assertEqual(set(items), {'/DeviceInstance', '/Temperature'})
        self.assertEqual(items['/Temperature']['Text'], '21.5 °C')
        self.assertEqual(items['/DeviceInstance']['Value'], 31)
        self.assertNotEqual(self.bus.get_name_owner(A), self.bus.get_name_owner(B))
        daemon = dbus.Interface(self.bus.get_object('org.freedesktop.DBus', '/org/freedesktop/DBus'),
                                'org.freedesktop.DBus')
        pids = {name: daemon.GetConnectionUnixProcessID(name) for name in (A, B)}
        self.assertEqual(pids, {A: self.fixture.pid, B: self.fixture.pid})

    def test_12_taken_name_exits_with_error(self):
        second = subprocess.run([FIXTURE, '--service', A], capture_output=True, text=True, timeout=10)
        self.assertEqual(second.returncode, 1)
        self.assertIn(A, second.stderr)
        self.assertEqual(self.bus.get_name_owner(A), self.a_owner)

    # --- 13: introspection ---

    def gdbus_introspect(self, path):
        result = subprocess.run(['gdbus', 'introspect', '--session', '-d', A, '-o', path],
                                capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 0, result.stderr)
        # Only our interface's block: org.freedesktop.DBus.Properties has a PropertiesChanged of its own.
        block = re.search(r'^  interface %s \{\n(.*?)^  \};' % re.escape(BUS_ITEM), result.stdout, re.M | re.S)
        self.assertIsNotNone(block, result.stdout)
        return result.stdout, set(re.findall(r'^      (\w+)\(', block.group(1), re.M))

    def test_13_introspection(self):
        out, members = self.gdbus_introspect('/')
        self.assertLessEqual({'GetValue', 'GetText', 'GetItems', 'ItemsChanged'}, members)
        self.assertRegex(out, r'(?m)^  node Ac \{')
        _, members = self.gdbus_introspect('/Ac/Power')
        self.assertEqual(members, {'GetValue', 'GetText', 'SetValue', 'GetDescription', 'PropertiesChanged'})
        _, members = self.gdbus_introspect('/Write/Int')
        self.assertLessEqual({'GetMin', 'GetMax', 'GetDefault'}, members)
        xml = self.bus.get_object(A, '/', introspect=False).Introspect(
            dbus_interface='org.freedesktop.DBus.Introspectable')
        root = ElementTree.fromstring(xml)
        children = {node.get('name') for node in root.findall('node')}
        self.assertLessEqual({'Ac', 'Value', 'Write', 'Mgmt', 'Burst'}, children)

    # --- 11: last, because it renames B ---

    def test_99_role_change_renames_second_service(self):
        self.assertEqual(self.set('/Test/Role', 'temperature'), 0)
        self.assertTrue(self.wait_owned(B, False), '%s was not released' % B)
        self.assertTrue(self.wait_owned(B_RENAMED, True), '%s did not appear' % B_RENAMED)
        self.assertTyped(self.get('/Temperature', B_RENAMED), dbus.Double, 21.5)
        self.assertEqual(self.bus.get_name_owner(A), self.a_owner)


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: %s <vedbus_fixture>' % sys.argv[0])
    FIXTURE = sys.argv.pop(1)
    unittest.main(argv=[sys.argv[0]], verbosity=2)
