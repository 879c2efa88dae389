#include "finess_parser.hpp"
#include "import_parts.hpp"
#include "text.hpp"

namespace esc::directory_sync {
namespace {

std::uint64_t record_digest(const storage::FinessRecord& record) {
    std::uint64_t digest = 0xF1;
    for (const auto& value : record)
        digest = mix64(digest, hash64(value));
    return digest == 0 ? 1 : digest;
}

std::string differing_fields(const storage::FinessRecord& before, const storage::FinessRecord& after) {
    std::string fields;
    for (std::size_t i = 0; i < storage::kFinessFieldCount; ++i)
        if (before[i] != after[i]) {
            if (!fields.empty()) fields += ',';
            fields += storage::finess_field_names()[i];
        }
    return fields;
}

// Calls fn(record, line number) for each structureet record; rejects others than geolocalisation etc.
template <typename Fn>
void for_each_record(InputFile& file, const std::string& label, Rejects* rejects, FinessPlan* stats, Fn&& fn) {
    LineReader reader(file, stats != nullptr);
    std::string_view line;
    std::uint64_t offset = 0, number = 0;
    while (reader.next(line, offset)) {
        ++number;
        if (strip_cr(line).empty()) continue;
        if (number == 1) {
            if (!is_finess_preamble(line)) throw Refusal(label + ": first line is not 'finess;etalab;...'");
            continue;
        }
        FinessLine parsed = parse_finess_line(line);
        if (stats) ++stats->data_lines;
        if (parsed.kind == FinessLineKind::Other) {
            if (stats) ++stats->other;
        } else if (parsed.kind == FinessLineKind::Rejected) {
            if (stats) ++stats->rejected;
            if (rejects) rejects->add(label, number, "rejected", parsed.reason, parsed.detail);
        } else {
            fn(parsed.record);
        }
    }
}

} // namespace

FinessPlan diff_finess(InputFile& file, const std::string& label, storage::DirectoryImportStore& store,
                       Rejects& rejects) {
    FinessPlan plan;
    store.scan_finess([&](std::string_view finess, std::uint64_t digest) { plan.stored.emplace(finess, digest); });
    std::unordered_set<std::string> seen;
    for_each_record(file, label, &rejects, &plan, [&](const storage::FinessRecord& record) {
        ++plan.records;
        if (!seen.insert(record[0]).second) return; // the 507 file repeats nothing; first record wins
        const auto stored = plan.stored.find(record[0]);
        const std::uint64_t digest = record_digest(record);
        if (stored == plan.stored.end()) {
            plan.to_put.emplace(record[0], "");
        } else if (stored->second != digest) {
            const auto before = store.find_finess(record[0]);
            plan.to_put.emplace(record[0], before ? differing_fields(*before, record) : "");
        }
    });
    for (const auto& [finess, digest] : plan.stored)
        if (!seen.count(finess)) plan.removed.push_back(finess);
    return plan;
}

void apply_finess(InputFile& file, const FinessPlan& plan, storage::DirectoryImportSession& session, bool journal) {
    std::unordered_set<std::string> written;
    for_each_record(file, "", nullptr, nullptr, [&](const storage::FinessRecord& record) {
        const auto planned = plan.to_put.find(record[0]);
        if (planned == plan.to_put.end() || !written.insert(record[0]).second) return;
        const bool added = !plan.stored.count(record[0]);
        session.put_finess(record, record_digest(record));
        if (journal) session.journal({"finess", record[0], "", added ? "added" : "changed", planned->second});
    });
    for (const auto& finess : plan.removed) {
        session.remove_finess(finess);
        if (journal) session.journal({"finess", finess, "", "removed", ""});
    }
}

} // namespace esc::directory_sync
