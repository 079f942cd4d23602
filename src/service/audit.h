// The audit trail at the use-case level: building entries for an actor's request,
// recording reads without slowing them, and browsing and verifying the log.
//
// A change is audited inside its own write unit (store::append_audit in the same
// Store::write as the change), so the entry commits or rolls back with it. A read is
// audited with record_read(), which queues the entry for the writer and returns at once:
// the read is never delayed by a commit, and the price is that the entries of reads served
// in the last moments before a crash may be lost (see docs/audit.md).
//
// Thread-safe: AuditService holds only a reference to the Context.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "service/context.h"
#include "store/audit.h"

namespace cordon::service {

// An entry of the log, named here so the HTTP layer never includes the store.
using AuditEntry = store::AuditEntry;

// What the HTTP layer knows about a request, for the audit trail.
struct RequestInfo {
  std::string remote_address;  // "" for the command line
};

// Builds an entry for `actor` at the context clock's now(). Callers append it with
// store::append_audit inside their own write unit (for changes: the same transaction as
// the change), or hand it to record_read().
store::AuditEntry audit_entry(const Context& ctx, const Actor& actor, const RequestInfo& req,
                              std::string action, std::string record_type, int64_t record_id,
                              std::string detail = "");

// The common case: an entry for `actor`, from the address its request came from.
inline store::AuditEntry audit_entry(const Context& ctx, const Actor& actor, std::string action,
                                     std::string record_type, int64_t record_id,
                                     std::string detail = "") {
  return audit_entry(ctx, actor, RequestInfo{actor.remote_address}, std::move(action),
                     std::move(record_type), record_id, std::move(detail));
}

// Audits a read without adding commit latency (Store::write_detached). Failures are
// logged by the store's writer, never reported to the reader.
void record_read(Context& ctx, store::AuditEntry entry);

// A page request as it comes from the query string; every field optional.
struct AuditQuery {
  std::optional<std::string> actor_user_id;  // integer
  std::optional<std::string> action;         // exact: "person.read"
  std::optional<std::string> record_type;    // "person"
  std::optional<std::string> record_id;      // integer
  std::optional<std::string> from;           // RFC 3339, inclusive
  std::optional<std::string> to;             // RFC 3339, exclusive
  std::optional<std::string> cursor;         // next_cursor of the previous page
  std::optional<std::string> limit;          // 1..kMaxPageSize
};

struct AuditPage {
  std::vector<store::AuditEntry> items;    // newest first
  std::optional<std::string> next_cursor;  // set when more entries may follow
};

class AuditService {
 public:
  explicit AuditService(Context& ctx) : ctx_(ctx) {}

  // One page of the log, newest first. Forbidden ("audit_forbidden") unless the actor is
  // an administrator; invalid with every bad field at once ("actor_user_id", "record_id"
  // not whole numbers, "from"/"to" not RFC 3339 or from after to, "limit" out of range);
  // malformed ("invalid_cursor") for a cursor this service did not issue.
  Result<AuditPage> list(const Actor& actor, const AuditQuery& query);

  // Checks the whole chain (store::verify_audit) in one read snapshot. A broken chain is
  // an ok Result whose `ok` is false. Forbidden ("audit_forbidden") unless the actor is
  // an administrator. `progress` as for store::verify_audit.
  Result<store::AuditVerification> verify(
      const Actor& actor, const std::function<void(int64_t done, int64_t total)>& progress = {});

 private:
  Context& ctx_;
};

}  // namespace cordon::service
