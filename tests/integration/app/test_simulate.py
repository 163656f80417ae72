#!/usr/bin/python3
"""dbus-pvrouter --simulate: the simulated devices are read by the real drivers and published as Victron
services, the controller heats the water with the simulated sun, and a status line a second shows simulated time
passing at the chosen speed. Checked by an independent D-Bus client (python3-dbus) on the private bus of
dbus-run-session. Usage: test_simulate.py PATH_TO_DBUS_PVROUTER"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import unittest

import dbus
from gi.repository import GLib

import daemon_support
from daemon_support import BUSITEM, TIMEOUT, BusTest, run_until

SPEED = 60
HEATER = 'com.victronenergy.heatpump.pvrouter_boiler'
SERVICES = (HEATER, 'com.victronenergy.grid.pvrouter_grid', 'com.victronenergy.pvinverter.pvrouter_pv',
            'com.victronenergy.battery.pvrouter_battery', 'com.victronenergy.temperature.pvrouter_boiler')
STATE_HEATING = 2
STATUS = re.compile(r'^(\d\d):(\d\d):(\d\d)  PV +(\d+) W  load +(\d+) W  grid +([+-]\d+) W  '
                    r'battery +([\d.]+) % +([+-]\d+) W  heater (\d) +(\d+) W  water ([\d.]+) °C  (.+?)  (.+)$')


class Simulator(BusTest):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.log = open(os.path.join(self.dir.name, 'stderr.log'), 'w+')
        self.lines = []
        self.partial = b''
        self.daemon = subprocess.Popen(
            [daemon_support.DAEMON, '--dbus', 'session', '--settings', 'embedded', '--data-dir',
             os.path.join(self.dir.name, 'data'), '--simulate', '--speed', str(SPEED), '--weather', 'clear', '--start',
             '11:00'], stdout=subprocess.PIPE, stderr=self.log)
        self.watch = GLib.io_add_watch(self.daemon.stdout.fileno(), GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP,
                                       self.on_stdout)

    def tearDown(self):
        GLib.source_remove(self.watch)
        if self.daemon.poll() is None:
            self.daemon.kill()
        self.daemon.wait()
        self.daemon.stdout.close()
        self.log.close()
        self.dir.cleanup()

    def on_stdout(self, fd, condition):
        data = os.read(fd, 65536)
        if not data:
            return False
        self.partial += data
        *complete, self.partial = self.partial.split(b'\n')
        self.lines += [line.decode() for line in complete]
        return True

    def stderr_tail(self):
        self.log.flush()
        self.log.seek(0)
        return ''.join(self.log.readlines()[-30:])

    def get(self, service, path):
        try:
            return dbus.Interface(self.bus.get_object(service, path, introspect=False), BUSITEM).GetValue()
        except dbus.exceptions.DBusException:
            return None

    def test_simulated_house_heats_water_with_the_sun(self):
        for service in SERVICES:
            self.assertTrue(run_until(lambda: self.get(service, '/Connected') == 1, timeout=TIMEOUT),
                            f'{service} not connected\n{self.stderr_tail()}')
        self.assertEqual(self.get(HEATER, '/CustomName'), 'Water heater')
        # The simulator switches an Off heater to Auto high, so that it does something by default.
        self.assertTrue(run_until(lambda: self.get(HEATER, '/Mode') == 2), self.stderr_tail())
        soc = self.get('com.victronenergy.battery.pvrouter_battery', '/Soc')
        self.assertTrue(soc is not None and 90 <= soc <= 100, soc)
        self.assertGreater(self.get('com.victronenergy.pvinverter.pvrouter_pv', '/Ac/Power'), 1000)

        # A clear sky at 11:00 with a nearly full battery: surplus, and the controller heats with it.
        def heating():
            return self.get(HEATER, '/State') == STATE_HEATING and (self.get(HEATER, '/Ac/Power') or 0) > 0
        self.assertTrue(run_until(heating, timeout=30), f'never heating\n{self.stderr_tail()}')

        # About SPEED simulated seconds a real second, one status line each.
        self.assertTrue(run_until(lambda: len(self.lines) >= 8, timeout=30), self.lines)
        parsed = [STATUS.match(line) for line in self.lines]
        for line, match in zip(self.lines, parsed):
            self.assertIsNotNone(match, line)
        seconds = [int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3]) for m in parsed]
        self.assertTrue(11 * 3600 <= seconds[0] <= 11 * 3600 + 5 * SPEED, self.lines[0])
        steps = [b - a for a, b in zip(seconds, seconds[1:])]
        for step in steps:
            self.assertTrue(SPEED / 2 <= step <= SPEED * 2, (steps, self.lines))
        mean = (seconds[-1] - seconds[1]) / (len(seconds) - 2)
        self.assertAlmostEqual(mean, SPEED, delta=SPEED / 6, msg=self.lines)
        # The status line shows the heater heating too, in the controller's words.
        self.assertTrue(any(m[12] == 'Auto high' and m[13] == 'heating' and int(m[10]) > 0 for m in parsed),
                        self.lines)

        self.daemon.send_signal(signal.SIGINT)
        self.assertTrue(run_until(lambda: self.daemon.poll() is not None, timeout=TIMEOUT), 'still running')
        self.assertEqual(self.daemon.returncode, 0, self.stderr_tail())


if __name__ == '__main__':
    daemon_support.DAEMON = sys.argv.pop(1)
    unittest.main(verbosity=2)
