#include <algorithm>

#include "import_parts.hpp"
#include "text.hpp"

namespace esc::directory_sync {
namespace {

constexpr std::uint64_t kMaxOffset = (1ULL << 40) - 1;
constexpr std::uint32_t kMaxLength = (1U << 23) - 1;

// Exact copies of a line among the lines just read for the same professional (the published
// file has true duplicates, annuaire-formats.md §2). Raw text is compared only when the stored
// fields already hash alike, so the common case costs one integer comparison per line.
struct RecentLines {
    struct Seen {
        std::uint64_t row_hash;
        std::uint64_t line;
        std::string text;
    };
    std::uint64_t key = 0;
    std::vector<Seen> seen;
    std::size_t used = 0; // entries of `seen` in use (their strings keep their capacity)
    std::uint64_t duplicate_of(std::uint64_t key_now, std::uint64_t row, std::string_view text, std::uint64_t number) {
        if (key_now != key) {
            key = key_now;
            used = 0;
        }
        for (std::size_t i = 0; i < used; ++i)
            if (seen[i].row_hash == row && seen[i].text == text) return seen[i].line;
        if (used == seen.size()) seen.emplace_back();
        seen[used].row_hash = row;
        seen[used].line = number;
        seen[used++].text.assign(text);
        return 0;
    }
};

// Compares the row's place with the stored structure the first time the place is seen.
void note_place(const PersonneRow& row, std::uint64_t key, const FlatMap64& stored_places, FlatMap64& seen,
                PersonneIndex& index) {
    const std::string place = place_key(row);
    if (place.empty()) return;
    const std::uint64_t h = place_hash(place);
    if (seen.get(h)) return;
    seen.put(h, 1);
    const std::uint64_t* stored = stored_places.get(h);
    if (stored && *stored == place_digest(row)) return;
    index.places_to_write.put(h, stored ? kPlaceChanged : kPlaceAdded);
    ++(stored ? index.places_changed : index.places_added);
    index.place_suppliers.push_back(key);
}

} // namespace

std::uint64_t place_hash(const std::string& structure_key) {
    const std::uint64_t h = hash64(structure_key, 0x57c);
    return h == 0 ? 1 : h;
}

PersonneIndex index_personne(InputFile& file, const std::string& label, const FlatMap64& stored_places,
                             Rejects& rejects, Progress& progress) {
    LineReader reader(file, true);
    std::string_view line;
    std::uint64_t offset = 0;
    if (!reader.next(line, offset)) throw Refusal(label + " is empty (no header line)");
    std::string error;
    auto header = PersonneHeader::parse(line, FileKind::PersonneActivite, error);
    if (!header) throw Refusal(label + ": " + error);
    PersonneIndex index;
    index.header = *header;
    progress.phase("validating " + label, file.size());
    std::string buffer;
    PersonneRow row;
    RecentLines recent;
    FlatMap64 seen_places(stored_places.size() + 1024);
    std::uint64_t number = 1;
    while (reader.next(line, offset)) {
        ++number;
        if (strip_cr(line).empty()) continue; // a blank line carries no data
        ++index.data_lines;
        const ParseOutcome outcome = parse_personne_line(line, index.header, buffer, row);
        if (!outcome.ok) {
            ++index.rejected;
            rejects.add(label, number, "rejected", outcome.reason, outcome.detail);
            continue;
        }
        const std::uint64_t key = national_key(row.get(Col::NationalId));
        const std::uint64_t hash = row_hash(row);
        if (const auto twin = recent.duplicate_of(key, hash, strip_cr(line), number)) {
            ++index.duplicates; // one copy is kept
            rejects.add(label, number, "duplicate", "duplicate_row", "exact copy of line " + std::to_string(twin));
            continue;
        }
        if (outcome.repaired) {
            ++index.repaired;
            rejects.add(label, number, "repaired", "invalid_utf8", "decoded from Windows-1252 and imported");
        }
        if (offset > kMaxOffset || line.size() > kMaxLength) throw Refusal(label + ": file or line too large");
        if (index.lines.size() == 4096) // size the index once from the average line: no doubling peak
            index.lines.reserve(static_cast<std::size_t>(1.05 * static_cast<double>(file.size()) /
                                                         (static_cast<double>(offset) / 4096.0)) +
                                4096);
        index.lines.push_back({key, hash, offset << 24 | line.size() << 1 | (outcome.repaired ? 1 : 0)});
        note_place(row, key, stored_places, seen_places, index);
        if ((number & 0xFFFF) == 0) progress.update(reader.position(), index.data_lines);
    }
    progress.done();
    // Key order = national id order: professionals are then written as B-tree appends, and a
    // file whose rows of one professional are not adjacent still groups correctly.
    std::sort(index.lines.begin(), index.lines.end(),
              [](const LineRef& a, const LineRef& b) { return a.key != b.key ? a.key < b.key : a.packed < b.packed; });
    std::sort(index.place_suppliers.begin(), index.place_suppliers.end());
    index.place_suppliers.erase(std::unique(index.place_suppliers.begin(), index.place_suppliers.end()),
                                index.place_suppliers.end());
    return index;
}

SavoirFaireIndex load_savoir_faire(InputFile& file, const std::string& label, Rejects& rejects, nlohmann::json& stats) {
    LineReader reader(file, true);
    std::string_view line;
    std::uint64_t offset = 0;
    if (!reader.next(line, offset)) throw Refusal(label + " is empty (no header line)");
    std::string error;
    auto header = PersonneHeader::parse(line, FileKind::SavoirFaire, error);
    if (!header) throw Refusal(label + ": " + error);
    SavoirFaireIndex index;
    std::string buffer;
    PersonneRow row;
    std::uint64_t number = 1, data = 0, rejected = 0;
    while (reader.next(line, offset)) {
        ++number;
        if (strip_cr(line).empty()) continue;
        ++data;
        const ParseOutcome outcome = parse_personne_line(line, *header, buffer, row);
        if (outcome.ok && (row.get(Col::CodeSavoirFaire).empty() ||
                           index.add(national_key(row.get(Col::NationalId)), row.get(Col::CodeProfession),
                                     row.get(Col::CodeTypeSavoirFaire), row.get(Col::CodeSavoirFaire))))
            continue;
        ++rejected;
        rejects.add(label, number, "rejected", outcome.ok ? "overlong_field" : outcome.reason,
                    outcome.ok ? "code too long" : outcome.detail);
    }
    index.seal();
    stats = {{"lines", data}, {"rejected", rejected}, {"specialties", index.size()}};
    return index;
}

std::size_t group_end(const PersonneIndex& index, std::size_t start) {
    std::size_t end = start + 1;
    while (end < index.lines.size() && index.lines[end].key == index.lines[start].key)
        ++end;
    return end;
}

std::uint64_t group_digest(const PersonneIndex& index, std::size_t start, std::size_t end,
                           const SavoirFaireIndex* savoir_faire, std::uint64_t* distinct_rows) {
    thread_local std::vector<std::uint64_t> hashes;
    hashes.clear();
    for (std::size_t i = start; i < end; ++i)
        hashes.push_back(index.lines[i].row_hash);
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    if (distinct_rows) *distinct_rows += hashes.size();
    std::uint64_t digest = index.lines[start].key;
    for (const std::uint64_t hash : hashes)
        digest = mix64(digest, hash);
    if (savoir_faire) digest = mix64(digest, savoir_faire->digest_for(index.lines[start].key));
    return digest == 0 ? 1 : digest; // 0 means "no digest" in the store
}

std::size_t GroupReader::read(std::size_t start, std::vector<PersonneRow>& rows, const std::string& label) {
    const auto& lines = index_.lines;
    const std::size_t end = group_end(index_, start);
    bool contiguous = true;
    for (std::size_t k = start + 1; k < end; ++k)
        contiguous = contiguous && lines[k].offset() == lines[k - 1].offset() + lines[k - 1].length() + 1;
    const std::size_t count = end - start;
    if (lines_.size() < count) lines_.resize(count), repairs_.resize(count);
    auto& texts = texts_;
    texts.assign(count, {});
    if (contiguous) {
        const std::uint64_t first = lines[start].offset();
        file_.read_at(first, lines[end - 1].offset() + lines[end - 1].length() - first, span_);
        for (std::size_t k = 0; k < count; ++k)
            texts[k] = std::string_view(span_).substr(lines[start + k].offset() - first, lines[start + k].length());
    } else {
        for (std::size_t k = 0; k < count; ++k) {
            file_.read_at(lines[start + k].offset(), lines[start + k].length(), lines_[k]);
            texts[k] = lines_[k];
        }
    }
    rows.clear();
    for (std::size_t k = 0; k < count; ++k) {
        rows.emplace_back();
        split_accepted_line(texts[k], index_.header, lines[start + k].repaired(), repairs_[k], rows.back());
        if (national_key(rows.back().get(Col::NationalId)) != lines[start].key)
            throw Refusal(label + " changed on disk during the run: nothing applied, rerun");
    }
    return end;
}

} // namespace esc::directory_sync
