#include <set>

#include "storage/directory_import.hpp"
#include "storage/memory/stores.hpp"
#include "storage/structure_fields.hpp"

namespace esc::storage::memory {

std::optional<domain::Professional> MemoryDirectoryStore::find_professional(const std::string& national_id) {
    std::lock_guard lock(s_.mutex);
    auto it = s_.professionals.find(national_id);
    if (it == s_.professionals.end()) return std::nullopt;
    domain::Professional professional = it->second;
    // An activity shows its structure as the structure is now, whoever wrote it last.
    for (auto& exercice : professional.exercices)
        for (auto& activity : exercice.activities) {
            const std::string key = structure_key(activity);
            auto place = s_.structures.find(key);
            for (const auto& [column, member] : kPlaceFields)
                activity.*member = key.empty() || place == s_.structures.end() ? "" : place->second.*member;
        }
    return professional;
}

void MemoryDirectoryStore::put_professional(const domain::Professional& professional) {
    if (professional.national_id.empty()) throw StorageError("put_professional: empty national id");
    // The SQLite schema holds one practice per profession: refuse the same, before writing anything.
    std::set<std::string> professions;
    for (const auto& exercice : professional.exercices)
        if (!professions.insert(exercice.codeProfession).second)
            throw StorageError("put_professional: two practices of profession " + exercice.codeProfession + " for " +
                               professional.national_id);
    std::lock_guard lock(s_.mutex);
    for (const auto& exercice : professional.exercices)
        for (const auto& activity : exercice.activities)
            if (auto key = structure_key(activity); !key.empty()) s_.structures[key] = activity;
    s_.professionals[professional.national_id] = professional;
    ++s_.directory_version;
}

std::int64_t MemoryDirectoryStore::version() {
    std::lock_guard lock(s_.mutex);
    return s_.directory_version;
}

} // namespace esc::storage::memory
