#include "register_map.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace pvrouter::RegisterMap {

int width(const RegisterDef &def)
{
	switch (def.type) {
	case RegisterType::Bit:
	case RegisterType::U16:
	case RegisterType::S16:
		return 1;
	case RegisterType::U32LowWordFirst:
	case RegisterType::U32HighWordFirst:
	case RegisterType::S32HighWordFirst:
	case RegisterType::Float32HighWordFirst:
		return 2;
	case RegisterType::Ascii:
		return def.words;
	}
	return 1;
}

namespace {

QVariant scaled(const RegisterDef &def, qlonglong raw)
{
	if (def.scale == 1)
		return raw;
	return double(raw) * def.scale;
}

} // namespace

QVariant decode(const RegisterDef &def, const quint16 *words)
{
	switch (def.type) {
	case RegisterType::Bit:
		return qlonglong(words[0] != 0);
	case RegisterType::U16:
		return scaled(def, words[0]);
	case RegisterType::S16:
		return scaled(def, qint16(words[0]));
	case RegisterType::U32LowWordFirst:
		return scaled(def, qlonglong(words[1]) << 16 | words[0]);
	case RegisterType::U32HighWordFirst:
		return scaled(def, qlonglong(words[0]) << 16 | words[1]);
	case RegisterType::S32HighWordFirst:
		return scaled(def, qint32(quint32(words[0]) << 16 | words[1]));
	case RegisterType::Float32HighWordFirst: {
		const quint32 bits = quint32(words[0]) << 16 | words[1];
		float f;
		std::memcpy(&f, &bits, sizeof f);
		if (!std::isfinite(f))
			return {};
		return double(f) * def.scale;
	}
	case RegisterType::Ascii: {
		QByteArray text;
		for (int i = 0; i < def.words; ++i)
			text.append(char(words[i] >> 8)).append(char(words[i] & 0xff));
		text.truncate(text.indexOf('\0') < 0 ? text.size() : text.indexOf('\0'));
		return QString::fromLatin1(text).trimmed();
	}
	}
	return {};
}

QList<quint16> encode(const RegisterDef &def, const QVariant &value)
{
	const auto raw = [&] {
		return qlonglong(std::llround(value.toDouble() / def.scale));
	};
	switch (def.type) {
	case RegisterType::Bit:
		return {quint16(value.toBool())};
	case RegisterType::U16:
	case RegisterType::S16:
		return {quint16(raw())};
	case RegisterType::U32LowWordFirst: {
		const quint32 v = quint32(raw());
		return {quint16(v & 0xffff), quint16(v >> 16)};
	}
	case RegisterType::U32HighWordFirst:
	case RegisterType::S32HighWordFirst: {
		const quint32 v = quint32(raw());
		return {quint16(v >> 16), quint16(v & 0xffff)};
	}
	case RegisterType::Float32HighWordFirst: {
		const float f = float(value.toDouble() / def.scale);
		quint32 bits;
		std::memcpy(&bits, &f, sizeof bits);
		return {quint16(bits >> 16), quint16(bits & 0xffff)};
	}
	case RegisterType::Ascii: {
		QByteArray text = value.toString().toLatin1().leftJustified(def.words * 2, '\0', true);
		QList<quint16> words;
		for (int i = 0; i < def.words; ++i)
			words.append(quint16(quint8(text[2 * i])) << 8 | quint8(text[2 * i + 1]));
		return words;
	}
	}
	return {};
}

QList<RegisterBlock> planBlocks(const QList<RegisterDef> &defs, const BlockRules &rules)
{
	QList<int> order(defs.size());
	std::iota(order.begin(), order.end(), 0);
	std::stable_sort(order.begin(), order.end(), [&defs](int a, int b) {
		return std::make_pair(int(defs[a].table), defs[a].address) <
			std::make_pair(int(defs[b].table), defs[b].address);
	});

	QList<RegisterBlock> blocks;
	for (int index : std::as_const(order)) {
		const RegisterDef &def = defs[index];
		const int end = def.address + width(def); // one past the last register
		if (!blocks.isEmpty()) {
			RegisterBlock &last = blocks.last();
			const int lastEnd = last.start + last.count;
			const bool crossesBarrier = std::any_of(rules.barriers.cbegin(), rules.barriers.cend(),
				[&](quint16 b) { return b > last.start && b <= def.address; });
			if (last.table == def.table && def.address - lastEnd <= rules.maxGap &&
				end - last.start <= rules.maxCount && !crossesBarrier) {
				last.count = quint16(std::max(lastEnd, end) - last.start);
				last.members.append(index);
				continue;
			}
		}
		blocks.append({def.table, def.address, quint16(width(def)), {index}});
	}
	return blocks;
}

} // namespace pvrouter::RegisterMap
