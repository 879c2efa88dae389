#pragma once
#include <chrono>
#include <cstdint>
#include <functional>

namespace esc::domain {

// Seconds since the Unix epoch: every stored and signed time in Esculape uses this unit.
using UnixTime = std::int64_t;

// Injected everywhere a rule depends on "now", so tests can move time without sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    virtual UnixTime now() const = 0;
};

class SystemClock final : public Clock {
public:
    UnixTime now() const override {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

// A clock the tests set by hand.
class FakeClock final : public Clock {
public:
    explicit FakeClock(UnixTime t = 1'700'000'000) : t_(t) {}
    UnixTime now() const override { return t_; }
    void advance(UnixTime seconds) { t_ += seconds; }
    void set(UnixTime t) { t_ = t; }

private:
    UnixTime t_;
};

} // namespace esc::domain
