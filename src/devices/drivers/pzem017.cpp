#include "pzem017.h"

#include "pzem_energy_reset.h"

#include "common/logging.h"

namespace pvrouter {

using namespace std::chrono_literals;
using Q = DcMeterModel::Quantity;

const QList<RegisterDef> &Pzem017::registers()
{
	// Input registers, devices.md §2.4 (PZ17 §2.3); 32-bit values low word first, the current a single register.
	constexpr auto In = ModbusTable::InputRegister;
	static const QList<RegisterDef> map = {
		{"voltage", In, 0x0000, RegisterType::U16, 0.01, "V"},
		{"current", In, 0x0001, RegisterType::U16, 0.01, "A"},
		{"power", In, 0x0002, RegisterType::U32LowWordFirst, 0.1, "W"},
		{"energy", In, 0x0004, RegisterType::U32LowWordFirst, 1, "Wh", 10s},
		// Holding register, devices.md §2.5 (PZ17 §2.4): the shunt's current range as a code.
		{"range", ModbusTable::HoldingRegister, 0x0003, RegisterType::U16, 1, "", 60s},
	};
	return map;
}

std::optional<quint16> Pzem017::shuntRangeCode(int amps)
{
	// devices.md §2.5: 0x0000 = 100 A, 0x0001 = 50 A, 0x0002 = 200 A, 0x0003 = 300 A.
	constexpr int Ranges[] = {100, 50, 200, 300};
	for (quint16 code = 0; code < std::size(Ranges); ++code) {
		if (Ranges[code] == amps)
			return code;
	}
	return std::nullopt;
}

void Pzem017::setShuntA(int amps)
{
	Q_ASSERT(shuntRangeCode(amps));
	m_shuntA = amps;
}

Pzem017::Pzem017(ModbusLine *line, quint8 unit, std::chrono::milliseconds poll, QObject *parent)
	: ModbusDevice(line, unit, registers(), poll, {}, parent)
{}

void Pzem017::resetEnergy()
{
	resetPzemEnergy(this, [this](bool ok, const QString &error) { Q_EMIT energyResetFinished(ok, error); });
}

void Pzem017::update()
{
	m_model.setValue(Q::VoltageV, value("voltage"));
	m_model.setValue(Q::CurrentA, value("current"));
	m_model.setValue(Q::PowerW, value("power"));
	m_model.setValue(Q::EnergyInKWh, value("energy").toDouble() / 1000);
	if (m_shuntA && !m_rangeSet && value("range").isValid())
		keepShuntRange();
}

// The meter scales its current by the range it believes its shunt has, so a wrong range is a wrong reading.
// Written at most once per connection: a meter that keeps refusing is not hammered.
void Pzem017::keepShuntRange()
{
	m_rangeSet = true;
	const quint16 wanted = *shuntRangeCode(m_shuntA);
	if (value("range").toLongLong() == wanted)
		return;
	const QString where = line()->name() + QStringLiteral(" unit ") + QString::number(unit());
	line()->write(unit(), QModbusDataUnit(QModbusDataUnit::HoldingRegisters, 0x0003, QList<quint16>{wanted}), this,
		[where, amps = m_shuntA](const ModbusResult &result) {
			if (result.ok())
				qCInfo(lcModbus).noquote() << where << "shunt range set to" << amps << "A";
			else
				qCWarning(lcModbus).noquote() << where << "setting the shunt range failed:" << result.error;
		});
}

void Pzem017::connectionChanged(bool connected)
{
	m_model.setConnected(connected);
	if (!connected)
		m_rangeSet = false; // perhaps another meter when it is back
}

} // namespace pvrouter
