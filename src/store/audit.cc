#include "store/audit.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace cordon::store {

namespace {

// Changing anything in the encoding is a new version tag: old entries keep verifying
// only if verify_audit knows every version it ever wrote.
constexpr std::string_view kHashDomain = "cordon.audit.v1";

void put_u64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

void put_int(std::string& out, int64_t v) { put_u64(out, static_cast<uint64_t>(v)); }

void put_text(std::string& out, std::string_view s) {
  put_u64(out, s.size());
  out.append(s);
}

// The bytes that are hashed: every field but `hash`, each integer as 8 bytes big-endian
// and each string preceded by its length, so field boundaries cannot shift.
std::string canonical_encoding(const AuditEntry& e) {
  std::string out;
  put_text(out, kHashDomain);
  put_int(out, e.seq);
  put_int(out, e.at.micros());
  put_int(out, e.actor_user_id);
  put_text(out, e.actor_name);
  put_text(out, e.action);
  put_text(out, e.record_type);
  put_int(out, e.record_id);
  put_text(out, e.remote_address);
  put_text(out, e.detail);
  put_text(out, e.prev_hash);
  return out;
}

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

constexpr const char* kColumns =
    "seq, at_micros, actor_user_id, actor_name, action, record_type, record_id, "
    "remote_address, detail, prev_hash, hash";

AuditEntry read_entry(const SqlRow& r) {
  AuditEntry e;
  e.seq = r.int64(0);
  e.at = Instant::from_micros(r.int64(1));
  e.actor_user_id = r.int64(2);
  e.actor_name = r.text(3);
  e.action = r.text(4);
  e.record_type = r.text(5);
  e.record_id = r.int64(6);
  e.remote_address = r.text(7);
  e.detail = r.text(8);
  e.prev_hash = r.text(9);
  e.hash = r.text(10);
  return e;
}

// How many entries verify_audit reads per query: bounds memory and lets it stop at the
// first break without reading the rest.
constexpr int kVerifyChunk = 2000;

AuditVerification broken(int64_t checked, int64_t seq, std::string problem) {
  AuditVerification v;
  v.ok = false;
  v.entries_checked = checked;
  v.first_bad_seq = seq;
  v.problem = std::move(problem);
  return v;
}

std::string missing_range(int64_t first, int64_t last) {
  if (first == last) return "entry " + std::to_string(first) + " is missing";
  return "entries " + std::to_string(first) + " to " + std::to_string(last) + " are missing";
}

}  // namespace

std::string audit_entry_hash(const AuditEntry& entry) {
  if (!sodium_ready()) std::abort();  // libsodium cannot work on this machine at all
  std::string input = canonical_encoding(entry);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

Status append_audit(SqlConnection& conn, AuditEntry entry) {
  if (entry.action.empty())
    return Status::invalid_field("action", "audit_action_required",
                                 "an audit entry needs an action");
  // Moving the head first takes its row lock before anything is read (PostgreSQL), so
  // concurrent appenders queue here instead of forking the chain. The hash column is not
  // set yet, so RETURNING gives the previous entry's hash.
  std::optional<int64_t> seq;
  std::string prev_hash;
  CORDON_RETURN_IF_ERROR(
      conn.query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash", {},
                 [&](const SqlRow& r) {
                   seq = r.int64(0);
                   prev_hash = r.text(1);
                 }));
  if (!seq)
    return Status::internal("audit_head_missing",
                            "the audit chain head is missing; run cordon audit verify");
  entry.seq = *seq;
  entry.prev_hash = std::move(prev_hash);
  entry.hash = audit_entry_hash(entry);
  auto inserted = conn.execute(
      std::string("INSERT INTO audit_log (") + kColumns +
          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {entry.seq, entry.at.micros(), entry.actor_user_id, entry.actor_name, entry.action,
       entry.record_type, entry.record_id, entry.remote_address, entry.detail,
       entry.prev_hash, entry.hash});
  if (!inserted.ok()) return inserted.status();
  auto moved = conn.execute("UPDATE audit_head SET hash = ? WHERE id = 1", {entry.hash});
  return moved.status();
}

Result<std::vector<AuditEntry>> list_audit(SqlConnection& conn, const AuditFilter& f,
                                           int64_t before_seq, int limit) {
  if (limit < 1)
    return Status::invalid_field("limit", "invalid_limit", "limit must be at least 1");
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log WHERE 1 = 1";
  std::vector<SqlValue> params;
  auto where = [&](const char* condition, SqlValue value) {
    sql += condition;
    params.push_back(std::move(value));
  };
  if (before_seq > 0) where(" AND seq < ?", before_seq);
  if (f.actor_user_id) where(" AND actor_user_id = ?", *f.actor_user_id);
  if (f.action) where(" AND action = ?", *f.action);
  if (f.record_type) where(" AND record_type = ?", *f.record_type);
  if (f.record_id) where(" AND record_id = ?", *f.record_id);
  if (f.from) where(" AND at_micros >= ?", f.from->micros());
  if (f.to) where(" AND at_micros < ?", f.to->micros());
  where(" ORDER BY seq DESC LIMIT ?", int64_t{limit});
  std::vector<AuditEntry> out;
  CORDON_RETURN_IF_ERROR(
      conn.query(sql, params, [&](const SqlRow& r) { out.push_back(read_entry(r)); }));
  return out;
}

Result<AuditVerification> verify_audit(
    SqlConnection& conn, const std::function<void(int64_t done, int64_t total)>& progress) {
  std::optional<int64_t> head_seq;
  std::string head_hash;
  CORDON_RETURN_IF_ERROR(conn.query("SELECT seq, hash FROM audit_head WHERE id = 1", {},
                                    [&](const SqlRow& r) {
                                      head_seq = r.int64(0);
                                      head_hash = r.text(1);
                                    }));
  if (!head_seq) return broken(0, 1, "the chain head is missing (table audit_head is empty)");

  int64_t checked = 0;
  int64_t last_seq = 0;
  // Where the next chunk starts; from the very lowest so that a seq below 1 is seen.
  int64_t after = std::numeric_limits<int64_t>::min();
  std::string last_hash;
  for (;;) {
    std::vector<AuditEntry> chunk;
    CORDON_RETURN_IF_ERROR(conn.query(
        std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
        {after, int64_t{kVerifyChunk}},
        [&](const SqlRow& r) { chunk.push_back(read_entry(r)); }));
    for (const AuditEntry& e : chunk) {
      int64_t expected = last_seq + 1;
      if (e.seq > expected)
        return broken(checked, expected,
                      missing_range(expected, e.seq - 1) + " (seq gap after " +
                          std::to_string(last_seq) + ")");
      if (e.seq < expected)  // only seq < 1 can get here: the query orders by seq
        return broken(checked, e.seq,
                      "entry " + std::to_string(e.seq) + " is out of sequence (seq starts at 1)");
      if (audit_entry_hash(e) != e.hash)
        return broken(checked, e.seq,
                      "entry " + std::to_string(e.seq) + " was edited (hash mismatch)");
      if (e.prev_hash != last_hash)
        return broken(checked, e.seq,
                      "entry " + std::to_string(e.seq) + " does not follow " +
                          std::to_string(last_seq) + " (prev_hash mismatch)");
      ++checked;
      last_seq = e.seq;
      last_hash = e.hash;
    }
    if (!chunk.empty()) after = chunk.back().seq;
    if (progress) progress(checked, std::max(*head_seq, checked));
    if (static_cast<int>(chunk.size()) < kVerifyChunk) break;
  }

  if (*head_seq > last_seq)
    return broken(checked, last_seq + 1,
                  "the last entries were deleted (head says " + std::to_string(*head_seq) +
                      ", log ends at " + std::to_string(last_seq) + ")");
  if (*head_seq < last_seq)
    return broken(checked, *head_seq + 1,
                  "entries were added behind the head's back (head says " +
                      std::to_string(*head_seq) + ", log ends at " + std::to_string(last_seq) +
                      ")");
  if (head_hash != last_hash)
    return broken(checked, last_seq,
                  "the chain head does not match entry " + std::to_string(last_seq) +
                      " (head hash mismatch)");
  AuditVerification v;
  v.ok = true;
  v.entries_checked = checked;
  v.head_hash = head_hash;
  return v;
}

}  // namespace cordon::store
