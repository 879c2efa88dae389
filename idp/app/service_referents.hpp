#pragma once
#include <vector>

#include "domain/client.hpp"
#include "storage/store.hpp"

namespace esc::app {

// The referents declared in the clients' files replace those of the previous start (the file wins);
// the ones an administrator added in the console stay.
void load_file_referents(storage::Store& store, const std::vector<domain::Client>& clients);

} // namespace esc::app
