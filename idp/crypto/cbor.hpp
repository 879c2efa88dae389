#pragma once
// A strict CBOR (RFC 8949) decoder for untrusted input: the WebAuthn attestation object and the
// COSE keys inside authenticator data. It reads the subset CTAP2 authenticators produce
// (definite lengths, no tags, no floats) and refuses everything else, so a hostile document
// cannot make us allocate, recurse or loop beyond fixed bounds. Shortest-form arguments and
// sorted keys (CTAP2 canonical CBOR) are not demanded: they would add no safety here.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace esc::crypto::cbor {

// Bounds on untrusted input; real attestation objects nest 3 deep and hold a handful of items.
constexpr int kMaxDepth = 16;
constexpr std::size_t kMaxItems = 1024;

struct Value {
    // A byte string (major type 2), kept apart from text (major type 3).
    struct Bytes {
        std::string data;
        bool operator==(const Bytes&) const = default;
    };
    using Array = std::vector<Value>;
    // Pairs in the order of the input. Keys are integers or text (RFC 9052 §7 labels) and
    // unique: a duplicated key would let two readers of one document see different values.
    using Map = std::vector<std::pair<Value, Value>>;

    // std::uint64_t: major type 0; std::int64_t: major type 1, always negative (a negative
    // integer below INT64_MIN is refused); bool and nullptr: simple values 20, 21 and 22.
    std::variant<std::uint64_t, std::int64_t, Bytes, std::string, Array, Map, bool, std::nullptr_t> data;

    // Typed views; nullptr (or nullopt) when the value is of another kind.
    const std::string* bytes() const;
    const std::string* text() const;
    const Array* array() const;
    const Map* map() const;
    std::optional<std::int64_t> integer() const; // major type 0 or 1, when it fits an int64

    // Same kind and same content, maps compared pair by pair in order. Not defaulted here: clang
    // would then need std::pair<Value, Value> complete before Value is.
    bool operator==(const Value& other) const;
};

// Decodes one data item. With `consumed` null the item must fill `bytes` exactly; otherwise the
// item may be followed by anything and `*consumed` receives its length. nullopt on any malformed,
// unsupported or oversized input; never throws on bad input.
std::optional<Value> decode(std::string_view bytes, std::size_t* consumed = nullptr);

// The value stored under an integer or text key; nullptr when absent.
const Value* find(const Value::Map& map, std::int64_t key);
const Value* find(const Value::Map& map, std::string_view key);

} // namespace esc::crypto::cbor
