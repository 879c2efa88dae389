#pragma once
#include <string>
#include <utility>

#include "domain/professional.hpp"

// The place (structure) fields of an activity: the SQLite `structures` columns and the Activity
// members they hold, one table for every backend and for the import (directory_import_session.cpp).
namespace esc::storage {

using PlaceField = std::pair<const char*, std::string domain::Activity::*>;

extern const PlaceField kPlaceFields[25];

} // namespace esc::storage
