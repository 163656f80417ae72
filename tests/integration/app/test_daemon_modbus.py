#!/usr/bin/python3
"""dbus-pvrouter running Modbus devices from its config file, against simulated meters in another process
(modbus_sim_tool over loopback Modbus TCP), read by an independent D-Bus client (python3-dbus) on the private
bus of dbus-run-session. Usage: test_daemon_modbus.py PATH_TO_DBUS_PVROUTER PATH_TO_MODBUS_SIM_TOOL"""
import signal
import subprocess
import sys
import unittest

import dbus

import daemon_support
from daemon_support import BUSITEM, TIMEOUT, DaemonTest

GRID = 'com.victronenergy.grid.pvrouter_house'
PV = 'com.victronenergy.pvinverter.pvrouter_balcony'


class ModbusDevices(DaemonTest):
    def setUp(self):
        super().setUp()
        for unit, power in ((1, 1500.5), (2, 310.0)):
            self.sim(f'add {unit} pzem016')
            self.sim(f'set {unit} voltage 231.2')
            self.sim(f'set {unit} power {power}')
            self.sim(f'set {unit} energy 4321')

    def probe(self, tty):
        self.daemon = subprocess.Popen([daemon_support.DAEMON, '--dbus', 'session', '--settings', 'embedded', '--data-dir',
                                        self.dir.name, '--serial', tty], stderr=subprocess.DEVNULL)

    def test_serial_probe_finds_and_runs_our_devices(self):
        tty = self.rs485()
        self.sim('add 33 heizstab')
        self.sim('set 33 temperature 40.5')
        self.probe(tty)  # the simulator also has PZEM-016s at units 1 and 2; unit 1 is probed
        self.value_when('com.victronenergy.heatpump.pvrouter_ttyB_33', '/Temperature', lambda v: v == 40.5)
        self.value_when('com.victronenergy.grid.pvrouter_ttyB_1', '/Ac/Power', lambda v: v == 1500.5)
        self.assertEqual(self.get('com.victronenergy.grid.pvrouter_ttyB_1', '/ProductName'), 'PZEM-016')
        self.daemon.send_signal(signal.SIGTERM)
        self.assertEqual(self.daemon.wait(timeout=TIMEOUT), 0)

    def test_serial_probe_tells_the_types_at_unit_1_apart(self):
        tty = self.rs485()
        expected = {'sdm230': ('grid', 'Eastron SDM230'), 'growatt': ('pvinverter', 'Growatt MIN/MIC TL-X'),
                    'pzem017': ('dcload', 'PZEM-017')}
        for kind, (role, product) in expected.items():
            self.sim(f'add 1 {kind}')
            self.probe(tty)
            service = f'com.victronenergy.{role}.pvrouter_ttyB_1'
            self.value_when(service, '/Connected', lambda v: v == 1)
            self.assertEqual(self.get(service, '/ProductName'), product)
            self.daemon.send_signal(signal.SIGTERM)
            self.assertEqual(self.daemon.wait(timeout=TIMEOUT), 0, kind)

    def test_serial_probe_without_our_devices_exits_quickly(self):
        tty = self.rs485()
        self.sim('fault 1 silent')
        self.sim('fault 2 silent')
        r = subprocess.run([daemon_support.DAEMON, '--dbus', 'session', '--settings', 'embedded', '--data-dir', self.dir.name,
                            '--serial', tty], capture_output=True, text=True, timeout=15)  # serial-starter's budget
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'nothing of ours answered on {tty}', r.stderr)

    def two_meters(self):
        return self.config(f'''
[device.house]
type = pzem016
tcp = 127.0.0.1:{self.port}
unit = 1
poll = 200ms

[device.balcony]
type = pzem016
tcp = 127.0.0.1:{self.port}
unit = 2
role = pvinverter
position = 1
name = Balcony PV
poll = 200ms
''')

    def test_meters_are_published_as_victron_services(self):
        self.start(self.two_meters())
        self.assertEqual(self.value_when(GRID, '/Connected', lambda v: v == 1), 1)
        self.assertEqual(self.get(GRID, '/Ac/Power'), 1500.5)
        self.assertEqual(self.get(GRID, '/Ac/Power', 'GetText'), '1501 W')
        self.assertEqual(self.get(GRID, '/Ac/L1/Voltage', 'GetText'), '231.2 V')
        self.assertEqual(self.get(GRID, '/Ac/Energy/Forward'), 4.321)
        self.assertEqual(self.get(GRID, '/DeviceInstance'), 40)
        self.assertEqual(self.get(GRID, '/Mgmt/Connection'), f'Modbus TCP 127.0.0.1:{self.port}:1')

        self.assertEqual(self.value_when(PV, '/Connected', lambda v: v == 1), 1)
        self.assertEqual(self.get(PV, '/Ac/Power'), 310.0)
        self.assertEqual(self.get(PV, '/Position'), 1)
        self.assertEqual(self.get(PV, '/CustomName'), 'Balcony PV')
        self.assertEqual(self.get(PV, '/DeviceInstance'), 20)

        self.sim('set 1 power 42')
        self.value_when(GRID, '/Ac/Power', lambda v: v == 42.0)

        # The PZEM's energy reset, from D-Bus: 1 resets (and the path reads 0 again), anything else is refused.
        reset = dbus.Interface(self.bus.get_object(GRID, '/ResetEnergy', introspect=False), BUSITEM)
        self.assertEqual(reset.SetValue(dbus.Int32(2, variant_level=1)), 2)
        self.assertEqual(self.get(GRID, '/Ac/Energy/Forward'), 4.321)
        self.assertEqual(reset.SetValue(dbus.Int32(1, variant_level=1)), 0)
        self.assertEqual(self.get(GRID, '/ResetEnergy'), 0)
        self.value_when(GRID, '/Ac/Energy/Forward', lambda v: v == 0)
        self.assertEqual(self.get(PV, '/Ac/Energy/Forward'), 4.321)  # the other meter keeps its count
        self.daemon.send_signal(signal.SIGTERM)
        self.assertEqual(self.daemon.wait(timeout=TIMEOUT), 0)

    def test_all_five_types_on_rs485_and_tcp(self):
        b = self.rs485()
        for unit, kind in ((33, 'heizstab'), (3, 'sdm230'), (5, 'growatt'), (4, 'pzem017')):
            self.sim(f'add {unit} {kind}')
        self.sim('set 33 temperature 61.25')
        self.sim('set 3 power 987.5')
        self.sim('set 5 nominal 3000')
        self.sim('set 5 pv 2400')
        self.sim('set 5 status 1')
        self.sim('set 4 voltage 52.08')
        self.sim('set 4 current 3.5')
        self.start(self.config(f"""
[line.rs485]
port = {b}

[device.boiler]
type = heizstab
line = rs485
poll = 250ms

[device.house]
type = pzem016
line = rs485
unit = 1
role = acload
poll = 250ms

[device.grid]
type = sdm230
line = rs485
unit = 3
poll = 250ms

[device.roof]
type = growatt
tcp = 127.0.0.1:{self.port}
unit = 5
maxpower = 3000
poll = 500ms

[device.battery]
type = pzem017           ; 8N2 among 8N1 devices: the line sends two stop bits
line = rs485
unit = 4
role = dcsystem
poll = 250ms
"""))
        expected = {
            ('com.victronenergy.heatpump.pvrouter_boiler', '/Temperature'): 61.25,
            ('com.victronenergy.temperature.pvrouter_boiler', '/Temperature'): 61.25,
            ('com.victronenergy.acload.pvrouter_house', '/Ac/Power'): 1500.5,
            ('com.victronenergy.grid.pvrouter_grid', '/Ac/Power'): 987.5,
            ('com.victronenergy.pvinverter.pvrouter_roof', '/Ac/Power'): 2400.0,
            ('com.victronenergy.dcsystem.pvrouter_battery', '/Dc/0/Voltage'): 52.08,
        }
        for (service, path), value in expected.items():
            self.value_when(service, '/Connected', lambda v: v == 1)
            self.assertAlmostEqual(float(self.get(service, path)), value, places=2, msg=f'{service} {path}')
        self.assertEqual(self.get('com.victronenergy.pvinverter.pvrouter_roof', '/Ac/MaxPower'), 3000.0)
        self.assertEqual(self.get('com.victronenergy.pvinverter.pvrouter_roof', '/StatusCode'), 7)
        rtu = self.get('com.victronenergy.grid.pvrouter_grid', '/Mgmt/Connection')
        self.assertEqual(rtu, 'Modbus RTU ttyB:3')
        self.daemon.send_signal(signal.SIGTERM)
        self.assertEqual(self.daemon.wait(timeout=TIMEOUT), 0)

    def test_silent_meter_goes_invalid_and_comes_back(self):
        self.start(self.two_meters())
        self.value_when(GRID, '/Connected', lambda v: v == 1)
        self.sim('fault 1 silent')
        self.value_when(GRID, '/Connected', lambda v: v == 0)
        self.assertEqual(self.get(GRID, '/Ac/Power').signature, 'i')  # invalid: an empty `ai`, never frozen
        self.assertEqual(len(self.get(GRID, '/Ac/Power')), 0)
        self.assertEqual(self.get(GRID, '/Ac/Power', 'GetText'), '---')
        self.assertEqual(self.get(PV, '/Connected'), 1)  # the other meter on the endpoint is unaffected
        self.sim('set 1 power 777')
        self.sim('fault 1 none')
        self.assertEqual(self.value_when(GRID, '/Ac/Power', lambda v: v == 777.0), 777.0)
        self.assertEqual(self.get(GRID, '/Connected'), 1)

    def test_garbage_never_crashes_the_daemon(self):
        self.start(self.two_meters())
        self.value_when(GRID, '/Connected', lambda v: v == 1)
        for fault in ('garbage', 'exception', 'slow'):
            self.sim(f'fault 1 {fault}')
            self.value_when(GRID, '/Connected', lambda v: v == 0)
            self.assertIsNone(self.daemon.poll())
            self.sim('fault 1 none')
            self.value_when(GRID, '/Connected', lambda v: v == 1)

    def test_heater_controller_and_its_tank_sensor(self):
        self.sim('add 33 heizstab')
        self.sim('set 33 temperature 55.5')
        self.start(self.config(f'[device.boiler]\ntype = heizstab\ntcp = 127.0.0.1:{self.port}\npoll = 200ms\n'))
        heater, tank = 'com.victronenergy.heatpump.pvrouter_boiler', 'com.victronenergy.temperature.pvrouter_boiler'
        self.value_when(heater, '/Connected', lambda v: v == 1)
        self.assertEqual(self.get(heater, '/Temperature'), 55.5)
        self.assertEqual(self.get(heater, '/Temperature', 'GetText'), '55.5 °C')
        self.assertEqual(self.get(heater, '/Ac/Power'), 0)
        self.assertEqual(self.get(heater, '/PowerLevel'), 0)
        self.assertEqual(self.get(heater, '/ErrorCode'), 0)
        self.assertEqual(self.get(heater, '/ProductId', 'GetText'), '0xE5E1')
        self.value_when(tank, '/Connected', lambda v: v == 1)
        self.assertEqual(self.get(tank, '/Temperature'), 55.5)
        self.assertEqual(self.get(tank, '/TemperatureType'), 5)
        self.assertEqual(self.get(tank, '/Status'), 0)
        self.assertNotEqual(self.get(heater, '/DeviceInstance'), None)

        self.sim('set 33 sensorfault 1')
        self.value_when(heater, '/ErrorCode', lambda v: v == 2)
        self.assertEqual(len(self.get(heater, '/Temperature')), 0)  # invalid, not 85 °C
        self.value_when(tank, '/Status', lambda v: v == 1)
        self.sim('set 33 sensorfault 0')
        self.sim('set 33 forceon 1')
        self.value_when(heater, '/Ac/Power', lambda v: v == 3500)
        self.assertEqual(self.sim('get 33 applied'), '3500')
        self.sim('fault 33 silent')
        self.value_when(tank, '/Connected', lambda v: v == 0)
        self.assertEqual(self.get(heater, '/Connected'), 0)

    def test_sdm230_grid_meter_reads_export(self):
        self.sim('add 3 sdm230')
        self.sim('set 3 voltage 229.9')
        self.sim('set 3 power -1250.5')
        self.sim('set 3 export 321.25')
        self.start(self.config(f'[device.grid]\ntype = sdm230\ntcp = 127.0.0.1:{self.port}\nunit = 3\npoll = 200ms\n'))
        grid = 'com.victronenergy.grid.pvrouter_grid'
        self.value_when(grid, '/Connected', lambda v: v == 1)
        self.assertEqual(self.get(grid, '/Ac/Power'), -1250.5)
        self.assertEqual(self.get(grid, '/Ac/Energy/Reverse'), 321.25)
        self.assertEqual(self.get(grid, '/ProductId', 'GetText'), '0xB023')
        self.assertEqual(self.get(grid, '/ProductName'), 'Eastron SDM230')
        with self.assertRaises(dbus.exceptions.DBusException):  # an SDM230 cannot reset its energy
            self.get(grid, '/ResetEnergy')


if __name__ == '__main__':
    daemon_support.DAEMON, daemon_support.SIM = sys.argv.pop(1), sys.argv.pop(1)
    unittest.main(verbosity=2)
