#!/usr/bin/python3
"""An exporter of the older velib kind, written with python3-dbus: GetValue/GetText on "/" but no GetItems,
and only PropertiesChanged on changes. Usage: velib_peer.py SERVICE_NAME [PATH=VALUE ...] (a value with a dot is
a double, digits an int, anything else a string; without any, a battery's few paths). Prints "ready" once the name
is owned; SetValue on a leaf changes it and signals the change; SIGTERM ends it."""
import signal
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

IFACE = 'com.victronenergy.BusItem'
VALUES = {'/DeviceInstance': 40, '/Soc': 55.0, '/Dc/0/Power': -120.0, '/ProductName': 'Peer battery'}


def wrap(value):
    if value is None:
        return dbus.Array([], signature='i', variant_level=1)
    if isinstance(value, float):
        return dbus.Double(value, variant_level=1)
    if isinstance(value, int):
        return dbus.Int32(value, variant_level=1)
    return dbus.String(value, variant_level=1)


def text(value):
    return '---' if value is None else str(value)


class Leaf(dbus.service.Object):
    def __init__(self, bus, path, value):
        super().__init__(bus, path)
        self.value = value

    @dbus.service.method(IFACE, out_signature='v')
    def GetValue(self):
        return wrap(self.value)

    @dbus.service.method(IFACE, out_signature='s')
    def GetText(self):
        return text(self.value)

    @dbus.service.method(IFACE, in_signature='v', out_signature='i')
    def SetValue(self, value):
        self.value = None if isinstance(value, dbus.Array) and len(value) == 0 else value
        self.PropertiesChanged({'Value': wrap(self.value), 'Text': text(self.value)})
        return 0

    @dbus.service.signal(IFACE, signature='a{sv}')
    def PropertiesChanged(self, changes):
        pass


class Root(dbus.service.Object):
    def __init__(self, bus, leaves):
        super().__init__(bus, '/')
        self.leaves = leaves

    @dbus.service.method(IFACE, out_signature='v')
    def GetValue(self):
        return dbus.Dictionary({p[1:]: wrap(l.value) for p, l in self.leaves.items()}, signature='sv',
                               variant_level=1)


def parse(argument):
    path, value = argument.split('=', 1)
    if '.' in value:
        return path, float(value)
    return path, int(value) if value.lstrip('-').isdigit() else value


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    values = dict(parse(a) for a in sys.argv[2:]) if len(sys.argv) > 2 else VALUES
    leaves = {path: Leaf(bus, path, value) for path, value in values.items()}
    root = Root(bus, leaves)
    name = dbus.service.BusName(sys.argv[1], bus, do_not_queue=True)
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    print('ready', flush=True)
    loop.run()
    del name, root


if __name__ == '__main__':
    main()
