#!/usr/bin/python3
"""dbus-pvrouter running Shelly energy meters from its config file, against simulated meters in another process
(http_sim_tool: real HTTP servers on loopback), read by an independent D-Bus client (python3-dbus) on the private
bus of dbus-run-session: values, roles, identity, and on every fault /Connected 0 with every value invalid within
two polls, then back by itself. Usage: test_daemon_http.py PATH_TO_DBUS_PVROUTER PATH_TO_HTTP_SIM_TOOL"""
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import dbus

import daemon_support
from daemon_support import TIMEOUT, DaemonTest, Sim, run_until

GRID = 'com.victronenergy.grid.pvrouter_grid'
LOAD = 'com.victronenergy.acload.pvrouter_heatpump'
PV = 'com.victronenergy.pvinverter.pvrouter_roof'
FAULTS = ('silent', 'slow', '401', '500', 'truncated', 'malformed', 'types')


def invalid(value):
    """Victron's invalid: an empty `ai`."""
    return isinstance(value, dbus.Array) and value.signature == 'i' and len(value) == 0


class HttpDevices(DaemonTest):
    """One http_sim_tool (self.sim) serving simulated Shelly meters; the daemon's log in self.log."""

    def setUp(self):  # no Modbus endpoint to open, unlike DaemonTest's
        self.dir = tempfile.TemporaryDirectory()
        self.sim = Sim()
        self.daemon = None
        self.log = os.path.join(self.dir.name, 'daemon.log')

    def start(self, config):
        with open(self.log, 'w') as log:
            self.daemon = subprocess.Popen([daemon_support.DAEMON, '--dbus', 'session', '--settings', 'embedded',
                                            '--data-dir', self.dir.name, '--config', config], stderr=log)

    def logged(self):
        with open(self.log) as log:
            return log.read()

    def meter(self, name, model):
        port = int(self.sim(f'add {name} {model}').split()[1])
        for channel in range(3 if model in ('3em', 'pro3em') else 2):
            self.sim(f'set {name} {channel} voltage {230.5 + channel}')
            self.sim(f'set {name} {channel} current {2 + channel}')
            self.sim(f'set {name} {channel} power {(channel + 1) * 100.5}')
            self.sim(f'set {name} {channel} import {(channel + 1) * 1234.5}')
            self.sim(f'set {name} {channel} export {(channel + 1) * 10}')
        return port

    def test_three_models_as_victron_services(self):
        em = self.meter('em', 'em')
        self.sim('credentials em admin pa55word')
        self.sim('set em 0 power -1500.25')  # exporting
        proem = self.meter('proem', 'proem')
        pro3em = self.meter('pro3em', 'pro3em')
        self.start(self.config(f'''
[device.grid]
type = shelly
url = http://127.0.0.1:{em}
username = admin
password = pa55word
poll = 250ms

[device.heatpump]
type = shelly
url = http://127.0.0.1:{proem}/
channel = 1
role = acload
position = 1
name = Heat pump
poll = 250ms

[device.roof]
type = shelly
url = http://127.0.0.1:{pro3em}
role = pvinverter
'''))
        self.assertEqual(self.value_when(GRID, '/Connected', lambda v: v == 1), 1)
        self.assertEqual(self.get(GRID, '/Ac/Power'), -1500.25)
        self.assertEqual(self.get(GRID, '/Ac/L1/Power', 'GetText'), '-1500 W')
        self.assertEqual(self.get(GRID, '/Ac/L1/Voltage', 'GetText'), '230.5 V')
        self.assertEqual(self.get(GRID, '/Ac/Energy/Forward'), 1.2345)  # Wh on the wire, kWh on D-Bus
        self.assertEqual(self.get(GRID, '/Ac/Energy/Reverse'), 0.01)
        self.assertEqual(self.get(GRID, '/ProductName'), 'Shelly EM')
        self.assertEqual(self.get(GRID, '/Serial'), 'A4CF12B9F355')
        self.assertEqual(self.get(GRID, '/FirmwareVersion'), '20230913-114150/v1.14.0-gcb84623')
        self.assertEqual(self.get(GRID, '/Mgmt/Connection'), f'HTTP http://127.0.0.1:{em}')
        self.assertEqual(self.get(GRID, '/Role'), 'grid')
        self.assertEqual(list(self.get(GRID, '/AllowedRoles')), ['grid', 'acload', 'pvinverter'])
        self.assertEqual(self.get(GRID, '/NrOfPhases'), 1)
        self.assertEqual(self.get(GRID, '/DeviceInstance'), 40)
        with self.assertRaises(dbus.exceptions.DBusException):
            self.get(GRID, '/Position')  # a grid meter has none

        self.assertEqual(self.value_when(LOAD, '/Connected', lambda v: v == 1), 1)
        self.assertEqual(self.get(LOAD, '/Ac/Power'), 201.0)  # channel 1
        self.assertEqual(self.get(LOAD, '/Ac/L1/Current'), 3.0)
        self.assertEqual(self.get(LOAD, '/Position'), 1)
        self.assertEqual(self.get(LOAD, '/CustomName'), 'Heat pump')
        self.assertEqual(self.get(LOAD, '/IsGenericEnergyMeter'), 1)
        self.assertEqual(self.get(LOAD, '/ProductName'), 'Shelly Pro EM')
        self.assertEqual(self.get(LOAD, '/Mgmt/Connection'), f'HTTP http://127.0.0.1:{proem} channel 1')

        self.assertEqual(self.value_when(PV, '/Connected', lambda v: v == 1), 1)
        self.assertEqual(self.get(PV, '/NrOfPhases'), 3)
        self.assertEqual(self.get(PV, '/Ac/Power'), 100.5 + 201 + 301.5)
        self.assertEqual(self.get(PV, '/Ac/L2/Power'), 201.0)
        self.assertEqual(self.get(PV, '/Ac/L3/Voltage'), 232.5)
        self.assertEqual(self.get(PV, '/Ac/L3/Energy/Forward'), 3.7035)
        self.assertEqual(self.get(PV, '/Ac/Energy/Forward'), 7.407)
        self.assertEqual(self.get(PV, '/Ac/Frequency'), 50.0)
        self.assertEqual(self.get(PV, '/Position'), 0)
        self.assertEqual(self.get(PV, '/DeviceInstance'), 20)
        items = self.get(PV, '/', 'GetItems')
        for path in ('/Ac/L1/Power', '/Ac/L2/Power', '/Ac/L3/Power', '/Ac/L3/Current'):
            self.assertIn(path, items)

        self.sim('set pro3em 2 power -42')
        self.value_when(PV, '/Ac/L3/Power', lambda v: v == -42.0)
        self.daemon.send_signal(signal.SIGTERM)
        self.assertEqual(self.daemon.wait(timeout=TIMEOUT), 0)
        self.assertNotIn('pa55word', self.logged())

    def lost_within_two_polls(self, service, sim, poll_s, paths):
        """Sets each fault on `sim`: /Connected must be 0 and every path invalid within two failed polls (which
        start at most one period after the fault), then back with the value of now once the fault ends."""
        for n, fault in enumerate(FAULTS):
            with self.subTest(fault=fault):
                self.sim(f'fault {sim} {fault}')
                began = time.monotonic()
                self.value_when(service, '/Connected', lambda v: v == 0)
                elapsed = time.monotonic() - began
                self.assertLess(elapsed, 3 * poll_s + 0.75, f'{fault}: lost after {elapsed:.2f} s')
                for path in paths:
                    self.assertTrue(invalid(self.get(service, path)), f'{fault}: {path} is not invalid')
                    self.assertEqual(self.get(service, path, 'GetText'), '---')
                self.sim(f'set {sim} 0 power {1000 + n}')
                self.sim(f'fault {sim} none')
                self.value_when(service, '/Ac/L1/Power', lambda v: v == 1000 + n)
                self.assertEqual(self.get(service, '/Connected'), 1)
        self.assertIsNone(self.daemon.poll())

    def test_each_fault_on_a_pro3em(self):
        port = self.meter('m', 'pro3em')
        self.sim('slow m 3000')
        self.start(self.config(f'[device.grid]\ntype = shelly\nurl = http://127.0.0.1:{port}\npoll = 500ms\n'))
        self.value_when(GRID, '/Connected', lambda v: v == 1)
        self.lost_within_two_polls(GRID, 'm', 0.5, ('/Ac/Power', '/Ac/L1/Power', '/Ac/L2/Voltage', '/Ac/L3/Current',
                                                    '/Ac/Energy/Forward', '/Ac/L2/Energy/Reverse', '/Ac/Frequency'))

    def test_each_fault_on_a_gen1_em_with_credentials(self):
        port = self.meter('m', 'em')
        self.sim('credentials m admin secret')
        self.sim('keepalive m 0')
        self.sim('slow m 3000')
        self.start(self.config(f'[device.grid]\ntype = shelly\nurl = http://127.0.0.1:{port}\nusername = admin\n'
                               f'password = secret\npoll = 500ms\n'))
        self.value_when(GRID, '/Connected', lambda v: v == 1)
        self.lost_within_two_polls(GRID, 'm', 0.5, ('/Ac/Power', '/Ac/L1/Power', '/Ac/L1/Voltage',
                                                    '/Ac/Energy/Forward', '/Ac/Energy/Reverse'))

    def test_silent_from_the_start_then_identified(self):
        port = self.meter('m', 'pro3em')
        self.sim('fault m silent')
        self.start(self.config(f'[device.grid]\ntype = shelly\nurl = http://127.0.0.1:{port}\npoll = 250ms\n'))
        self.assertEqual(self.value_when(GRID, '/Connected', lambda v: v == 0), 0)  # published, but nothing to show
        self.assertTrue(invalid(self.get(GRID, '/Ac/Power')))
        self.assertEqual(self.get(GRID, '/ProductName'), 'Shelly energy meter')
        self.assertTrue(run_until(lambda: 'not answering' in self.logged()), 'no warning logged')
        self.sim('fault m none')
        self.value_when(GRID, '/Connected', lambda v: v == 1)
        self.assertEqual(self.get(GRID, '/ProductName'), 'Shelly Pro 3EM')
        self.value_when(GRID, '/Ac/L3/Power', lambda v: v == 301.5)  # the paths of the phases it has told

    def test_gen2_authentication_is_refused_with_the_reason(self):
        port = self.meter('m', 'proem')
        self.sim('gen2auth m on')
        self.start(self.config(f'[device.grid]\ntype = shelly\nurl = http://127.0.0.1:{port}\nusername = admin\n'
                               f'password = letmein\npoll = 250ms\n'))
        self.assertTrue(run_until(lambda: 'SHA-256' in self.logged()), 'the reason was not logged')
        self.assertEqual(self.get(GRID, '/Connected'), 0)
        self.assertTrue(invalid(self.get(GRID, '/Ac/Power')))
        self.assertNotIn('letmein', self.logged())

    def test_config_error_names_file_line_and_key(self):
        path = self.config('[device.grid]\ntype = shelly\nurl = https://192.168.1.51\npassword = topsecret\n')
        r = subprocess.run([daemon_support.DAEMON, '--dbus', 'session', '--settings', 'embedded', '--data-dir',
                            self.dir.name, '--config', path], capture_output=True, text=True, timeout=TIMEOUT)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'{path}:3: [device.grid] invalid url \'https://192.168.1.51\'', r.stderr)
        self.assertNotIn('topsecret', r.stderr)


if __name__ == '__main__':
    daemon_support.DAEMON, daemon_support.SIM = sys.argv.pop(1), sys.argv.pop(1)
    unittest.main(verbosity=2)
