#pragma once
#include <cstdint>
#include <vector>

// Open-addressing hash map from non-zero 64-bit keys to 64-bit values: 16 bytes per slot, no
// allocation per entry, so a million structure digests fit in ~32 MB.
namespace esc::directory_sync {

class FlatMap64 {
public:
    explicit FlatMap64(std::size_t expected = 1024) { rehash(capacity_for(expected)); }

    // Inserts or overwrites. `key` must not be 0.
    void put(std::uint64_t key, std::uint64_t value) {
        if ((size_ + 1) * 10 > slots_.size() * 7) rehash(slots_.size() * 2);
        Slot& slot = find_slot(key);
        if (slot.key == 0) ++size_;
        slot = {key, value};
    }
    const std::uint64_t* get(std::uint64_t key) const {
        const Slot& slot = const_cast<FlatMap64*>(this)->find_slot(key);
        return slot.key == 0 ? nullptr : &slot.value;
    }
    std::size_t size() const { return size_; }

private:
    struct Slot {
        std::uint64_t key = 0;
        std::uint64_t value = 0;
    };
    static std::size_t capacity_for(std::size_t n) {
        std::size_t capacity = 16;
        while (capacity * 7 < n * 10)
            capacity *= 2;
        return capacity;
    }
    Slot& find_slot(std::uint64_t key) {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = (key * 0x9e3779b97f4a7c15ULL) >> 20 & mask;
        while (slots_[i].key != 0 && slots_[i].key != key)
            i = (i + 1) & mask;
        return slots_[i];
    }
    void rehash(std::size_t capacity) {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(capacity, Slot{});
        size_ = 0;
        for (const Slot& slot : old)
            if (slot.key != 0) put(slot.key, slot.value);
    }
    std::vector<Slot> slots_;
    std::size_t size_ = 0;
};

} // namespace esc::directory_sync
