#pragma once

namespace esc::mail {
// libcurl's global state, set up once before the first handle (curl_global_init is not
// thread-safe): every libcurl user of the delivery layer calls this in its constructor.
void curl_global_once();
} // namespace esc::mail
