#include "config/config.hpp"

#include <filesystem>

#include <toml++/toml.h>

#include "config/client_loader.hpp"
#include "config/sections.hpp"
#include "config/table_reader.hpp"
#include "config/url_rules.hpp"

namespace esc::config {

namespace {

using detail::Diagnostics;
using detail::TableReader;

// Loads one document; `source` names it in parse errors and duplicate reports ("idp.toml").
LoadResult load_document(const std::string& text, const std::string& source, const std::string& base_dir,
                         const std::string& clients_dir) {
    LoadResult result;
    Diagnostics diag;
    toml::table table;
    try {
        table = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        result.errors.push_back({source, "line " + std::to_string(e.source().begin.line) + ", column " +
                                             std::to_string(e.source().begin.column) + ": " +
                                             std::string(e.description())});
        return result;
    }
    Config& config = result.config;
    TableReader top(table, "", diag);
    detail::read_top_level(top, config, base_dir);
    detail::read_storage(top, config, base_dir);
    detail::read_server(top, config.server, base_dir, config.dev_mode);
    detail::read_tls(top, config.tls, base_dir);
    detail::read_tokens(top, config.tokens);
    detail::read_session(top, config.session);
    detail::read_login(top, config.login);
    detail::read_accounts(top, config);
    detail::read_password(top, config.password);
    detail::read_acr(top, config.acr);
    detail::read_keys(top, config, base_dir);
    detail::read_mail(top, config, base_dir);
    detail::read_communities(top, config);
    detail::read_card(top, config, base_dir);
    detail::read_mobile(top, config);
    detail::read_ocra(top, config);
    detail::read_passkey(top, config);
    detail::read_workstation(top, config);

    detail::ClientContext ctx{config.dev_mode, &config.tokens};
    std::vector<detail::LoadedClient> clients;
    detail::read_inline_clients(top, base_dir, source, ctx, clients);
    top.finish();
    if (!clients_dir.empty()) {
        std::error_code ec;
        if (std::filesystem::is_directory(clients_dir, ec))
            detail::read_client_files(clients_dir, ctx, diag, clients);
        else
            diag.error(clients_dir, "clients directory not found");
    }
    detail::report_duplicate_clients(clients, diag);
    for (auto& loaded : clients)
        config.clients.push_back(std::move(loaded.client));

    result.errors = std::move(diag.errors);
    result.warnings = std::move(diag.warnings);
    return result;
}

} // namespace

std::string Config::issuer_path() const {
    auto parts = detail::split_url(issuer);
    return parts ? parts->path : std::string();
}

LoadResult load_config(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path file = fs::absolute(path, ec).lexically_normal();
    auto text = detail::read_file(file.string());
    if (!text) {
        LoadResult result;
        result.errors.push_back({path, "cannot read the configuration file"});
        return result;
    }
    std::string base_dir = file.parent_path().string();
    fs::path clients = file.parent_path() / "clients";
    std::string clients_dir = fs::is_directory(clients, ec) ? clients.string() : std::string();
    return load_document(*text, file.filename().string(), base_dir, clients_dir);
}

LoadResult load_config_from_string(const std::string& toml, const std::string& base_dir,
                                   const std::string& clients_dir) {
    return load_document(toml, "config", base_dir, clients_dir);
}

} // namespace esc::config
