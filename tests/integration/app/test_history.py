#!/usr/bin/python3
"""The heater's history across restarts of dbus-pvrouter: a clean stop keeps everything, SIGKILL loses at most one
write interval (5 minutes), and a corrupt file is moved aside while the daemon runs on. The daemon runs the
simulator at 60x, so 5 simulated minutes pass in 5 real seconds; an independent client (python3-dbus, on the
private bus of dbus-run-session) reads the heater service. Usage: test_history.py PATH_TO_DBUS_PVROUTER"""
import glob
import os
import signal
import subprocess
import sys
import tempfile
import unittest

import dbus

import daemon_support
from daemon_support import BUSITEM, TIMEOUT, BusTest, run_until

SPEED = 60
HEATER = 'com.victronenergy.heatpump.pvrouter_boiler'
MAX_HEATER_KW = 3.5
SAVE_INTERVAL_H = 5 / 60  # simulated


class History(BusTest):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.data = os.path.join(self.dir.name, 'data')
        self.file = os.path.join(self.data, 'heater-history.json')
        self.daemon = None

    def tearDown(self):
        self.stop(signal.SIGKILL)
        self.dir.cleanup()

    def start(self):
        # The log goes to a file: with debug logging (as under ctest) a pipe nobody reads would fill and stall it.
        self.log = open(os.path.join(self.dir.name, 'stderr.log'), 'w')
        self.daemon = subprocess.Popen(
            [daemon_support.DAEMON, '--dbus', 'session', '--settings', 'embedded', '--data-dir', self.data,
             '--simulate', '--speed', str(SPEED), '--weather', 'clear', '--start', '12:00'],
            stdout=subprocess.DEVNULL, stderr=self.log)

    def stop(self, sig):
        if self.daemon and self.daemon.poll() is None:
            self.daemon.send_signal(sig)
            self.daemon.wait(timeout=TIMEOUT)
        if self.daemon:
            self.log.close()
            with open(self.log.name) as f:
                self.stderr = f.read()
        self.daemon = None

    def energy(self):
        """/Ac/Energy/Forward in kWh, or None until the service publishes it."""
        try:
            item = dbus.Interface(self.bus.get_object(HEATER, '/Ac/Energy/Forward', introspect=False), BUSITEM)
            value = item.GetValue()
        except dbus.exceptions.DBusException:
            return None
        return None if isinstance(value, dbus.Array) else float(value)

    def energy_when(self, predicate, timeout=TIMEOUT):
        seen = []
        ok = run_until(lambda: seen.append(self.energy()) or (seen[-1] is not None and predicate(seen[-1])), timeout)
        self.assertTrue(ok, f'/Ac/Energy/Forward: last seen {seen[-1] if seen else None}')
        return seen[-1]

    def heat_and_save(self):
        """Runs the daemon until it has heated and written its history twice; returns the energy it shows."""
        self.start()
        self.energy_when(lambda kWh: kWh > 0.2, timeout=30)
        run_until(lambda: os.path.exists(self.file), TIMEOUT)
        written = os.stat(self.file).st_mtime_ns
        self.assertTrue(run_until(lambda: os.stat(self.file).st_mtime_ns != written, TIMEOUT), 'written only once')
        return self.energy()

    def test_a_clean_stop_keeps_everything(self):
        before = self.heat_and_save()
        self.stop(signal.SIGTERM)
        self.start()
        after = self.energy_when(lambda kWh: True)
        self.assertGreaterEqual(after, before)  # it only grows after the reading: nothing is lost

    def test_sigkill_loses_at_most_one_write_interval(self):
        before = self.heat_and_save()
        self.stop(signal.SIGKILL)
        self.start()
        after = self.energy_when(lambda kWh: True)
        self.assertGreaterEqual(after, before - MAX_HEATER_KW * SAVE_INTERVAL_H - 0.01)

    def test_a_corrupt_file_is_moved_aside(self):
        os.makedirs(self.data)
        with open(self.file, 'w') as f:
            f.write('{"version":1,"totalWh":12345,"hours":[[49')
        self.start()
        self.assertLess(self.energy_when(lambda kWh: True), 1)  # a fresh history, not 12.3 kWh
        self.assertEqual(self.daemon.poll(), None)
        aside = glob.glob(self.file + '.corrupt-*')
        self.assertEqual(len(aside), 1)
        with open(aside[0]) as f:
            self.assertIn('"totalWh":12345', f.read())
        self.stop(signal.SIGTERM)
        self.assertIn('cannot read', self.stderr)
        self.assertIn('heater-history.json', self.stderr)


if __name__ == '__main__':
    daemon_support.DAEMON = sys.argv.pop(1)
    unittest.main(verbosity=2)
