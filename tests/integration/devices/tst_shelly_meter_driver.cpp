#include "devices/drivers/shelly_meter.h"
#include "sim/shelly_gen1_em_sim.h"
#include "sim/shelly_gen2_em_sim.h"

#include <QTest>
#include <QTestEventLoop>

#include <memory>
#include <random>

using namespace pvrouter;
using namespace std::chrono_literals;
using Q = AcMeterModel::Quantity;
using SQ = ShellySim::Quantity;

Q_DECLARE_METATYPE(pvrouter::SimHttpFault)

namespace {

enum class Model { Gen1Em, Gen13Em, ProEm, Pro3Em };

std::unique_ptr<ShellySim> makeSim(Model model)
{
	switch (model) {
	case Model::Gen1Em:
		return std::make_unique<ShellyGen1EmSim>(ShellyGen1EmSim::Model::Em);
	case Model::Gen13Em:
		return std::make_unique<ShellyGen1EmSim>(ShellyGen1EmSim::Model::Em3);
	case Model::ProEm:
		return std::make_unique<ShellyGen2EmSim>(ShellyGen2EmSim::Model::ProEm);
	case Model::Pro3Em:
		break;
	}
	return std::make_unique<ShellyGen2EmSim>(ShellyGen2EmSim::Model::Pro3Em);
}

QtMessageHandler g_testHandler = nullptr;

// Ten thousand failed polls would log as many lines (QT_LOGGING_RULES enables debug for the tests).
void dropDeviceLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
	const QLatin1String category(context.category ? context.category : "");
	if (category != QLatin1String("pvrouter.http") && category != QLatin1String("pvrouter.sim"))
		g_testHandler(type, context, message);
}

// Every value of every phase, meter-wide ones included.
bool allInvalid(const AcMeterModel &model)
{
	for (int phase = 0; phase <= AcMeterModel::MaxPhases; ++phase) {
		for (int q = 0; q < AcMeterModel::QuantityCount; ++q) {
			if (model.value(phase, Q(q)).isValid())
				return false;
		}
	}
	return true;
}

} // namespace

Q_DECLARE_METATYPE(Model)

// The Shelly driver against the simulated meters over loopback HTTP: each model's values, roles of its
// channels, every fault losing the meter (every value invalid) within two polls and its recovery, the
// authentication cases, and 10,000 polls under cycling faults.
class TestShellyMeterDriver : public QObject
{
	Q_OBJECT
private Q_SLOTS:
	void init();
	void cleanup();
	void gen1EmReadsOneChannel();
	void gen13EmReadsThreePhasesWithBasicAuth();
	void proEmReadsOneChannel();
	void pro3EmReadsThreePhases();
	void pro3EmMonophaseProfileHasChannels();
	void pro3EmBeforeProfilesIsThreePhase();
	void eachFaultLosesTheMeterWithinTwoPolls_data();
	void eachFaultLosesTheMeterWithinTwoPolls();
	void slowButInTimeIsFine();
	void wrongCredentials();
	void gen2AuthenticationIsRefusedWithTheReason();
	void channelOnAThreePhaseMeter();
	void identifiedAgainAfterAnOutage();
	void tenThousandFaultyPolls();

private:
	// A meter polling the simulator every 100 ms (each request's deadline too), probed 200 ms after a loss.
	ShellyMeter *startMeter(std::optional<int> channel = std::nullopt, const HttpCredentials &credentials = {});
	void setUpSim(Model model);

	std::unique_ptr<HttpClient> m_client;
	std::unique_ptr<ShellySim> m_sim;
	std::unique_ptr<ShellyMeter> m_meter;
};

void TestShellyMeterDriver::init()
{
	m_client = std::make_unique<HttpClient>();
}

void TestShellyMeterDriver::cleanup()
{
	m_meter.reset();
	m_sim.reset();
	m_client.reset();
}

void TestShellyMeterDriver::setUpSim(Model model)
{
	m_sim = makeSim(model);
	QString error;
	QVERIFY2(m_sim->listen(&error), qPrintable(error));
	for (int c = 0; c < m_sim->channelCount(); ++c) {
		m_sim->set(c, SQ::VoltageV, 230.0 + c);
		m_sim->set(c, SQ::CurrentA, 1.5 + c);
		m_sim->set(c, SQ::PowerW, c == 1 ? -250.5 : 300.0 + 100 * c);
		m_sim->set(c, SQ::PowerFactor, 0.9);
		m_sim->set(c, SQ::FrequencyHz, 49.95);
		m_sim->set(c, SQ::EnergyForwardWh, 1000.0 * (c + 1));
		m_sim->set(c, SQ::EnergyReverseWh, 500.0 * (c + 1));
	}
}

ShellyMeter *TestShellyMeterDriver::startMeter(std::optional<int> channel, const HttpCredentials &credentials)
{
	HttpDevice::Options options;
	options.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_sim->port()));
	options.credentials = credentials;
	options.poll = 100ms;
	options.budget.firstBackoff = 200ms;
	m_meter = std::make_unique<ShellyMeter>(m_client.get(), options, channel);
	m_meter->start();
	return m_meter.get();
}

void TestShellyMeterDriver::gen1EmReadsOneChannel()
{
	setUpSim(Model::Gen1Em);
	AcMeterModel *model = startMeter(1)->model();
	QVERIFY(!model->isConnected());
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->phaseCount(), 1);
	QCOMPARE(model->value(Q::PowerW).toDouble(), -250.5);
	QCOMPARE(model->value(Q::VoltageV).toDouble(), 231.0);
	QCOMPARE(model->value(Q::EnergyForwardKWh).toDouble(), 2.0);
	QCOMPARE(model->value(Q::EnergyReverseKWh).toDouble(), 1.0);
	QVERIFY(!model->value(Q::CurrentA).isValid()); // the gen1 EM reports none
	QCOMPARE(model->productName(), QVariant(QStringLiteral("Shelly EM")));
	QCOMPARE(model->serial(), QVariant(QStringLiteral("A4CF12B9F355")));
	QCOMPARE(model->firmwareVersion(), QVariant(QStringLiteral("20230913-114150/v1.14.0-gcb84623")));
	QCOMPARE(m_meter->requestTimeout(), 100ms); // the 2 s default, cut to the poll period

	m_sim->set(1, SQ::PowerW, 42.5);
	QTRY_COMPARE(model->value(Q::PowerW).toDouble(), 42.5);
}

void TestShellyMeterDriver::gen13EmReadsThreePhasesWithBasicAuth()
{
	setUpSim(Model::Gen13Em);
	static_cast<ShellyGen1EmSim *>(m_sim.get())->setCredentials(QStringLiteral("admin"), QStringLiteral("pw 1"));
	AcMeterModel *model = startMeter(std::nullopt, {QStringLiteral("admin"), QStringLiteral("pw 1")})->model();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->phaseCount(), 3);
	QCOMPARE(model->value(1, Q::PowerW).toDouble(), 300.0);
	QCOMPARE(model->value(2, Q::PowerW).toDouble(), -250.5);
	QCOMPARE(model->value(3, Q::PowerW).toDouble(), 500.0);
	QCOMPARE(model->value(2, Q::CurrentA).toDouble(), 2.5);
	QCOMPARE(model->value(3, Q::VoltageV).toDouble(), 232.0);
	QCOMPARE(model->value(3, Q::EnergyForwardKWh).toDouble(), 3.0);
	QCOMPARE(model->value(Q::PowerW).toDouble(), 300.0 - 250.5 + 500.0);
	QCOMPARE(model->value(Q::EnergyForwardKWh).toDouble(), 6.0);
	QCOMPARE(model->value(Q::EnergyReverseKWh).toDouble(), 3.0);
	QCOMPARE(model->productName(), QVariant(QStringLiteral("Shelly 3EM")));
}

void TestShellyMeterDriver::proEmReadsOneChannel()
{
	setUpSim(Model::ProEm);
	AcMeterModel *model = startMeter(1)->model();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->phaseCount(), 1);
	QCOMPARE(model->value(Q::PowerW).toDouble(), -250.5);
	QCOMPARE(model->value(Q::CurrentA).toDouble(), 2.5);
	QCOMPARE(model->value(Q::PowerFactor).toDouble(), 0.9);
	QCOMPARE(model->value(Q::FrequencyHz).toDouble(), 49.95);
	QCOMPARE(model->value(Q::EnergyForwardKWh).toDouble(), 2.0);
	QCOMPARE(model->productName(), QVariant(QStringLiteral("Shelly Pro EM")));
	QCOMPARE(m_meter->deviceInfo()->layout, ShellyDeviceInfo::Layout::Gen2Em1);
}

void TestShellyMeterDriver::pro3EmReadsThreePhases()
{
	setUpSim(Model::Pro3Em);
	AcMeterModel *model = startMeter()->model();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->phaseCount(), 3);
	QCOMPARE(model->value(1, Q::PowerW).toDouble(), 300.0);
	QCOMPARE(model->value(2, Q::PowerW).toDouble(), -250.5);
	QCOMPARE(model->value(3, Q::CurrentA).toDouble(), 3.5);
	QCOMPARE(model->value(2, Q::EnergyReverseKWh).toDouble(), 1.0);
	QCOMPARE(model->value(Q::PowerW).toDouble(), 549.5);
	QCOMPARE(model->value(Q::EnergyForwardKWh).toDouble(), 6.0);
	QCOMPARE(model->value(Q::FrequencyHz).toDouble(), 49.95);
	QCOMPARE(model->serial(), QVariant(QStringLiteral("FCE8C0DBA900")));
	QCOMPARE(model->firmwareVersion(), QVariant(QStringLiteral("1.4.4")));

	m_sim->advance(1h); // 300 W for an hour on phase A
	QTRY_COMPARE(model->value(1, Q::EnergyForwardKWh).toDouble(), 1.3);
}

void TestShellyMeterDriver::pro3EmMonophaseProfileHasChannels()
{
	setUpSim(Model::Pro3Em);
	static_cast<ShellyGen2EmSim *>(m_sim.get())->setProfile(ShellyGen2EmSim::Profile::Monophase);
	AcMeterModel *model = startMeter(2)->model();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->phaseCount(), 1);
	QCOMPARE(model->value(Q::PowerW).toDouble(), 500.0);
	QCOMPARE(model->value(Q::EnergyReverseKWh).toDouble(), 1.5);
}

void TestShellyMeterDriver::pro3EmBeforeProfilesIsThreePhase()
{
	setUpSim(Model::Pro3Em);
	static_cast<ShellyGen2EmSim *>(m_sim.get())->setProfile(ShellyGen2EmSim::Profile::Legacy);
	AcMeterModel *model = startMeter()->model();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->phaseCount(), 3);
}

void TestShellyMeterDriver::eachFaultLosesTheMeterWithinTwoPolls_data()
{
	QTest::addColumn<Model>("model");
	QTest::addColumn<SimHttpFault>("fault");
	const std::pair<const char *, SimHttpFault> faults[] = {{"no answer", SimHttpFault::NoAnswer},
		{"slow", SimHttpFault::Slow}, {"401", SimHttpFault::Unauthorized}, {"500", SimHttpFault::ServerError},
		{"truncated", SimHttpFault::TruncatedBody}, {"malformed JSON", SimHttpFault::MalformedJson},
		{"wrong types", SimHttpFault::WrongTypes}};
	const std::pair<const char *, Model> models[] = {
		{"gen1 EM", Model::Gen1Em}, {"Pro EM", Model::ProEm}, {"Pro 3EM", Model::Pro3Em}};
	for (const auto &[modelName, model] : models) {
		for (const auto &[faultName, fault] : faults)
			QTest::addRow("%s, %s", modelName, faultName) << model << fault;
	}
}

void TestShellyMeterDriver::eachFaultLosesTheMeterWithinTwoPolls()
{
	QFETCH(Model, model);
	QFETCH(SimHttpFault, fault);
	setUpSim(model);
	m_sim->server().setSlowDelay(1s); // ten polls: far past the request's deadline
	ShellyMeter *meter = startMeter();
	AcMeterModel *m = meter->model();
	QTRY_VERIFY(m->isConnected());
	QVERIFY(m->value(Q::PowerW).isValid());

	int failed = 0;
	int failedWhenLost = -1;
	bool invalidWhenLost = false;
	connect(meter, &HttpDevice::pollFinished, this, [&failed](bool ok) { failed += ok ? 0 : 1; });
	connect(meter, &HttpDevice::connectedChanged, this, [&, m](bool connected) {
		if (!connected && failedWhenLost < 0) {
			failedWhenLost = failed + 1; // the poll failing now ends (pollFinished) right after
			invalidWhenLost = allInvalid(*m);
		}
	});
	m_sim->server().setFault(fault);
	QTRY_VERIFY_WITH_TIMEOUT(!m->isConnected(), 5000);
	QCOMPARE(failedWhenLost, 2); // the second failed poll in a row loses it
	QVERIFY2(invalidWhenLost, "a lost meter's values are invalid at once, never frozen");
	QVERIFY(!meter->lastError().isEmpty());

	m_sim->set(0, SQ::PowerW, 777.0);
	m_sim->server().setFault(SimHttpFault::None);
	QTRY_VERIFY_WITH_TIMEOUT(m->isConnected(), 5000); // by itself, at the next probe
	QCOMPARE(model == Model::Pro3Em ? m->value(1, Q::PowerW).toDouble() : m->value(Q::PowerW).toDouble(), 777.0);
	QVERIFY(meter->lastError().isEmpty());
}

void TestShellyMeterDriver::slowButInTimeIsFine()
{
	setUpSim(Model::Pro3Em);
	m_sim->server().setFault(SimHttpFault::Slow);
	m_sim->server().setSlowDelay(10ms);
	ShellyMeter *meter = startMeter();
	QTRY_VERIFY(meter->model()->isConnected());
	int failed = 0;
	connect(meter, &HttpDevice::pollFinished, this, [&failed](bool ok) { failed += ok ? 0 : 1; });
	int polls = 0;
	connect(meter, &HttpDevice::pollFinished, this, [&polls] { ++polls; });
	QTRY_VERIFY(polls >= 5);
	QCOMPARE(failed, 0);
	QVERIFY(meter->isConnected());
}

void TestShellyMeterDriver::wrongCredentials()
{
	setUpSim(Model::Gen1Em);
	static_cast<ShellyGen1EmSim *>(m_sim.get())->setCredentials(QStringLiteral("admin"), QStringLiteral("right"));
	ShellyMeter *meter = startMeter(std::nullopt, {QStringLiteral("admin"), QStringLiteral("wrong-secret")});
	QTRY_VERIFY(meter->lastError().contains(QLatin1String("HTTP 401")));
	QVERIFY(!meter->isConnected());
	QVERIFY2(meter->lastError().contains(QLatin1String("refuses the username and password")),
		qPrintable(meter->lastError()));
	QVERIFY(!meter->lastError().contains(QLatin1String("wrong-secret")));
	QVERIFY(meter->deviceInfo()); // /shelly is open; the status is not
}

void TestShellyMeterDriver::gen2AuthenticationIsRefusedWithTheReason()
{
	setUpSim(Model::Pro3Em);
	static_cast<ShellyGen2EmSim *>(m_sim.get())->setAuthEnabled(true);
	ShellyMeter *meter = startMeter(std::nullopt, {QStringLiteral("admin"), QStringLiteral("pw")});
	QTRY_VERIFY(!meter->lastError().isEmpty());
	QVERIFY2(meter->lastError().contains(QLatin1String("SHA-256")), qPrintable(meter->lastError()));
	QVERIFY(!meter->isConnected());
	QVERIFY(!meter->deviceInfo());
}

void TestShellyMeterDriver::channelOnAThreePhaseMeter()
{
	setUpSim(Model::Pro3Em);
	ShellyMeter *meter = startMeter(1);
	QTRY_VERIFY(!meter->lastError().isEmpty());
	QVERIFY2(meter->lastError().endsWith(
				 QLatin1String("key 'channel' does not apply to the Shelly Pro 3EM: it is a three-phase meter")),
		qPrintable(meter->lastError()));

	m_meter.reset();
	setUpSim(Model::Gen1Em);
	meter = startMeter(2);
	QTRY_VERIFY(!meter->lastError().isEmpty());
	QVERIFY2(meter->lastError().endsWith(QLatin1String("channel 2 does not exist: the Shelly EM has channels 0 to 1")),
		qPrintable(meter->lastError()));
}

void TestShellyMeterDriver::identifiedAgainAfterAnOutage()
{
	setUpSim(Model::Pro3Em);
	int identifications = 0;
	connect(&m_sim->server(), &SimHttpServer::requestHandled, this,
		[&identifications](const QByteArray &, const QByteArray &path) { identifications += path == "/shelly"; });
	AcMeterModel *model = startMeter()->model();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(identifications, 1);
	QCOMPARE(model->phaseCount(), 3);

	// Another firmware profile comes back: three channels now, and channel 0 is what this meter reads.
	m_sim->server().setFault(SimHttpFault::ServerError);
	QTRY_VERIFY(!model->isConnected());
	static_cast<ShellyGen2EmSim *>(m_sim.get())->setProfile(ShellyGen2EmSim::Profile::Monophase);
	m_sim->server().setFault(SimHttpFault::None);
	QTRY_VERIFY_WITH_TIMEOUT(model->isConnected(), 5000);
	QVERIFY(identifications >= 2);
	QCOMPARE(model->phaseCount(), 1);
	QCOMPARE(model->value(Q::PowerW).toDouble(), 300.0);
}

void TestShellyMeterDriver::tenThousandFaultyPolls()
{
	// Back to back: 2 ms polls and deadlines, no back-off; the faults change every few polls in a seeded order,
	// now and then with the meter's profile. After every poll the model is whole or empty, never in between.
	g_testHandler = qInstallMessageHandler(dropDeviceLog);
	setUpSim(Model::Pro3Em);
	auto *sim = static_cast<ShellyGen2EmSim *>(m_sim.get());
	sim->server().setSlowDelay(5ms);
	HttpDevice::Options options;
	options.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(sim->port()));
	options.poll = 2ms;
	options.budget.firstBackoff = 0ms;
	options.budget.maxBackoff = 0ms;
	m_meter = std::make_unique<ShellyMeter>(m_client.get(), options, std::nullopt);
	AcMeterModel *model = m_meter->model();

	const SimHttpFault faults[] = {SimHttpFault::None, SimHttpFault::NoAnswer, SimHttpFault::Slow,
		SimHttpFault::Unauthorized, SimHttpFault::ServerError, SimHttpFault::TruncatedBody, SimHttpFault::MalformedJson,
		SimHttpFault::WrongTypes};
	std::mt19937 rng(20240611);
	int polls = 0, good = 0, inconsistent = 0;
	connect(m_meter.get(), &HttpDevice::pollFinished, this, [&](bool ok) {
		if (++polls == 10000)
			QTestEventLoop::instance().exitLoop();
		good += ok;
		if (model->isConnected() ? !model->value(Q::PowerW).isValid() : !allInvalid(*model))
			++inconsistent;
		if (polls % 5 == 0) {
			sim->server().setFault(faults[rng() % std::size(faults)]);
			if (rng() % 50 == 0)
				sim->setProfile(rng() % 2 ? ShellyGen2EmSim::Profile::Monophase : ShellyGen2EmSim::Profile::Triphase);
			sim->set(0, SQ::PowerW, double(rng() % 5000));
		}
	});
	m_meter->start();
	// An event loop that runs until the 10,000th poll: QTRY's 10 ms naps between checks would be most of the time.
	QTestEventLoop::instance().enterLoop(100);
	QVERIFY2(polls >= 10000, qPrintable(QStringLiteral("%1 polls in 100 s").arg(polls)));
	qInstallMessageHandler(g_testHandler);
	QCOMPARE(inconsistent, 0);
	QVERIFY2(good > 500, qPrintable(QStringLiteral("%1 good polls").arg(good)));

	// The meter comes back once the faults end, with the values of now.
	m_meter.reset();
	sim->server().setFault(SimHttpFault::None);
	sim->setProfile(ShellyGen2EmSim::Profile::Triphase);
	sim->set(0, SQ::PowerW, 1234.0);
	model = startMeter()->model();
	QTRY_VERIFY(model->isConnected());
	QCOMPARE(model->value(1, Q::PowerW).toDouble(), 1234.0);
}

QTEST_GUILESS_MAIN(TestShellyMeterDriver)
#include "tst_shelly_meter_driver.moc"
