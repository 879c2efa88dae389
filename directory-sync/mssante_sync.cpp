#include <algorithm>

#include "import_parts.hpp"
#include "mssante_parser.hpp"
#include "text.hpp"

namespace esc::directory_sync {
namespace {

template <typename Fn>
void for_each_mailbox(InputFile& file, const std::string& label, Rejects* rejects, MssantePlan* stats, Fn&& fn) {
    LineReader reader(file, stats != nullptr);
    std::string_view line;
    std::uint64_t offset = 0, number = 1;
    if (!reader.next(line, offset)) throw Refusal(label + " is empty (no header line)");
    std::string error;
    const auto header = MssanteHeader::parse(line, error);
    if (!header) throw Refusal(label + ": " + error);
    while (reader.next(line, offset)) {
        ++number;
        if (strip_cr(line).empty()) continue;
        MssanteLine parsed = parse_mssante_line(line, *header);
        if (stats) ++stats->lines;
        if (!parsed.ok) {
            if (stats) ++stats->rejected;
            if (rejects) rejects->add(label, number, "rejected", parsed.reason, parsed.detail);
            continue;
        }
        if (parsed.repaired && stats) {
            ++stats->repaired;
            if (rejects) rejects->add(label, number, "repaired", "invalid_utf8", "decoded from Windows-1252");
        }
        fn(parsed.mailbox);
    }
}

} // namespace

MssantePlan diff_mssante(InputFile& file, const std::string& label, storage::DirectoryImportStore& store,
                         Rejects& rejects) {
    MssantePlan plan;
    store.scan_mailboxes([&](std::int64_t row, std::uint64_t digest) { plan.stored.emplace_back(digest, row); });
    std::sort(plan.stored.begin(), plan.stored.end());
    plan.kept.assign(plan.stored.size(), false);
    FlatMap64 seen(plan.stored.size() + 1024);
    for_each_mailbox(file, label, &rejects, &plan, [&](const storage::MssanteMailbox& box) {
        if (seen.get(box.digest)) { // the same line twice: one mailbox row
            ++plan.duplicates;
            return;
        }
        seen.put(box.digest, 1);
        auto it = std::lower_bound(plan.stored.begin(), plan.stored.end(), std::make_pair(box.digest, INT64_MIN));
        if (it != plan.stored.end() && it->first == box.digest)
            plan.kept[static_cast<std::size_t>(it - plan.stored.begin())] = true;
        else
            plan.to_add.put(box.digest, 1);
    });
    for (std::size_t i = 0; i < plan.stored.size(); ++i) {
        if (plan.kept[i]) continue;
        plan.removed_rows.push_back(plan.stored[i].second);
        if (auto box = store.find_mailbox(plan.stored[i].second)) plan.removed.emplace(box->address, box->national_id);
    }
    return plan;
}

std::uint64_t mssante_changed_count(InputFile& file, const MssantePlan& plan) {
    if (plan.removed.empty() || plan.to_add.size() == 0) return 0;
    std::unordered_set<std::string> changed;
    for_each_mailbox(file, "", nullptr, nullptr, [&](const storage::MssanteMailbox& box) {
        if (plan.to_add.get(box.digest) && plan.removed.count(box.address)) changed.insert(box.address);
    });
    return changed.size();
}

void apply_mssante(InputFile& file, MssantePlan& plan, storage::DirectoryImportSession& session, bool journal) {
    for (const auto row : plan.removed_rows)
        session.remove_mailbox(row);
    for_each_mailbox(file, "", nullptr, nullptr, [&](const storage::MssanteMailbox& box) {
        const std::uint64_t* state = plan.to_add.get(box.digest);
        if (!state || *state == 2) return; // not new, or already written (a repeated line)
        plan.to_add.put(box.digest, 2);
        session.add_mailbox(box);
        if (!journal) return;
        // Same address removed and added: the mailbox line changed (owner, structure, details).
        const bool changed = plan.removed.count(box.address) > 0;
        if (plan.added_addresses.insert(box.address).second)
            session.journal({"mssante", box.address, box.national_id, changed ? "changed" : "added", ""});
    });
    if (!journal) return;
    for (const auto& [address, national_id] : plan.removed)
        if (!plan.added_addresses.count(address)) session.journal({"mssante", address, national_id, "removed", ""});
}

} // namespace esc::directory_sync
