// The audit log: who read or changed which record, when, from where — as a hash chain.
//
// Every entry holds the hash of the entry before it, and its own hash covers that link
// and every field of the entry (see docs/audit.md for the exact encoding). A one-row
// table `audit_head` holds the sequence number and hash of the newest entry; every append
// reads and updates it, which (a) serializes appenders (under PostgreSQL it is the row
// lock that orders writers on several servers) and (b) lets verify_audit notice when the
// newest entries were deleted, which a chain alone cannot show.
//
// What the chain proves: an entry edited, deleted or inserted in the middle through the
// database, rather than through append_audit, is found by verify_audit, which names the
// first place where the chain breaks. What it cannot prove on its own: someone with
// write access who recomputes every later hash and the head. Keeping a copy of the head
// hash elsewhere (cordon audit verify prints it) closes that gap up to the copy.
//
// Functions take the caller's connection and never open transactions of their own; they
// are as thread-safe as the connection (one thread at a time).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

struct AuditEntry {
  int64_t seq = 0;              // 1, 2, 3 ... assigned by append_audit
  Instant at;                   // when (UTC), microsecond precision
  int64_t actor_user_id = 0;    // 0 = system
  std::string actor_name;       // login name at the time ("system")
  std::string action;           // "person.read", "person.create", "person.update", ...
  std::string record_type;      // "person", "place", "user", "" for none
  int64_t record_id = 0;        // 0 for none
  std::string remote_address;   // "127.0.0.1", or "" for the CLI
  std::string detail;           // short free text or JSON (fields changed, query and count)
  std::string prev_hash;        // hex of the previous entry's hash ("" for seq 1)
  std::string hash;             // hex SHA-256 of prev_hash and the other fields

  bool operator==(const AuditEntry&) const = default;
};

// The hex SHA-256 of `entry` as stored: over prev_hash and a length-prefixed encoding of
// every other field (hash itself excluded), so no two different entries share a hash
// input. Exposed so tests (and tools that re-link a tampered log on purpose) can compute
// what the chain expects.
std::string audit_entry_hash(const AuditEntry& entry);

// Appends `entry` in the caller's write transaction: takes the chain head, assigns
// seq = head + 1 and prev_hash = head hash, computes the hash, inserts the entry and moves
// the head. The seq, prev_hash and hash the caller set are ignored. Must run on the write
// connection (inside Store::write or write_detached), so that the entry commits or rolls
// back with the change it records.
// Fails invalid ("audit_action_required") for an empty action, internal
// ("audit_head_missing") when the head row is gone, and with the store's error otherwise.
Status append_audit(SqlConnection& conn, AuditEntry entry);

// Restricts list_audit; every field that is set must match. `from` is inclusive and `to`
// exclusive, compared with AuditEntry::at.
struct AuditFilter {
  std::optional<int64_t> actor_user_id;
  std::optional<std::string> action;
  std::optional<std::string> record_type;
  std::optional<int64_t> record_id;
  std::optional<Instant> from, to;
};

// Entries matching `f`, newest (highest seq) first, at most `limit`, all with
// seq < before_seq (0: from the newest). Page on by passing the last seq returned.
// Fails invalid ("invalid_limit") for limit < 1.
Result<std::vector<AuditEntry>> list_audit(SqlConnection& conn, const AuditFilter& f,
                                           int64_t before_seq, int limit);

// The outcome of checking the whole chain. `ok` false means tampering (or corruption):
// first_bad_seq is the first seq where the chain breaks and `problem` says how, e.g.
//   "entry 17 was edited (hash mismatch)"
//   "entry 18 is missing (seq gap after 17)"
//   "entry 40 does not follow 39 (prev_hash mismatch)"
//   "the last entries were deleted (head says 120, log ends at 118)"
struct AuditVerification {
  bool ok = true;
  int64_t entries_checked = 0;
  std::optional<int64_t> first_bad_seq;
  std::string problem;
  std::string head_hash;  // the head's hash when ok: worth keeping a copy elsewhere
};

// Walks the chain from seq 1 in order, stopping at the first break. `progress`, when
// set, is called now and then with (entries checked, entries the head announces).
// A broken chain is an ok Result with ok == false; a failed Result means the store
// could not be read. Runs on any connection; use a read transaction for one snapshot.
Result<AuditVerification> verify_audit(
    SqlConnection& conn, const std::function<void(int64_t done, int64_t total)>& progress = {});

}  // namespace cordon::store
