#pragma once
// Private to esc_config: relying parties declared inline ([clients.<id>]) or one per file (clients/<id>.toml).
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/table_reader.hpp"
#include "domain/client.hpp"

namespace esc::config::detail {

// What client validation needs from the rest of the configuration.
struct ClientContext {
    bool dev_mode = false;
    const TokenConfig* tokens = nullptr; // the algorithms the server can sign with
};

struct LoadedClient {
    domain::Client client;
    std::string origin; // "idp.toml" or "clients/dcc.toml", for duplicate reports
};

// Every [clients.<id>] table of the main file. `top` declares "clients" as known.
void read_inline_clients(TableReader& top, const std::string& base_dir, const std::string& origin,
                         const ClientContext& ctx, std::vector<LoadedClient>& out);
// Every *.toml directly under `dir`, in name order; relative paths resolve against `dir`.
void read_client_files(const std::string& dir, const ClientContext& ctx, Diagnostics& diag,
                       std::vector<LoadedClient>& out);
// Client ids must be unique across the main file and the clients directory.
void report_duplicate_clients(const std::vector<LoadedClient>& clients, Diagnostics& diag);

// client_credentials.cpp: secret / secret_env / secret_file, jwks / jwks_file, per auth method.
// The secret is hashed into client.secret_hash and never kept in clear.
void read_client_credentials(TableReader& r, domain::Client& client, const std::string& base_dir, bool dev_mode);

// client_uris.cpp: error message for a redirect or post-logout URI, or "" when acceptable.
std::string redirect_uri_problem(std::string_view uri, bool is_public);
void check_client_uris(TableReader& r, const domain::Client& client, bool dev_mode);

// access, professions, specialties and [[referents]] (client_access.cpp).
void read_access_policy(TableReader& r, domain::Client& client);

} // namespace esc::config::detail
