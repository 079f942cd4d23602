// The shape every idempotent create shares: a retry with the same Idempotency-Key returns
// what the first attempt made instead of making it again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "store/idempotency.h"

namespace cordon::service {

// Inside a write unit: when `key` was seen for `scope`, calls load(id) with the id it
// made; otherwise calls create(), which returns the new record's id, and remembers it
// under `key`. Without a key, just create().
template <typename Load, typename Create>
Status idempotent_create(store::SqlConnection& conn, const std::optional<std::string>& key,
                         const std::string& scope, Instant now, Load load, Create create) {
  if (key) {
    CORDON_ASSIGN_OR_RETURN(auto seen, store::recall_idempotent(conn, *key, scope));
    if (seen) return load(*seen);
  }
  CORDON_ASSIGN_OR_RETURN(int64_t id, create());
  if (key) CORDON_RETURN_IF_ERROR(store::remember_idempotent(conn, *key, scope, id, now));
  return Status();
}

}  // namespace cordon::service
