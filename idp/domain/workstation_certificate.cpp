#include "domain/workstation_certificate.hpp"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

namespace esc::domain {

namespace {
constexpr std::array<std::pair<CertificateState, std::string_view>, 5> kStates = {{
    {CertificateState::requested, "requested"},
    {CertificateState::approved, "approved"},
    {CertificateState::issued, "issued"},
    {CertificateState::refused, "refused"},
    {CertificateState::revoked, "revoked"},
}};
} // namespace

std::string_view kind_name(CertificateKind kind) {
    return kind == CertificateKind::collective ? "collective" : "personal";
}

std::optional<CertificateKind> parse_kind(std::string_view name) {
    if (name == "personal") return CertificateKind::personal;
    if (name == "collective") return CertificateKind::collective;
    return std::nullopt;
}

std::string_view state_name(CertificateState state) {
    for (const auto& [s, name] : kStates)
        if (s == state) return name;
    return "requested";
}

std::optional<CertificateState> parse_certificate_state(std::string_view name) {
    for (const auto& [s, n] : kStates)
        if (n == name) return s;
    return std::nullopt;
}

std::string_view state_label(CertificateState state) {
    switch (state) {
    case CertificateState::requested:
        return "en attente d’approbation";
    case CertificateState::approved:
        return "approuvé, à retirer";
    case CertificateState::issued:
        return "installé";
    case CertificateState::refused:
        return "refusé";
    case CertificateState::revoked:
        return "révoqué";
    }
    return "";
}

std::string audit_state(const WorkstationCertificate& c, CertificateState state) {
    return nlohmann::json{{"state", state_name(state)}, {"kind", kind_name(c.kind)}, {"workstation", c.workstation}}
        .dump();
}

bool in_force(const WorkstationCertificate& c, UnixTime now) {
    return c.state == CertificateState::issued && c.revoked_at == 0 && now < c.not_after;
}

std::string workstation_name_problem(std::string_view name) {
    if (name.empty()) return "Indiquez le nom de l’ordinateur.";
    if (name.size() > 63) return "Le nom de l’ordinateur compte au plus 63 caractères.";
    for (unsigned char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
                        c == '-' || c == '_' || c == '.';
        if (!ok)
            return "Le nom de l’ordinateur ne contient que des lettres sans accent, des chiffres, des espaces, "
                   "« - », « _ » et « . ».";
    }
    if (name.front() == ' ' || name.back() == ' ')
        return "Le nom de l’ordinateur ne commence ni ne finit par un espace.";
    return "";
}

} // namespace esc::domain
