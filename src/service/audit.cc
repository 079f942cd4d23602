#include "service/audit.h"

#include <charconv>

#include "core/permissions.h"
#include "service/cursor.h"

namespace cordon::service {

namespace {

// Audit cursors ride on the shared opaque cursor format with this key, so that a person
// list's cursor is refused here rather than read as a seq.
constexpr std::string_view kCursorKey = "audit";

// Defence in depth: the HTTP layer checks the route's permission first. Decided by the
// permission table (audit.read: administrators), so the two cannot drift apart.
Status check_audit_reader(const Actor& actor) {
  auto role = parse_role(actor.role);
  if (role && role_has(*role, "audit.read")) return Status();
  return Status::forbidden("audit_forbidden", "only administrators may read the audit log");
}

std::optional<int64_t> parse_int(const std::string& text) {
  int64_t v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

// Parses an optional whole-number query field into `out`, collecting the error.
void read_int(const std::optional<std::string>& text, const char* field,
              std::optional<int64_t>& out, Validation& v) {
  if (!text) return;
  out = parse_int(*text);
  if (!out) v.add(field, "not_an_integer", std::string(field) + " must be a whole number");
}

void read_instant(const std::optional<std::string>& text, const char* field,
                  std::optional<Instant>& out, Validation& v) {
  if (!text) return;
  auto t = Instant::parse(*text, field);
  if (t.ok()) out = *t;
  else v.add(t.status());
}

Result<int64_t> decode_audit_cursor(const std::string& text) {
  auto c = decode_cursor(text);
  if (!c.ok()) return c.status();
  if (c->key != kCursorKey || c->phase != 0 || c->id < 1)
    return Status::malformed("invalid_cursor", "the cursor is not one this server issued");
  return c->id;
}

}  // namespace

store::AuditEntry audit_entry(const Context& ctx, const Actor& actor, const RequestInfo& req,
                              std::string action, std::string record_type, int64_t record_id,
                              std::string detail) {
  store::AuditEntry e;
  e.at = ctx.clock.now();
  e.actor_user_id = actor.user_id;
  e.actor_name = actor.name.empty() && actor.user_id == 0 ? "system" : actor.name;
  e.action = std::move(action);
  e.record_type = std::move(record_type);
  e.record_id = record_id;
  e.remote_address = req.remote_address;
  e.detail = std::move(detail);
  return e;
}

void record_read(Context& ctx, store::AuditEntry entry) {
  ctx.store.write_detached([entry = std::move(entry)](store::SqlConnection& conn) {
    return store::append_audit(conn, entry);
  });
}

Result<AuditPage> AuditService::list(const Actor& actor, const AuditQuery& query) {
  CORDON_RETURN_IF_ERROR(check_audit_reader(actor));
  store::AuditFilter filter;
  Validation v;
  read_int(query.actor_user_id, "actor_user_id", filter.actor_user_id, v);
  read_int(query.record_id, "record_id", filter.record_id, v);
  read_instant(query.from, "from", filter.from, v);
  read_instant(query.to, "to", filter.to, v);
  if (filter.from && filter.to && *filter.from > *filter.to)
    v.add("to", "before_from", "to must not be before from");
  if (query.action && !query.action->empty()) filter.action = *query.action;
  if (query.record_type && !query.record_type->empty()) filter.record_type = *query.record_type;
  auto limit = parse_limit(query.limit);
  if (!limit.ok()) v.add(limit.status());
  CORDON_RETURN_IF_ERROR(v.status());
  int64_t before_seq = 0;
  if (query.cursor && !query.cursor->empty()) {
    CORDON_ASSIGN_OR_RETURN(before_seq, decode_audit_cursor(*query.cursor));
  }

  AuditPage page;
  CORDON_RETURN_IF_ERROR(ctx_.store.flush());  // the reads audited until now are listed
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    // One more than asked tells whether another page follows.
    CORDON_ASSIGN_OR_RETURN(page.items, store::list_audit(conn, filter, before_seq, *limit + 1));
    return Status();
  }));
  if (static_cast<int>(page.items.size()) > *limit) {
    page.items.resize(*limit);
    page.next_cursor = encode_cursor(store::PersonCursor{0, std::string(kCursorKey),
                                                         page.items.back().seq});
  }
  return page;
}

Result<store::AuditVerification> AuditService::verify(
    const Actor& actor, const std::function<void(int64_t done, int64_t total)>& progress) {
  CORDON_RETURN_IF_ERROR(check_audit_reader(actor));
  store::AuditVerification out;
  CORDON_RETURN_IF_ERROR(ctx_.store.flush());
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, store::verify_audit(conn, progress));
    return Status();
  }));
  return out;
}

}  // namespace cordon::service
