#include "store/idempotency.h"

namespace cordon::store {

Result<std::optional<int64_t>> recall_idempotent(SqlConnection& conn, const std::string& key,
                                                 const std::string& scope) {
  std::optional<int64_t> id;
  std::string stored_scope;
  CORDON_RETURN_IF_ERROR(conn.query(
      "SELECT resource_id, scope FROM idempotency_keys WHERE idempotency_key = ?", {key},
      [&](const SqlRow& r) {
        id = r.int64(0);
        stored_scope = r.text(1);
      }));
  if (id && stored_scope != scope)
    return Status::conflict("idempotency_key_reused",
                            "this Idempotency-Key was already used for another request");
  return id;
}

Status remember_idempotent(SqlConnection& conn, const std::string& key, const std::string& scope,
                           int64_t resource_id, Instant now) {
  auto r = conn.execute(
      "INSERT INTO idempotency_keys (idempotency_key, scope, resource_id, created_at) "
      "VALUES (?, ?, ?, ?)",
      {key, scope, resource_id, now.to_string()});
  return r.status();
}

}  // namespace cordon::store
