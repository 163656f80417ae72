#!/usr/bin/python3
"""dbus-pvrouter as a user and a GX see it: its command line, its config errors, and its settings in
com.victronenergy.settings, read and written by an independent client (python3-dbus) on the private bus of
dbus-run-session. Usage: test_daemon.py PATH_TO_DBUS_PVROUTER"""
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import unittest

import dbus

from daemon_support import write_config

DAEMON = None
SETTINGS = 'com.victronenergy.settings'
BUSITEM = 'com.victronenergy.BusItem'
MODE = '/Settings/PvRouter/Heater/Mode'
TIMEOUT = 10


class Daemon:
    """A running dbus-pvrouter whose log lines can be waited for."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([DAEMON, '--dbus', 'session', *args], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        self.log = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.put(line.rstrip('\n'))
        self.lines.put(None)

    def wait_for(self, text):
        """Returns the first log line containing text; fails if the daemon exits or times out first."""
        while True:
            try:
                line = self.lines.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError(f'no log line with {text!r} within {TIMEOUT} s; log: {self.log}')
            if line is None:
                raise AssertionError(f'daemon exited ({self.proc.wait()}) before logging {text!r}; log: {self.log}')
            self.log.append(line)
            if text in line:
                return line

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=TIMEOUT)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.reader.join()
        self.proc.stderr.close()


def run(*args, timeout=TIMEOUT):
    return subprocess.run([DAEMON, *args], capture_output=True, text=True, timeout=timeout)


class CommandLine(unittest.TestCase):
    def test_help_lists_every_option(self):
        r = run('--help')
        self.assertEqual(r.returncode, 0)
        for option in ('--dbus', '--config', '--data-dir', '--settings', '--version', '--help'):
            self.assertIn(option, r.stdout)

    def test_version(self):
        r = run('--version')
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r'^dbus-pvrouter \d+\.\d+\.\d+\n$')

    def test_usage_errors_exit_2(self):
        for args, mention in ((['--bogus'], 'bogus'), (['--settings', 'xml'], 'xml'), (['--dbus', 'sytem'], 'sytem')):
            r = run(*args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(mention, r.stderr)


class Config(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def config(self, text):
        return write_config(self.dir.name, text)

    def start(self, path):
        return run('--dbus', 'session', '--settings', 'embedded', '--data-dir', self.dir.name, '--config', path)

    def test_malformed_config_names_file_and_line(self):
        path = self.config('[line.rs485]\nport = /dev/ttyUSB0\nbaud 9600\n')
        r = self.start(path)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"{path}:3: expected 'key = value', got 'baud 9600'", r.stderr)

    def test_config_errors_name_section_and_key(self):
        path = self.config('[device.boiler]\ntype = heizstab\nline = rs485\nuint = 33\n\n[line.rs485]\nport = /dev/ttyUSB0\n')
        r = self.start(path)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"{path}:4: [device.boiler] unknown key 'uint'", r.stderr)

    def test_missing_config_names_the_file(self):
        path = os.path.join(self.dir.name, 'missing.ini')
        r = self.start(path)
        self.assertEqual(r.returncode, 1)
        self.assertIn(path, r.stderr)

    def test_comments_only_config_runs(self):
        d = Daemon('--settings', 'embedded', '--data-dir', self.dir.name, '--config', self.config('# nothing yet\n'))
        try:
            d.wait_for('created 13 settings')
            self.assertEqual(d.stop(), 0)
        finally:
            d.kill()


class Settings(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.bus = dbus.SessionBus()
        self.daemons = []

    def tearDown(self):
        for d in self.daemons:
            d.kill()
        self.dir.cleanup()

    def start(self, *args, data_dir=None):
        d = Daemon('--data-dir', data_dir or self.dir.name, *args)
        self.daemons.append(d)
        return d

    def setting(self, path):
        return dbus.Interface(self.bus.get_object(SETTINGS, path, introspect=False), BUSITEM)

    def test_embedded_settings_created_checked_and_persisted(self):
        d = self.start('--settings', 'embedded')
        d.wait_for('created 13 settings')
        items = dbus.Interface(self.bus.get_object(SETTINGS, '/', introspect=False), BUSITEM).GetItems()
        ours = {p: e for p, e in items.items() if p.startswith('/Settings/PvRouter/')}
        self.assertEqual(len(ours), 13)
        self.assertEqual(ours[MODE]['Value'], 0)
        self.assertEqual((ours[MODE]['Min'], ours[MODE]['Max'], ours[MODE]['Default']), (0, 3, 0))
        target = ours['/Settings/PvRouter/Heater/AutoLowTargetTemperature']
        self.assertIsInstance(target['Value'], dbus.Double)
        self.assertEqual(target['Value'], 50.0)

        mode = self.setting(MODE)
        self.assertEqual(mode.SetValue(dbus.Int32(2, variant_level=1)), 0)
        self.assertEqual(mode.SetValue(dbus.Int32(9, variant_level=1)), -1)  # out of range: refused, unchanged
        self.assertEqual(mode.GetValue(), 2)
        self.assertEqual(d.stop(), 0)

        d = self.start('--settings', 'embedded')
        d.wait_for('created 13 settings')
        self.assertEqual(self.setting(MODE).GetValue(), 2)
        self.assertEqual(d.stop(), 0)

    def test_taken_settings_name_is_fatal_and_named(self):
        first = self.start('--settings', 'embedded')
        first.wait_for('created 13 settings')
        with tempfile.TemporaryDirectory() as other:
            r = run('--dbus', 'session', '--settings', 'embedded', '--data-dir', other)
        self.assertEqual(r.returncode, 1)
        self.assertIn('com.victronenergy.settings', r.stderr)
        self.assertIn('taken', r.stderr)
        self.assertEqual(self.setting(MODE).GetValue(), 0)  # the first one is untouched

    def test_auto_uses_a_running_settings_service(self):
        first = self.start('--settings', 'embedded')
        first.wait_for('created 13 settings')
        self.setting(MODE).SetValue(dbus.Int32(1, variant_level=1))
        with tempfile.TemporaryDirectory() as other:
            second = self.start('--settings', 'auto', data_dir=other)
            second.wait_for('created 13 settings')
            self.assertFalse(any('embedded' in line for line in second.log), second.log)
            self.assertFalse(os.path.exists(os.path.join(other, 'settings.json')))
            self.assertEqual(second.stop(), 0)
        self.assertEqual(self.setting(MODE).GetValue(), 1)

    def test_bus_mode_waits_for_localsettings(self):
        waiting = self.start('--settings', 'bus')
        waiting.wait_for('waiting for')
        with tempfile.TemporaryDirectory() as other:
            provider = self.start('--settings', 'embedded', data_dir=other)
            provider.wait_for('created 13 settings')
            waiting.wait_for('created 13 settings')
            self.assertEqual(waiting.stop(), 0)
            self.assertEqual(provider.stop(), 0)

    def test_corrupt_settings_file_is_moved_aside(self):
        with open(os.path.join(self.dir.name, 'settings.json'), 'w') as f:
            f.write('{"version": 1, "settings": {')
        d = self.start('--settings', 'embedded')
        d.wait_for('moved it to')
        d.wait_for('created 13 settings')
        self.assertEqual(self.setting(MODE).GetValue(), 0)
        aside = [n for n in os.listdir(self.dir.name) if n.startswith('settings.json.corrupt-')]
        self.assertEqual(len(aside), 1)
        self.assertEqual(d.stop(), 0)


if __name__ == '__main__':
    DAEMON = sys.argv.pop(1)
    unittest.main(verbosity=2)
