#pragma once

// Every role's handlers (oidc/, portal/, admin/, device/) take the same dependencies (endpoints/deps.hpp).
namespace esc::endpoints {
struct Deps;
}
namespace esc::oidc {
using endpoints::Deps;
}
namespace esc::portal {
using endpoints::Deps;
}
namespace esc::admin {
using endpoints::Deps;
}
namespace esc::device {
using endpoints::Deps;
}
