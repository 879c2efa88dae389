#include <algorithm>
#include <filesystem>
#include <map>

#include "config/client_loader.hpp"

namespace esc::config::detail {

namespace {

using domain::ClientAuthMethod;
using domain::ClientType;

const std::vector<std::string> kKnownGrants = {"authorization_code", "refresh_token", "client_credentials",
                                               "urn:openid:params:grant-type:ciba"};

// RFC 6749 §2.2: the client id is a string; we keep it to visible ASCII so it fits Basic auth and logs.
bool valid_client_id(std::string_view id) {
    return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7F;
    });
}

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
bool valid_scope_token(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u == 0x21 || (u >= 0x23 && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
    });
}

void read_type_and_method(TableReader& r, domain::Client& c) {
    std::string type;
    if (r.read("type", type)) {
        if (type == "public")
            c.type = ClientType::public_;
        else if (type != "confidential")
            r.diag().error(r.path_of("type"), "must be confidential or public, got \"" + type + "\"");
    }
    std::string application_type;
    if (r.read("application_type", application_type)) {
        if (application_type == "native")
            c.application_type = domain::ApplicationType::native;
        else if (application_type != "web")
            r.diag().error(r.path_of("application_type"), "must be web or native, got \"" + application_type + "\"");
    }
    c.auth_method = c.is_public() ? ClientAuthMethod::none : ClientAuthMethod::client_secret_basic;
    std::string method;
    if (r.read("token_endpoint_auth_method", method)) {
        static const std::map<std::string, ClientAuthMethod> kMethods = {
            {"client_secret_basic", ClientAuthMethod::client_secret_basic},
            {"client_secret_post", ClientAuthMethod::client_secret_post},
            {"private_key_jwt", ClientAuthMethod::private_key_jwt},
            {"none", ClientAuthMethod::none}};
        if (auto it = kMethods.find(method); it != kMethods.end())
            c.auth_method = it->second;
        else
            r.diag().error(r.path_of("token_endpoint_auth_method"),
                           "unsupported method \"" + method +
                               "\" (client_secret_basic, client_secret_post, private_key_jwt, none)");
    }
    if (c.is_public() && c.auth_method != ClientAuthMethod::none)
        r.diag().error(r.path_of("token_endpoint_auth_method"), "a public client cannot keep a secret: use none");
    if (!c.is_public() && c.auth_method == ClientAuthMethod::none)
        r.diag().error(r.path_of("token_endpoint_auth_method"),
                       "a confidential client must authenticate: client_secret_basic, client_secret_post or "
                       "private_key_jwt");
}

void read_grants_and_scopes(TableReader& r, domain::Client& c) {
    c.grant_types = {"authorization_code", "refresh_token"};
    r.read("grant_types", c.grant_types);
    if (c.grant_types.empty()) r.diag().error(r.path_of("grant_types"), "must list at least one grant type");
    for (std::size_t i = 0; i < c.grant_types.size(); ++i) {
        const auto& g = c.grant_types[i];
        std::string path = r.path_of("grant_types") + "[" + std::to_string(i) + "]";
        if (std::find(kKnownGrants.begin(), kKnownGrants.end(), g) == kKnownGrants.end())
            r.diag().error(path, "unknown grant type \"" + g +
                                     "\" (authorization_code, refresh_token, "
                                     "client_credentials, urn:openid:params:grant-type:ciba)");
        else if (c.is_public() && g != "authorization_code" && g != "refresh_token")
            r.diag().error(path, g + " requires a confidential client");
    }
    if (r.read("scopes", c.scopes))
        for (std::size_t i = 0; i < c.scopes.size(); ++i)
            if (!valid_scope_token(c.scopes[i]))
                r.diag().error(r.path_of("scopes") + "[" + std::to_string(i) + "]",
                               "invalid scope \"" + c.scopes[i] + "\" (RFC 6749 §3.3)");
}

// The server can only sign with the algorithms it has keys for (tokens.signing_algs).
void read_alg(TableReader& r, std::string_view key, std::string& out, bool allow_empty, const TokenConfig& tokens) {
    if (!r.read(key, out)) return;
    if (out.empty() && allow_empty) return;
    const auto& algs = tokens.signing_algs;
    if (out != "RS256" && out != "ES256")
        r.diag().error(r.path_of(key), "unsupported algorithm \"" + out + "\" (RS256, ES256" +
                                           (allow_empty ? std::string(", or \"\" for none") : "") + ")");
    else if (std::find(algs.begin(), algs.end(), out) == algs.end())
        r.diag().error(r.path_of(key), out + " is not in tokens.signing_algs");
}

// A client without its own algorithm follows tokens.default_alg (validated against signing_algs).
void read_signing_algs(TableReader& r, domain::Client& c, const TokenConfig& tokens) {
    read_alg(r, "userinfo_signed_response_alg", c.userinfo_signed_response_alg, true, tokens);
    read_alg(r, "id_token_signed_response_alg", c.id_token_signed_response_alg, false, tokens);
    read_alg(r, "access_token_signed_response_alg", c.access_token_signed_response_alg, false, tokens);
    if (c.id_token_signed_response_alg.empty()) c.id_token_signed_response_alg = tokens.default_alg;
    if (c.access_token_signed_response_alg.empty()) c.access_token_signed_response_alg = tokens.default_alg;
}

// Refresh, introspection and assertion options (RFC 9700 §4.14.2, RFC 7662 §4, RFC 7523bis).
void read_token_options(TableReader& r, domain::Client& c, const TokenConfig& tokens) {
    r.read("allow_offline_access", c.allow_offline_access);
    // Public clients stay strict: their refresh tokens are not sender-constrained (RFC 9700 §4.14.2).
    c.refresh_reuse_grace = c.is_public() ? 0 : tokens.refresh_reuse_grace_seconds;
    if (r.read("refresh_reuse_grace", c.refresh_reuse_grace, 0, 60) && c.is_public() && c.refresh_reuse_grace > 0)
        r.diag().error(r.path_of("refresh_reuse_grace"),
                       "a public client gets no grace interval for refresh token reuse: remove it or set 0");
    r.read("allow_token_endpoint_audience", c.allow_token_endpoint_audience);
    if (c.allow_token_endpoint_audience && c.auth_method != ClientAuthMethod::private_key_jwt)
        r.diag().error(r.path_of("allow_token_endpoint_audience"),
                       "only meaningful for token_endpoint_auth_method = \"private_key_jwt\"");
    r.read("resource_server", c.resource_server);
    if (c.resource_server && c.is_public())
        r.diag().error(r.path_of("resource_server"), "a public client cannot introspect tokens (RFC 7662 §2.1)");
}

void read_options(TableReader& r, domain::Client& c, const ClientContext& ctx) {
    r.read("require_pkce", c.require_pkce);
    if (c.is_public()) {
        // RFC 9700 §2.1.1: PKCE is mandatory for public clients.
        if (r.has("require_pkce") && !c.require_pkce)
            r.diag().warn(r.path_of("require_pkce") + ": ignored, PKCE is always required for public clients");
        c.require_pkce = true;
    }
    r.read("allow_plain_pkce", c.allow_plain_pkce);
    r.read("echo_requested_acr", c.echo_requested_acr);
    r.read("legacy_sub", c.legacy_sub);
    read_signing_algs(r, c, *ctx.tokens);
    read_token_options(r, c, *ctx.tokens);
    r.read("front_name", c.front_name);
    r.read("front_url", c.front_url);
    r.read("description", c.description);
    read_access_policy(r, c);
    if (r.read("min_acr", c.min_acr) && c.min_acr != "eidas1" && c.min_acr != "eidas2" && c.min_acr != "eidas3")
        r.diag().error(r.path_of("min_acr"), "must be eidas1, eidas2 or eidas3 (the lowest level this service "
                                             "accepts; a weaker session is asked for a stronger factor)");
}

domain::Client read_client(TableReader& r, std::string id, const std::string& base_dir, const ClientContext& ctx) {
    domain::Client c;
    c.id = std::move(id);
    if (!valid_client_id(c.id))
        r.diag().error(r.path_of("id"), "client id must be 1 to 128 visible ASCII characters, got \"" + c.id + "\"");
    c.name = c.id;
    r.read("name", c.name);
    if (c.name.empty()) r.diag().error(r.path_of("name"), "must not be empty");
    read_type_and_method(r, c);
    read_client_credentials(r, c, base_dir, ctx.dev_mode);
    r.read("redirect_uris", c.redirect_uris);
    r.read("post_logout_redirect_uris", c.post_logout_redirect_uris);
    r.read("backchannel_logout_uri", c.backchannel_logout_uri);
    read_grants_and_scopes(r, c);
    read_options(r, c, ctx);
    check_client_uris(r, c, ctx.dev_mode);
    r.finish();
    return c;
}

} // namespace

void read_inline_clients(TableReader& top, const std::string& base_dir, const std::string& origin,
                         const ClientContext& ctx, std::vector<LoadedClient>& out) {
    const toml::table* clients = top.table("clients");
    if (!clients) return;
    for (auto&& [key, node] : *clients) {
        std::string path = top.path_of("clients") + "." + std::string(key.str());
        const toml::table* table = node.as_table();
        if (!table) {
            top.diag().error(path, "expected a table [clients." + std::string(key.str()) + "], got " + type_name(node));
            continue;
        }
        TableReader r(*table, path, top.diag());
        out.push_back({read_client(r, std::string(key.str()), base_dir, ctx), origin});
    }
}

void read_client_files(const std::string& dir, const ClientContext& ctx, Diagnostics& diag,
                       std::vector<LoadedClient>& out) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.path().extension() == ".toml" && entry.is_regular_file(ec)) files.push_back(entry.path());
    if (ec) diag.error(dir, "cannot list clients directory: " + ec.message());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::string origin = "clients/" + file.filename().string();
        toml::table table;
        try {
            table = toml::parse_file(file.string());
        } catch (const toml::parse_error& e) {
            diag.error(origin, "line " + std::to_string(e.source().begin.line) + ", column " +
                                   std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
            continue;
        }
        std::string id = file.stem().string();
        TableReader id_reader(table, "clients." + id, diag);
        id_reader.read("id", id); // an explicit id wins over the file name
        TableReader r(table, "clients." + id, diag);
        r.declare("id");
        out.push_back({read_client(r, id, file.parent_path().string(), ctx), origin});
    }
}

void report_duplicate_clients(const std::vector<LoadedClient>& clients, Diagnostics& diag) {
    std::map<std::string, std::string> first_origin;
    for (const auto& loaded : clients) {
        auto [it, inserted] = first_origin.emplace(loaded.client.id, loaded.origin);
        if (!inserted)
            diag.error("clients." + loaded.client.id,
                       "duplicate client id, defined in " + it->second + " and in " + loaded.origin);
    }
}

} // namespace esc::config::detail
