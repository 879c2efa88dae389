// Strict CBOR decoding (RFC 8949 §3) within the bounds set in cbor.hpp.
#include "crypto/cbor.hpp"

#include <algorithm>
#include <limits>

namespace esc::crypto::cbor {
namespace {

enum Major : unsigned {
    kUnsigned = 0,
    kNegative = 1,
    kByteString = 2,
    kTextString = 3,
    kArray = 4,
    kMap = 5,
    kSimple = 7
};

// RFC 8949 §3.3: the only simple values we accept.
constexpr unsigned kFalse = 20;
constexpr unsigned kTrue = 21;
constexpr unsigned kNull = 22;

std::optional<Value> simple(unsigned info) {
    // Floats (25..27), undefined (23), one-byte simple values (24) and the break code (31) never
    // occur in WebAuthn data; refusing them keeps one meaning per byte.
    switch (info) {
    case kFalse:
        return Value{false};
    case kTrue:
        return Value{true};
    case kNull:
        return Value{nullptr};
    default:
        return std::nullopt;
    }
}

// Orders integer keys before text keys; only called on keys that are one or the other.
bool key_less(const Value* a, const Value* b) {
    auto x = a->integer();
    auto y = b->integer();
    if (x && y) return *x < *y;
    if (x || y) return x.has_value();
    return *a->text() < *b->text();
}

// COSE labels are integers or text (RFC 9052 §7), the attestation object uses text keys; any
// other key kind, and any key seen twice, makes the map unusable.
bool keys_valid(const Value::Map& map) {
    std::vector<const Value*> keys;
    keys.reserve(map.size());
    for (const auto& [key, value] : map) {
        if (!key.integer() && !key.text()) return false;
        keys.push_back(&key);
    }
    std::sort(keys.begin(), keys.end(), key_less);
    return std::adjacent_find(keys.begin(), keys.end(),
                              [](const Value* a, const Value* b) { return !key_less(a, b); }) == keys.end();
}

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    std::optional<Value> item(int depth);
    std::size_t position() const { return pos_; }

private:
    std::size_t remaining() const { return in_.size() - pos_; }
    std::optional<std::uint64_t> argument(unsigned info);
    std::optional<std::string> take(std::uint64_t size);
    std::optional<Value> array(std::uint64_t count, int depth);
    std::optional<Value> map(std::uint64_t count, int depth);

    std::string_view in_;
    std::size_t pos_ = 0;
};

// RFC 8949 §3: below 24 the additional information is the argument itself; 24..27 announce a
// 1, 2, 4 or 8-byte big-endian argument; 28..30 are reserved and 31 is an indefinite length.
std::optional<std::uint64_t> Reader::argument(unsigned info) {
    if (info < 24) return info;
    if (info > 27) return std::nullopt;
    std::size_t size = std::size_t{1} << (info - 24);
    if (remaining() < size) return std::nullopt;
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < size; ++i)
        value = value << 8 | static_cast<unsigned char>(in_[pos_++]);
    return value;
}

std::optional<std::string> Reader::take(std::uint64_t size) {
    // The declared length is checked against the input before any allocation.
    if (size > remaining()) return std::nullopt;
    std::string out(in_.substr(pos_, static_cast<std::size_t>(size)));
    pos_ += static_cast<std::size_t>(size);
    return out;
}

std::optional<Value> Reader::array(std::uint64_t count, int depth) {
    // Each item takes at least one byte, so a count beyond the input is refused before reserving.
    if (depth > kMaxDepth || count > kMaxItems || count > remaining()) return std::nullopt;
    Value::Array items;
    items.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
        auto value = item(depth);
        if (!value) return std::nullopt;
        items.push_back(std::move(*value));
    }
    return Value{std::move(items)};
}

std::optional<Value> Reader::map(std::uint64_t count, int depth) {
    if (depth > kMaxDepth || count > kMaxItems || count * 2 > remaining()) return std::nullopt;
    Value::Map pairs;
    pairs.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
        auto key = item(depth);
        if (!key) return std::nullopt;
        auto value = item(depth);
        if (!value) return std::nullopt;
        pairs.emplace_back(std::move(*key), std::move(*value));
    }
    if (!keys_valid(pairs)) return std::nullopt;
    return Value{std::move(pairs)};
}

std::optional<Value> Reader::item(int depth) {
    if (remaining() == 0) return std::nullopt;
    auto initial = static_cast<unsigned char>(in_[pos_++]);
    unsigned major = initial >> 5;
    unsigned info = initial & 0x1fu;
    if (major == kSimple) return simple(info);
    auto arg = argument(info);
    if (!arg) return std::nullopt;
    switch (major) {
    case kUnsigned:
        return Value{*arg};
    case kNegative:
        // RFC 8949 §3.1: the value is -1 - argument, refused when it does not fit an int64.
        if (*arg > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
        return Value{-1 - static_cast<std::int64_t>(*arg)};
    case kByteString:
        if (auto data = take(*arg)) return Value{Value::Bytes{std::move(*data)}};
        return std::nullopt;
    case kTextString:
        // UTF-8 is not validated: text is only ever compared with our own ASCII constants.
        if (auto text = take(*arg)) return Value{std::move(*text)};
        return std::nullopt;
    case kArray:
        return array(*arg, depth + 1);
    case kMap:
        return map(*arg, depth + 1);
    default:
        return std::nullopt; // tags (major type 6): WebAuthn data carries none
    }
}

} // namespace

const std::string* Value::bytes() const {
    const auto* b = std::get_if<Bytes>(&data);
    return b ? &b->data : nullptr;
}

const std::string* Value::text() const {
    return std::get_if<std::string>(&data);
}
const Value::Array* Value::array() const {
    return std::get_if<Array>(&data);
}
const Value::Map* Value::map() const {
    return std::get_if<Map>(&data);
}

bool Value::operator==(const Value& other) const {
    return data == other.data;
}

std::optional<std::int64_t> Value::integer() const {
    if (const auto* n = std::get_if<std::int64_t>(&data)) return *n;
    const auto* u = std::get_if<std::uint64_t>(&data);
    if (!u || *u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(*u);
}

std::optional<Value> decode(std::string_view bytes, std::size_t* consumed) {
    Reader reader(bytes);
    auto value = reader.item(0);
    if (!value) return std::nullopt;
    if (consumed != nullptr)
        *consumed = reader.position();
    else if (reader.position() != bytes.size())
        return std::nullopt;
    return value;
}

const Value* find(const Value::Map& map, std::int64_t key) {
    for (const auto& [k, v] : map)
        if (k.integer() == key) return &v;
    return nullptr;
}

const Value* find(const Value::Map& map, std::string_view key) {
    for (const auto& [k, v] : map)
        if (const auto* text = k.text(); text && *text == key) return &v;
    return nullptr;
}

} // namespace esc::crypto::cbor
