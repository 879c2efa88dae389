#include <catch2/catch.hpp>

#include "domain/refresh_policy.hpp"

using namespace esc::domain;

TEST_CASE("a refresh token never outlives its session unless offline", "[unit][domain]") {
    Session session;
    session.created_at = 1000;
    session.last_seen = 1000;
    session.expires_at = 1000 + 4 * 3600;

    CHECK(refresh_expiry(1000, 1800, &session) == 2800);
    // Rotations near the end do not push it: the family ends with the session.
    CHECK(refresh_expiry(session.expires_at - 600, 1800, &session) == session.expires_at);
    CHECK(refresh_expiry(session.expires_at - 600, 1800, nullptr) == session.expires_at + 1200);
}

TEST_CASE("a session backs tokens until its absolute end or idle timeout", "[unit][domain]") {
    Session session;
    session.last_seen = 1000;
    session.expires_at = 5000;
    CHECK(session_is_live(session, 1000, 1800));
    CHECK(session_is_live(session, 2799, 1800));
    CHECK_FALSE(session_is_live(session, 2800, 1800)); // idle
    session.last_seen = 4900;
    CHECK(session_is_live(session, 4999, 1800));
    CHECK_FALSE(session_is_live(session, 5000, 1800)); // absolute end
}

TEST_CASE("offline_access detaches a family only for a client allowed it", "[unit][domain]") {
    Client allowed;
    allowed.allow_offline_access = true;
    Client other;
    CHECK(is_offline_family({"openid", "offline_access"}, allowed));
    CHECK_FALSE(is_offline_family({"openid"}, allowed));
    CHECK_FALSE(is_offline_family({"openid", "offline_access"}, other));
}
