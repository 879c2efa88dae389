#include "cli_options.hpp"

#include <unistd.h>

#include <charconv>
#include <map>
#include <set>
#include <string_view>

#include "failure.hpp"
#include "pin.hpp"

namespace esc::authenticator {

const char* const kUsage =
    "usage :\n"
    "  idp-authenticator enroll (--url URL | --issuer P --code CODE) --pin PIN --state FICHIER\n"
    "                           [--name NOM] [--ca FICHIER]\n"
    "  idp-authenticator pending --state FICHIER [--ca FICHIER]\n"
    "  idp-authenticator approve --state FICHIER --pin PIN [--request ID | --binding CODE]\n"
    "                            [--wait SECONDES] [--ca FICHIER]\n"
    "  idp-authenticator deny --state FICHIER [--request ID | --binding CODE] [--wait SECONDES]\n"
    "                         [--ca FICHIER]\n"
    "  idp-authenticator ocra --secret HEX --challenge CHIFFRES [--suite OCRA-1:HOTP-SHA1-8:QN08]\n"
    "                         (la calculette CPS du bac à sable : affiche la réponse au défi)\n"
    "Codes de sortie : 0 fait, 1 erreur locale, 2 usage, 3 code PIN incorrect, 4 aucune demande,\n"
    "5 refus du serveur, 6 appareil verrouillé, 7 erreur réseau ou TLS.\n";

namespace {

constexpr int kMaxWaitSeconds = 3600;

const std::map<std::string_view, Command> kCommands = {{"enroll", Command::enroll},
                                                       {"pending", Command::pending},
                                                       {"approve", Command::approve},
                                                       {"deny", Command::deny},
                                                       {"ocra", Command::ocra}};

// The flags each command accepts: anything else is refused rather than silently ignored.
const std::set<std::string_view>& allowed_flags(Command command) {
    static const std::map<Command, std::set<std::string_view>> kAllowed = {
        {Command::enroll, {"--url", "--issuer", "--code", "--pin", "--state", "--name", "--ca"}},
        {Command::pending, {"--state", "--ca"}},
        {Command::approve, {"--state", "--pin", "--request", "--binding", "--wait", "--ca"}},
        {Command::deny, {"--state", "--request", "--binding", "--wait", "--ca"}},
        {Command::ocra, {"--secret", "--challenge", "--suite"}},
    };
    return kAllowed.at(command);
}

std::string* field_of(Options& o, std::string_view flag) {
    if (flag == "--state") return &o.state_path;
    if (flag == "--ca") return &o.ca_file;
    if (flag == "--url") return &o.url;
    if (flag == "--issuer") return &o.issuer;
    if (flag == "--code") return &o.code;
    if (flag == "--name") return &o.name;
    if (flag == "--pin") return &o.pin;
    if (flag == "--request") return &o.request_id;
    if (flag == "--binding") return &o.binding_code;
    if (flag == "--secret") return &o.secret;
    if (flag == "--challenge") return &o.challenge;
    if (flag == "--suite") return &o.suite;
    return nullptr;
}

int parse_wait(const std::string& text) {
    int value = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > kMaxWaitSeconds)
        throw usage_error("--wait attend un nombre de secondes entre 0 et " + std::to_string(kMaxWaitSeconds) + ".");
    return value;
}

void check_combination(const Options& o) {
    if (o.command == Command::ocra) {
        if (o.secret.empty() || o.challenge.empty()) throw usage_error("--secret et --challenge sont obligatoires.");
        return;
    }
    if (o.state_path.empty()) throw usage_error("--state est obligatoire.");
    if (o.command == Command::enroll) {
        const bool by_url = !o.url.empty();
        const bool by_code = !o.issuer.empty() || !o.code.empty();
        if (by_url == by_code || (by_code && (o.issuer.empty() || o.code.empty())))
            throw usage_error("Indiquez soit --url, soit --issuer et --code.");
    }
    if (o.command == Command::enroll || o.command == Command::approve) {
        if (o.pin.empty()) throw usage_error("--pin est obligatoire.");
        require_pin_format(o.pin);
    }
    if (!o.request_id.empty() && !o.binding_code.empty())
        throw usage_error("--request et --binding ne peuvent pas être utilisés ensemble.");
    if (!o.ca_file.empty() && ::access(o.ca_file.c_str(), R_OK) != 0)
        throw usage_error("Fichier de certificats illisible : " + o.ca_file + ".");
}

} // namespace

Options parse_options(int argc, char** argv) {
    Options o;
    if (argc < 2) throw usage_error("Commande manquante.");
    const std::string_view name = argv[1];
    if (name == "-h" || name == "--help" || name == "help") return o;
    auto command = kCommands.find(name);
    if (command == kCommands.end()) throw usage_error("Commande inconnue : " + std::string(name) + ".");
    o.command = command->second;

    std::set<std::string_view> seen;
    for (int i = 2; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (!allowed_flags(o.command).contains(flag))
            throw usage_error("Option inconnue pour « " + std::string(name) + " » : " + std::string(flag) + ".");
        if (!seen.insert(flag).second) throw usage_error("Option répétée : " + std::string(flag) + ".");
        if (i + 1 >= argc || argv[i + 1][0] == '\0')
            throw usage_error("L'option " + std::string(flag) + " attend une valeur.");
        const std::string value = argv[++i];
        if (flag == "--wait")
            o.wait_seconds = parse_wait(value);
        else
            *field_of(o, flag) = value;
    }
    check_combination(o);
    return o;
}

} // namespace esc::authenticator
