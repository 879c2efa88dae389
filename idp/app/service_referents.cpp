#include "app/service_referents.hpp"

namespace esc::app {

void load_file_referents(storage::Store& store, const std::vector<domain::Client>& clients) {
    std::vector<domain::Referent> referents;
    for (const auto& c : clients)
        referents.insert(referents.end(), c.referents.begin(), c.referents.end());
    store.access().replace_file_referents(referents);
}

} // namespace esc::app
