// Idempotency keys: a client's retry of a create returns the record the first attempt
// made instead of making a second one. Stored in the same transaction as the record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"
#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

// The resource id remembered for `key`, or nullopt. Fails conflict
// "idempotency_key_reused" when the key was used for another kind of resource.
Result<std::optional<int64_t>> recall_idempotent(SqlConnection& conn, const std::string& key,
                                                 const std::string& scope);

Status remember_idempotent(SqlConnection& conn, const std::string& key, const std::string& scope,
                           int64_t resource_id, Instant now);

}  // namespace cordon::store
