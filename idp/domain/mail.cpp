#include "domain/mail.hpp"

#include <algorithm>

namespace esc::domain {

std::string_view name_of(MailState state) {
    switch (state) {
    case MailState::pending:
        return "pending";
    case MailState::sent:
        return "sent";
    case MailState::failed:
        return "failed";
    }
    return "failed";
}

std::optional<MailState> mail_state_from_name(std::string_view name) {
    for (auto s : {MailState::pending, MailState::sent, MailState::failed})
        if (name_of(s) == name) return s;
    return std::nullopt;
}

UnixTime mail_retry_delay(int attempts) {
    constexpr UnixTime kFirst = 30;
    constexpr UnixTime kMax = 3600;
    UnixTime delay = kFirst;
    for (int i = 1; i < attempts && delay < kMax; ++i)
        delay *= 2;
    return std::min(delay, kMax);
}

namespace {

bool is_atext(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// dot-atom: atoms of atext separated by single dots, none empty.
bool is_dot_atom(std::string_view s) {
    if (s.empty() || s.front() == '.' || s.back() == '.') return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '.') {
            if (s[i + 1] == '.') return false;
        } else if (!is_atext(s[i])) {
            return false;
        }
    }
    return true;
}

bool is_domain(std::string_view s) {
    if (s.size() > 253 || s.find('.') == std::string_view::npos) return false;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto end = std::min(s.find('.', start), s.size());
        auto label = s.substr(start, end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
        start = end + 1;
    }
    return true;
}

} // namespace

bool is_mail_address(std::string_view address) {
    if (address.size() > 254) return false;
    auto at = address.rfind('@');
    if (at == std::string_view::npos || at == 0 || at > 64) return false;
    return is_dot_atom(address.substr(0, at)) && is_domain(address.substr(at + 1));
}

} // namespace esc::domain
