#include <algorithm>

#include "import_parts.hpp"
#include "text.hpp"

namespace esc::directory_sync {
namespace {

struct StoredProfessional {
    std::uint64_t key;
    std::uint64_t digest;
    bool active;
};

bool is_name_field(const std::string& field) {
    return field == "family_name" || field == "given_name" || field == "nom_exercice" || field == "prenom_exercice";
}

bool has_field(const std::string& fields, const std::string& field) {
    return ("," + fields + ",").find("," + field + ",") != std::string::npos;
}

} // namespace

PersonnePlan plan_initial_load(const PersonneIndex&) {
    PersonnePlan plan;
    plan.initial_load = true;
    return plan;
}

PersonnePlan diff_personne(InputFile& file, PersonneIndex& index, const SavoirFaireIndex* savoir_faire,
                           storage::DirectoryImportStore& store, storage::DirectoryStore& directory,
                           const std::string& label, Progress& progress) {
    PersonnePlan plan;
    std::vector<StoredProfessional> stored;
    store.scan_professionals([&](std::string_view id, std::uint64_t digest, bool active) {
        const std::uint64_t key = national_key(id);
        if (key != 0)
            stored.push_back({key, digest, active});
        else if (active)
            plan.removed.emplace_back(id); // not a national id: cannot be in the extraction
    });
    std::sort(stored.begin(), stored.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    GroupReader reader(file, index);
    std::vector<PersonneRow> rows;
    progress.phase("comparing " + label, index.lines.size());
    std::size_t cursor = 0;
    auto retire_before = [&](std::uint64_t key) {
        for (; cursor < stored.size() && stored[cursor].key < key; ++cursor)
            if (stored[cursor].active) plan.removed.push_back(national_id_of(stored[cursor].key));
    };
    for (std::size_t start = 0, end = 0; start < index.lines.size(); start = end) {
        end = group_end(index, start);
        const std::uint64_t digest = group_digest(index, start, end, savoir_faire, &plan.distinct_rows);
        ++plan.professionals;
        const std::uint64_t key = index.lines[start].key;
        retire_before(key);
        const bool known = cursor < stored.size() && stored[cursor].key == key;
        const StoredProfessional previous = known ? stored[cursor++] : StoredProfessional{};
        if (known && previous.digest == digest && previous.active) {
            ++plan.unchanged;
            continue;
        }
        std::string fields;
        if (known) { // only changed professionals are read back, for the journal's field list
            reader.read(start, rows, label);
            const domain::Professional after = build_professional(rows, savoir_faire);
            if (auto before = directory.find_professional(after.national_id))
                fields = join_fields(changed_fields(*before, after));
        }
        plan.groups.push_back(static_cast<std::uint32_t>(start));
        plan.actions.push_back(!known ? Action::Added : previous.active ? Action::Changed : Action::Reactivated);
        plan.digests.push_back(digest);
        plan.fields.push_back(std::move(fields));
        if ((plan.professionals & 0xFFFF) == 0) progress.update(end, end);
    }
    retire_before(~0ULL);
    progress.done();
    return plan;
}

namespace {

struct ApplyCounts {
    std::uint64_t added = 0, changed = 0, reactivated = 0, removed = 0, places_added = 0, places_changed = 0,
                  notices = 0, distinct_rows = 0, professionals = 0;
};

void notice_overrides(const std::string& id, const std::string& fields,
                      const std::multimap<std::string, std::string>& overrides,
                      storage::DirectoryImportSession& session, ApplyCounts& counts) {
    const auto range = overrides.equal_range(id);
    for (auto it = range.first; it != range.second; ++it) {
        const std::string& field = it->second;
        if (!has_field(fields, field) && !(is_name_field(field) && has_field(fields, "name"))) continue;
        session.notice_override(id, field);
        ++counts.notices;
    }
}

// Groups to visit: the planned professionals and those supplying a place to write.
std::vector<std::uint32_t> groups_to_visit(const PersonneIndex& index, const PersonnePlan& plan) {
    std::vector<std::uint32_t> todo = plan.groups;
    for (const std::uint64_t key : index.place_suppliers) {
        const auto it = std::lower_bound(index.lines.begin(), index.lines.end(), key,
                                         [](const LineRef& line, std::uint64_t k) { return line.key < k; });
        if (it != index.lines.end() && it->key == key)
            todo.push_back(static_cast<std::uint32_t>(it - index.lines.begin()));
    }
    std::sort(todo.begin(), todo.end());
    todo.erase(std::unique(todo.begin(), todo.end()), todo.end());
    return todo;
}

void write_places(const domain::Professional& professional, PersonneIndex& index, bool journal,
                  storage::DirectoryImportSession& session, ApplyCounts& counts) {
    for (const auto& exercice : professional.exercices)
        for (const auto& activity : exercice.activities) {
            const std::string place = storage::structure_key(activity);
            if (place.empty()) continue;
            const std::uint64_t h = place_hash(place);
            const std::uint64_t* state = index.places_to_write.get(h);
            if (!state || *state == kPlaceWritten) continue;
            const bool changed = *state == kPlaceChanged;
            session.put_structure(place, activity, place_digest(activity));
            index.places_to_write.put(h, kPlaceWritten);
            ++(changed ? counts.places_changed : counts.places_added);
            if (journal) session.journal({"structure", place, "", changed ? "changed" : "added", ""});
        }
}

} // namespace

nlohmann::json apply_personne(InputFile& file, PersonneIndex& index, const SavoirFaireIndex* savoir_faire,
                              PersonnePlan& plan, storage::DirectoryImportSession& session,
                              const std::multimap<std::string, std::string>& overrides, const std::string& label,
                              Progress& progress) {
    ApplyCounts counts;
    const bool all = plan.initial_load;
    const std::vector<std::uint32_t> todo = all ? std::vector<std::uint32_t>{} : groups_to_visit(index, plan);
    progress.phase("writing " + label, all ? index.lines.size() : todo.size());
    GroupReader reader(file, index);
    std::vector<PersonneRow> rows;
    domain::Professional professional; // reused: see build_professional
    std::size_t planned = 0, visited = 0;
    for (std::size_t start = 0, end = 0; all ? start < index.lines.size() : visited < todo.size(); start = end) {
        if (!all) start = todo[visited];
        ++visited;
        end = reader.read(start, rows, label);
        const std::uint64_t digest = all ? group_digest(index, start, end, savoir_faire, &counts.distinct_rows) : 0;
        build_professional(rows, savoir_faire, professional);
        ++counts.professionals;
        if (all || (planned < plan.groups.size() && plan.groups[planned] == start)) {
            const Action action = all ? Action::Added : plan.actions[planned];
            session.put_professional(professional, all ? digest : plan.digests[planned], action != Action::Added);
            ++(action == Action::Added     ? counts.added
               : action == Action::Changed ? counts.changed
                                           : counts.reactivated);
            if (!all) {
                const std::string& fields = plan.fields[planned];
                const char* verb = action == Action::Added     ? "added"
                                   : action == Action::Changed ? "changed"
                                                               : "reactivated";
                session.journal({"professional", professional.national_id, professional.national_id, verb, fields});
                notice_overrides(professional.national_id, fields, overrides, session, counts);
            }
            ++planned;
        }
        write_places(professional, index, !all, session, counts);
        if ((visited & 0x3FFF) == 0) progress.update(all ? end : visited, visited);
    }
    for (const auto& id : plan.removed) {
        session.deactivate_professional(id);
        session.journal({"professional", id, id, "removed", "active"});
        ++counts.removed;
    }
    progress.done();
    nlohmann::json result = {{"added", counts.added},
                             {"changed", counts.changed},
                             {"reactivated", counts.reactivated},
                             {"removed", counts.removed},
                             {"structures_added", counts.places_added},
                             {"structures_changed", counts.places_changed},
                             {"override_notices", counts.notices}};
    if (all) result.update({{"distinct_rows", counts.distinct_rows}, {"professionals", counts.professionals}});
    return result;
}

} // namespace esc::directory_sync
