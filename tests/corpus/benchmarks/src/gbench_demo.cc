// A tiny Google Benchmark program for qe-actions' corpus. VARIANT=head makes BM_Slowed do twice the work and
// BM_SpedUp half of it; BM_Stable and BM_Throughput do not change; BM_Broken always reports an error.
#include <benchmark/benchmark.h>
#include <cstdlib>
#include <cstring>
#include <cstdint>
#include <vector>

static bool head() {
  const char* v = std::getenv("VARIANT");
  return v != nullptr && std::strcmp(v, "head") == 0;
}

static std::uint64_t mix(std::uint64_t rounds) {
  std::uint64_t x = 88172645463325252ULL;
  for (std::uint64_t i = 0; i < rounds; ++i) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
  }
  return x;
}

static void BM_Stable(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(mix(20000));
}
BENCHMARK(BM_Stable);

static void BM_Slowed(benchmark::State& state) {
  const std::uint64_t rounds = head() ? 40000 : 20000;
  for (auto _ : state) benchmark::DoNotOptimize(mix(rounds));
}
BENCHMARK(BM_Slowed);

static void BM_SpedUp(benchmark::State& state) {
  const std::uint64_t rounds = head() ? 10000 : 20000;
  for (auto _ : state) benchmark::DoNotOptimize(mix(rounds));
}
BENCHMARK(BM_SpedUp);

static void BM_Throughput(benchmark::State& state) {
  const std::uint64_t rounds = static_cast<std::uint64_t>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(mix(rounds));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Throughput)->Arg(10000);

static void BM_Broken(benchmark::State& state) {
  for (auto _ : state) {
    state.SkipWithError("fixture file not found");
    break;
  }
}
BENCHMARK(BM_Broken);

BENCHMARK_MAIN();
