#pragma once

#include <chrono>
#include <random>

namespace pvrouter::simrandom {

// [0, 1) from one raw output of the generator: the same on every platform, which std::uniform_real_distribution
// is not, so a seed gives the same simulated day everywhere.
inline double unitInterval(std::mt19937 &rng)
{
	return double(rng()) * (1.0 / 4294967296.0);
}

// A time in [from, to).
inline std::chrono::milliseconds between(
	std::mt19937 &rng, std::chrono::milliseconds from, std::chrono::milliseconds to)
{
	return from +
		std::chrono::milliseconds(std::chrono::milliseconds::rep(double((to - from).count()) * unitInterval(rng)));
}

} // namespace pvrouter::simrandom
