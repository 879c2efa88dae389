// Benchmark (not a test): OCRA verifications per second on one core, the work the login page of the
// CPS calculator does per response (parse the suite once, compute the expected response of the
// challenge, compare in constant time). Usage: bench_ocra [seconds]   (scripts/bench-ocra)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "crypto/encoding.hpp"
#include "crypto/ocra.hpp"

int main(int argc, char** argv) {
    using namespace esc::crypto;
    const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
    auto suite = parse_ocra_suite("OCRA-1:HOTP-SHA1-8:QN08");
    if (!suite) return 1;
    const std::vector<unsigned char> key(20, 0x31);
    std::vector<std::string> challenges;
    for (int i = 0; i < 1024; ++i)
        challenges.push_back(ocra_numeric_challenge(8));
    std::uint64_t n = 0, matched = 0;
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    while (elapsed() < seconds) {
        for (int i = 0; i < 1024; ++i, ++n) {
            OcraInput input;
            input.question = challenges[i];
            auto expected = ocra_response(*suite, key, input);
            matched += expected && constant_time_equals(*expected, "12345678");
        }
    }
    const double t = elapsed();
    std::printf("OCRA-1:HOTP-SHA1-8:QN08: %llu verifications in %.2f s = %.0f per second on one core (%llu matched)\n",
                static_cast<unsigned long long>(n), t, n / t, static_cast<unsigned long long>(matched));
    return 0;
}
