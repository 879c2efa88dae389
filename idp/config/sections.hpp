#pragma once
// Private to esc_config: the fixed sections of idp.toml, each read and validated on its own.
#include <string>

#include "config/config.hpp"
#include "config/table_reader.hpp"

namespace esc::config::detail {

// Top-level scalars: issuer, demo_dir, templates_dir, dev_mode.
void read_top_level(TableReader& top, Config& config, const std::string& base_dir);
// [storage] backend and path (or the top-level `database` of older files). After read_top_level.
void read_storage(TableReader& top, Config& config, const std::string& base_dir);
void read_server(TableReader& top, ServerConfig& server, const std::string& base_dir, bool dev_mode);
void read_tls(TableReader& top, TlsConfig& tls, const std::string& base_dir);
void read_tokens(TableReader& top, TokenConfig& tokens);
void read_session(TableReader& top, SessionConfig& session);
void read_login(TableReader& top, LoginConfig& login);
void read_accounts(TableReader& top, Config& config);
void read_password(TableReader& top, domain::PasswordPolicy& policy);
void read_acr(TableReader& top, AcrConfig& acr);
// After read_top_level: the dev_mode default sits beside the database.
void read_keys(TableReader& top, Config& config, const std::string& base_dir);
void read_mail(TableReader& top, Config& config, const std::string& base_dir);
void read_communities(TableReader& top, Config& config);
void read_card(TableReader& top, Config& config, const std::string& base_dir);
void read_mobile(TableReader& top, Config& config);
void read_ocra(TableReader& top, Config& config);
void read_passkey(TableReader& top, Config& config);
void read_workstation(TableReader& top, Config& config);

} // namespace esc::config::detail
