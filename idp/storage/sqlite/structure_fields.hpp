#pragma once
#include <string>
#include <utility>

#include "domain/professional.hpp"

// Internal to the SQLite backend: the `structures` columns and the Activity members they hold,
// one table for the reading store (directory_store.cpp) and the import (directory_import_session.cpp).
namespace esc::storage::sqlite {

using PlaceField = std::pair<const char*, std::string domain::Activity::*>;

extern const PlaceField kPlaceFields[25];

} // namespace esc::storage::sqlite
