#!/usr/bin/python3
"""The surplus controller end to end: dbus-pvrouter runs the simulated heater controller and a simulated grid meter
(modbus_sim_tool over loopback Modbus TCP), and an independent D-Bus client (python3-dbus, on the private bus of
dbus-run-session) writes the mode and watches the heater's coils follow.
Usage: test_daemon_control.py PATH_TO_DBUS_PVROUTER PATH_TO_MODBUS_SIM_TOOL"""
import os
import subprocess
import sys
import time
import unittest

import dbus

import daemon_support
from daemon_support import BUSITEM, DaemonTest, run_until

HEATER = 'com.victronenergy.heatpump.pvrouter_boiler'
GRID = 'com.victronenergy.grid.pvrouter_grid'
SETTINGS = 'com.victronenergy.settings'
HEATER_SETTINGS = '/Settings/PvRouter/Heater/'
PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'vedbus', 'velib_peer.py')
CONTROL_PERIOD = 1.0  # s
# What one control period may take on a loaded test machine besides itself: the coil and heartbeat writes, and
# the settings round trip of a /Mode write.
SLACK = 1.0


class SurplusControl(DaemonTest):
    def setUp(self):
        super().setUp()
        self.sim('add 33 heizstab')
        self.sim('set 33 temperature 40')
        self.sim('add 3 sdm230')
        self.sim('set 3 power -4000')  # 4 kW exported: room for every element
        self.start(self.config(f"""
[device.boiler]
type = heizstab
tcp = 127.0.0.1:{self.port}
poll = 250ms

[device.grid]
type = sdm230
tcp = 127.0.0.1:{self.port}
unit = 3
poll = 250ms
"""))
        self.value_when(HEATER, '/Connected', lambda v: v == 1)
        self.value_when(GRID, '/Connected', lambda v: v == 1)

    def set_value(self, service, path, value):
        item = dbus.Interface(self.bus.get_object(service, path, introspect=False), BUSITEM)
        return item.SetValue(dbus.Int32(value, variant_level=1))

    def applied_w(self):
        """What the simulated controller's relays draw now."""
        return float(self.sim('get 33 applied'))

    def coils_reach(self, watts, within):
        """Seconds until the simulated relays draw `watts`; fails after `within` s."""
        start = time.monotonic()
        self.assertTrue(run_until(lambda: self.applied_w() == watts, timeout=within),
                        f'the relays draw {self.applied_w()} W, not {watts} W, after {within} s')
        return time.monotonic() - start

    def test_mode_written_on_the_heatpump_service_moves_the_coils(self):
        self.assertEqual(self.get(HEATER, '/Mode'), 0)  # Off until the user chooses
        self.assertEqual(self.get(HEATER, '/State', 'GetText'), 'off')
        self.assertEqual(self.applied_w(), 0)

        self.assertEqual(self.set_value(HEATER, '/Mode', 3), 0)
        self.coils_reach(3500, CONTROL_PERIOD + SLACK)
        self.assertEqual(self.get(SETTINGS, HEATER_SETTINGS + 'Mode'), 3)  # kept in localsettings
        self.value_when(HEATER, '/State', lambda v: v == 4)
        self.assertEqual(self.get(HEATER, '/State', 'GetText'), 'test on')
        self.assertEqual(self.get(HEATER, '/Mode', 'GetText'), 'On')
        self.value_when(HEATER, '/Ac/Power', lambda v: v == 3500)
        self.assertEqual(self.get(HEATER, '/PowerLevel'), 7)
        self.assertEqual(self.get(HEATER, '/TargetTemperature'), 80)  # the test mode stops at the hard maximum

        self.assertEqual(self.set_value(HEATER, '/Mode', 0), 0)
        self.coils_reach(0, CONTROL_PERIOD + SLACK)
        self.value_when(HEATER, '/State', lambda v: v == 0)

    def test_a_bad_mode_is_refused_and_changes_nothing(self):
        for bad in (4, -1):
            self.assertNotEqual(self.set_value(HEATER, '/Mode', bad), 0)
        self.assertEqual(self.get(HEATER, '/Mode'), 0)
        self.assertEqual(self.get(SETTINGS, HEATER_SETTINGS + 'Mode'), 0)
        self.assertFalse(run_until(lambda: self.applied_w() != 0, timeout=CONTROL_PERIOD + SLACK))

    def test_mode_set_in_localsettings_takes_effect(self):
        # As the GX menu or VRM do it: on the setting, not on the heater's service.
        self.assertEqual(self.set_value(SETTINGS, HEATER_SETTINGS + 'Mode', 3), 0)
        self.coils_reach(3500, CONTROL_PERIOD + SLACK)
        self.value_when(HEATER, '/Mode', lambda v: v == 3)

    def test_auto_heats_with_surplus_and_stops_when_grid_data_stops(self):
        for name in ('StepUpDelay', 'StepDownDelay', 'MinSwitchInterval'):
            self.assertEqual(self.set_value(SETTINGS, HEATER_SETTINGS + name, 0), 0)
        self.assertEqual(self.set_value(HEATER, '/Mode', 1), 0)  # Auto low: 50 °C, the water is at 40 °C
        self.coils_reach(3500, 5)
        self.value_when(HEATER, '/State', lambda v: v == 2)
        self.assertEqual(self.get(HEATER, '/State', 'GetText'), 'heating')
        self.assertEqual(self.get(HEATER, '/TargetTemperature'), 50)

        stale_limit = self.get(SETTINGS, HEATER_SETTINGS + 'StaleInputLimit')
        self.sim('fault 3 silent')  # the grid meter stops answering
        took = self.coils_reach(0, stale_limit + CONTROL_PERIOD)
        self.value_when(HEATER, '/State', lambda v: v == 5)
        self.assertEqual(self.get(HEATER, '/State', 'GetText'), 'fault: stale data')
        print(f'heater off {took:.1f} s after the grid meter fell silent', file=sys.stderr)

        self.sim('fault 3 none')
        self.coils_reach(3500, 10)  # the meter is back within one back-off period

    def test_inputs_come_from_the_system_service_while_it_runs(self):
        for name in ('StepUpDelay', 'StepDownDelay', 'MinSwitchInterval'):
            self.assertEqual(self.set_value(SETTINGS, HEATER_SETTINGS + name, 0), 0)
        self.sim('set 3 power 500')  # our grid meter says import...
        system = subprocess.Popen([sys.executable, PEER, 'com.victronenergy.system', '/Ac/Grid/L1/Power=-2000.0',
                                   '/Ac/Grid/L2/Power=-1000.0', '/Dc/Battery/Power=0.0', '/Dc/Battery/Soc=100.0'],
                                  stdout=subprocess.PIPE, text=True)
        self.addCleanup(lambda: (system.poll() is None and system.terminate(), system.wait(), system.stdout.close()))
        self.assertEqual(system.stdout.readline().strip(), 'ready')
        self.assertEqual(self.set_value(HEATER, '/Mode', 1), 0)
        # ...but systemcalc, where it runs, is what counts: 3 kW exported over two phases, less the reserve.
        self.coils_reach(2500, 5)

        system.terminate()  # without it, the grid meter with the lowest instance: 500 W import
        self.coils_reach(1500, 5)  # 2500 W drawn - 500 W imported - 100 W reserve affords 1500 W

    def test_target_reached_switches_off(self):
        for name in ('StepUpDelay', 'MinSwitchInterval'):
            self.assertEqual(self.set_value(SETTINGS, HEATER_SETTINGS + name, 0), 0)
        self.assertEqual(self.set_value(HEATER, '/Mode', 1), 0)
        self.coils_reach(3500, 5)
        self.sim('set 33 temperature 50')
        self.coils_reach(0, 5)
        self.value_when(HEATER, '/State', lambda v: v == 3)
        self.assertEqual(self.get(HEATER, '/State', 'GetText'), 'target reached')


if __name__ == '__main__':
    daemon_support.DAEMON, daemon_support.SIM = sys.argv.pop(1), sys.argv.pop(1)
    unittest.main(verbosity=2)
