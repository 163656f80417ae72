"""What the daemon tests that run dbus-pvrouter against modbus_sim_tool share: waiting on the GLib loop, the
simulator process, and a test case with a simulator, a scratch directory and an independent D-Bus client."""
import os
import subprocess
import tempfile
import unittest

import dbus
import dbus.mainloop.glib
from gi.repository import GLib

DAEMON = SIM = None  # set by the test script from its arguments
BUSITEM = 'com.victronenergy.BusItem'
TIMEOUT = 10


def write_config(directory, text):
    """Writes `text` as pvrouter.ini in `directory`; returns its path."""
    path = os.path.join(directory, 'pvrouter.ini')
    with open(path, 'w') as f:
        f.write(text)
    return path


def run_until(predicate, timeout=TIMEOUT):
    """Runs the GLib loop (which delivers the D-Bus signals) until predicate() holds or `timeout` s pass."""
    context = GLib.MainContext.default()
    expired = []
    deadline = GLib.timeout_add(int(timeout * 1000), lambda: expired.append(True) or False)
    tick = GLib.timeout_add(50, lambda: True)  # re-check predicates that read state outside the loop
    try:
        while not predicate() and not expired:
            context.iteration(True)
        return predicate()
    finally:
        GLib.source_remove(tick)
        if not expired:
            GLib.source_remove(deadline)


class Sim:
    def __init__(self):
        self.proc = subprocess.Popen([SIM], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True)

    def __call__(self, command):
        self.proc.stdin.write(command + '\n')
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        if answer.startswith('error'):
            raise AssertionError(f'{command}: {answer}')
        return answer

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=TIMEOUT)
        self.proc.stdout.close()


class BusTest(unittest.TestCase):
    """A test case with a client connection to the session bus (self.bus) whose signals the GLib loop delivers."""

    @classmethod
    def setUpClass(cls):
        dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
        cls.bus = dbus.SessionBus()


class DaemonTest(BusTest):
    """A simulator serving Modbus TCP on a free port (self.port), a scratch directory, and the daemon once
    start() ran, stopped after each test."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.sim = Sim()
        self.port = int(self.sim('tcp').split()[1])
        self.daemon = None

    def tearDown(self):
        if self.daemon and self.daemon.poll() is None:
            self.daemon.kill()
        if self.daemon:
            self.daemon.wait()
        self.sim.close()
        self.dir.cleanup()

    def config(self, text):
        return write_config(self.dir.name, text)

    def start(self, config):
        self.daemon = subprocess.Popen([DAEMON, '--dbus', 'session', '--settings', 'embedded', '--data-dir',
                                        self.dir.name, '--config', config], stderr=subprocess.DEVNULL)

    def get(self, service, path, method='GetValue'):
        return getattr(dbus.Interface(self.bus.get_object(service, path, introspect=False), BUSITEM), method)()

    def value_when(self, service, path, predicate):
        """Waits for a value of `path` that satisfies predicate, as a consumer following ItemsChanged would."""
        def current():
            try:
                return self.get(service, path)
            except dbus.exceptions.DBusException:
                return None
        seen = []
        ok = run_until(lambda: seen.append(current()) or predicate(seen[-1]))
        self.assertTrue(ok, f'{service} {path}: last seen {seen[-1] if seen else None!r}')
        return seen[-1]

    def rs485(self):
        """A socat pty pair whose one end the simulator serves; returns the other, for the daemon."""
        a, b = os.path.join(self.dir.name, 'ttyA'), os.path.join(self.dir.name, 'ttyB')
        socat = subprocess.Popen(['socat', '-d', '-d', f'pty,raw,echo=0,link={a}', f'pty,raw,echo=0,link={b}'],
                                 stderr=subprocess.DEVNULL)
        self.addCleanup(lambda: (socat.terminate(), socat.wait()))
        self.assertTrue(run_until(lambda: os.path.exists(a) and os.path.exists(b)), 'socat made no pty pair')
        self.sim(f'rtu {a}')
        return b
