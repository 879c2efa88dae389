#pragma once
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace esc::http {

// The open connections of a server, for the SIGTERM drain, with a count per client address.
// Adding and removing are O(1): each connection keeps the handle (a list iterator) it was given,
// so closing thousands of connections at once never scans the others. Thread-safe.
template <class Connection> class ConnectionRegistry {
    struct Entry {
        std::shared_ptr<Connection> connection;
        std::string peer;
    };

public:
    using Handle = typename std::list<Entry>::iterator;

    // Registers `connection` unless `peer` already holds `per_peer_cap` connections (0 = no cap):
    // one address must not be able to take every connection slot.
    std::optional<Handle> add(std::shared_ptr<Connection> connection, const std::string& peer, int per_peer_cap) {
        std::lock_guard lock(mutex_);
        auto& count = per_peer_[peer];
        if (per_peer_cap > 0 && count >= per_peer_cap) {
            if (count == 0) per_peer_.erase(peer);
            return std::nullopt;
        }
        ++count;
        entries_.push_front({std::move(connection), peer});
        return entries_.begin();
    }

    // Each handle is removed once.
    void remove(Handle handle) {
        std::lock_guard lock(mutex_);
        auto it = per_peer_.find(handle->peer);
        if (it != per_peer_.end() && --it->second <= 0) per_peer_.erase(it);
        entries_.erase(handle);
    }

    std::vector<std::shared_ptr<Connection>> snapshot() const {
        std::lock_guard lock(mutex_);
        std::vector<std::shared_ptr<Connection>> out;
        out.reserve(entries_.size());
        for (const auto& e : entries_)
            out.push_back(e.connection);
        return out;
    }

    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return entries_.size();
    }

    bool empty() const {
        std::lock_guard lock(mutex_);
        return entries_.empty();
    }

    int count_for(const std::string& peer) const {
        std::lock_guard lock(mutex_);
        auto it = per_peer_.find(peer);
        return it == per_peer_.end() ? 0 : it->second;
    }

private:
    mutable std::mutex mutex_;
    std::list<Entry> entries_;
    std::unordered_map<std::string, int> per_peer_;
};

} // namespace esc::http
