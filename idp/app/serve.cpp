#include "app/serve.hpp"

#include <condition_variable>
#include <iostream>
#include <thread>

#include "app/card_revocation.hpp"
#include "app/deliveries.hpp"
#include "app/key_encryption.hpp"
#include "app/sandbox.hpp"
#include "app/service_referents.hpp"
#include "app/signing_keys.hpp"
#include "app/workstation_ca.hpp"
#include "cache/token_cache.hpp"
#include "crypto/encoding.hpp"
#include "domain/login_throttle.hpp"
#include "endpoints/deps.hpp"
#include "endpoints/routes.hpp"
#include "http/server.hpp"
#include "storage/demo_seed.hpp"
#include "storage/open_store.hpp"
#include "web/pages.hpp"

namespace esc::app {

namespace {

// Purges what has expired, checkpoints the write-ahead log (TRUNCATE: it must not grow until the
// disk is full) and picks up keys rotated by `idp keys rotate`, once a minute.
class Janitor {
public:
    Janitor(storage::Store& store, endpoints::InteractionStore& interactions, crypto::KeyRing& ring,
            const domain::Clock& clock, const crypto::KeyEncryptionKey& kek)
        : kek_(kek), interactions_(interactions), thread_([this, &store, &ring, &clock] { loop(store, ring, clock); }) {
    }
    ~Janitor() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }

private:
    void loop(storage::Store& store, crypto::KeyRing& ring, const domain::Clock& clock) {
        std::unique_lock lock(mutex_);
        while (!cv_.wait_for(lock, std::chrono::seconds(60), [this] { return stop_; })) {
            // Each step on its own: a full disk failing the purge must not skip the checkpoint.
            run_step("purge", [&] { store.purge_expired(clock.now()); });
            run_step("interactions", [&] { interactions_.enforce_bound(); });
            run_step("checkpoint", [&] { store.checkpoint(); });
            run_step("keys", [&] { load_key_ring(store, ring, clock.now(), kek_); });
        }
    }

    template <class F> static void run_step(const char* name, F&& step) {
        try {
            step();
        } catch (const std::exception& e) {
            std::cerr << "esculape: janitor: " << name << ": " << e.what() << "\n";
        }
    }

    const crypto::KeyEncryptionKey& kek_;
    endpoints::InteractionStore& interactions_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

http::ServerOptions server_options(const config::Config& c) {
    http::ServerOptions o;
    o.address = c.server.listen_address;
    o.port = c.server.port;
    for (const auto& e : c.server.listen_also)
        o.listen_also.emplace_back(e.host, e.port);
    o.tls = c.tls.enabled;
    o.cert_file = c.tls.cert_file;
    o.key_file = c.tls.key_file;
    o.client_ca_file = c.tls.client_ca_file;
    o.worker_threads = c.server.worker_threads;
    o.password_threads = c.login.password_workers;
    o.store_threads = c.server.store_workers;
    o.max_header_bytes = c.server.max_header_bytes;
    o.max_body_bytes = c.server.max_body_bytes;
    o.read_timeout_seconds = c.server.read_timeout_seconds;
    o.write_timeout_seconds = c.server.write_timeout_seconds;
    o.idle_timeout_seconds = c.server.idle_timeout_seconds;
    o.max_connections = c.server.max_connections;
    o.admin = c.server.admin_enabled;
    o.admin_address = c.server.admin_address;
    o.admin_port = c.server.admin_port;
    o.max_connections_per_address = c.server.max_connections_per_address;
    o.first_byte_timeout_seconds = c.server.first_byte_timeout_seconds;
    o.hsts_max_age_seconds = c.server.hsts_max_age_seconds;
    o.proxy_secret = c.server.proxy_secret;
    o.proxy_secret_header = c.server.proxy_secret_header;
    o.trusted_proxies = c.server.trusted_proxies;
    o.access_log = c.server.access_log;
    return o;
}

} // namespace

int serve(const config::Config& config, const std::string& config_path) {
    domain::SystemClock clock;
    auto store =
        storage::open_store(config.storage, storage::StoreUse::existing, "idp migrate --config " + config_path);
    // Nothing else can fill a memory store: it is born with this process.
    if (config.storage.backend == storage::Backend::memory && !config.demo_dir.empty()) {
        auto report = storage::load_demo_seed(*store, config.demo_dir);
        std::cerr << "esculape: memory store: loaded the demo directory (" << report.professionals << " professionals, "
                  << report.accounts << " accounts)\n";
    }
    load_file_referents(*store, config.clients);
    auto kek = load_key_encryption_key(config);
    const std::string hmac_secret = load_hmac_secret(config);
    if (int n = encrypt_clear_signing_keys(*store, kek); n > 0)
        std::cerr << "esculape: encrypted " << n << " signing key(s) that were stored in clear\n";
    ensure_signing_keys(*store, config.tokens.signing_algs, clock.now(), kek);
    crypto::KeyRing ring;
    load_key_ring(*store, ring, clock.now(), kek);

    web::Pages pages(config.templates_dir, "/");
    domain::ThrottleLimits limits;
    limits.max_failures_per_account = config.login.max_failures_per_account;
    limits.max_failures_per_address = config.login.max_failures_per_address;
    limits.window_seconds = config.login.window_seconds;
    limits.lockout_seconds = config.login.lockout_seconds;
    domain::LoginThrottle throttle(clock, limits, store->throttle());
    endpoints::InteractionStore interactions(*store);
    oidc::ClientRegistry clients(config.clients);
    http::Metrics metrics;
    cache::ClaimsCache userinfo_cache;
    cache::TokenCache token_cache;
    domain::AcrMapping acr{config.acr.password, config.acr.mobile, config.acr.card,
                           config.acr.passkey,  config.acr.ocra,   config.acr.certificate};
    Sandbox sandbox = config.dev_mode ? read_sandbox(config.demo_dir) : Sandbox{};

    endpoints::Deps deps{config,
                         endpoints::Endpoints::from_issuer(config.issuer, config.issuer_path()),
                         *store,
                         ring,
                         clock,
                         pages,
                         metrics,
                         throttle,
                         interactions,
                         clients,
                         acr,
                         hmac_secret,
                         sandbox.logins,
                         sandbox.password,
                         &userinfo_cache,
                         &token_cache,
                         endpoints::login_methods_of(config)};
    CardRevocation card_revocation(config, clock, metrics);
    deps.card_crls = card_revocation.holder();
    deps.kek = &kek;
    std::optional<crypto::IssuingCa> workstation_ca;
    auto options = server_options(config);
    if (config.workstation.enabled) {
        workstation_ca.emplace(load_workstation_ca(*store, kek, clock.now()));
        deps.workstation_ca = &*workstation_ca;
        options.extra_client_ca_pem = workstation_ca->certificate_pem();
    }
    auto router = endpoints::build_router(deps);
    http::Server server(options, router, metrics);
    server.bind();
    for (const auto& endpoint : server.endpoints())
        std::cout << "esculape: listening on " << (config.tls.enabled ? "https://" : "http://") << endpoint
                  << std::endl;
    const auto& admin = config.server.admin_address;
    if (server.admin_port() != 0)
        std::cout << "esculape: admin listening on http://"
                  << (admin.find(':') != std::string::npos ? "[" + admin + "]" : admin) << ":" << server.admin_port()
                  << " (/healthz, /readyz, /metrics)" << std::endl;
    std::cout << "esculape: issuer " << config.issuer << std::endl;
    Janitor janitor(*store, interactions, ring, clock, kek);
    Deliveries deliveries(config, *store, clock);
    server.run();
    std::cout << "esculape: stopped" << std::endl;
    return 0;
}

} // namespace esc::app
