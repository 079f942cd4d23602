#include "service/exposures.h"

#include <set>

#include "service/audit.h"
#include "service/cursor.h"
#include "service/tracing.h"
#include "store/audit.h"
#include "store/cases.h"
#include "store/idempotency.h"

namespace cordon::service {

namespace {

enum class IfRecorded { kConflict, kKeep };

// Checks a validated exposure against the store and records it inside the caller's
// unit: both persons visible, no cycle, category derived, the exposed person's own
// contacts re-derived when this makes them a close contact. Returns whether it was
// inserted (false only with IfRecorded::kKeep for an exposure already on record).
Result<bool> record(store::SqlConnection& conn, Context& ctx, const Actor& actor,
                    const ContactRule& rule, Exposure& e, const std::string& prefix,
                    IfRecorded if_recorded) {
  Validation v;
  for (auto [id, field] : {std::pair{e.person_id, "person_id"},
                           std::pair{e.source_person_id, "source_person_id"}}) {
    Status s = find_visible_person(conn, actor, id, prefix + field).status();
    if (!s.ok() && s.kind() != Status::Kind::kInvalid) return s;
    v.add(s);
  }
  CORDON_RETURN_IF_ERROR(v.status());
  CORDON_ASSIGN_OR_RETURN(bool cycle, store::exposure_path_exists(conn, e.person_id,
                                                                 e.source_person_id));
  if (cycle)
    return Status::conflict(
        "exposure_cycle",
        "the source is already among the persons exposed, directly or not, to this person",
        {{prefix + "source_person_id", "exposure_cycle",
          "recording this exposure would make a chain that infects itself"}});
  CORDON_ASSIGN_OR_RETURN(e.category, derive_category(conn, rule, e));
  bool inserted = true;
  if (if_recorded == IfRecorded::kKeep) {
    CORDON_ASSIGN_OR_RETURN(inserted, store::insert_exposure_if_new(conn, e));
  } else {
    CORDON_ASSIGN_OR_RETURN(e, store::insert_exposure(conn, e));
  }
  if (!inserted) return false;
  if (e.category == ContactCategory::kClose) {
    std::vector<Exposure> changed;
    CORDON_RETURN_IF_ERROR(rederive_from_source(conn, rule, e.person_id, changed));
  }
  CORDON_RETURN_IF_ERROR(store::append_audit(
      conn, audit_entry(ctx, actor, "exposure.create", "exposure", e.id,
                        "person " + std::to_string(e.person_id) + " exposed to " +
                            std::to_string(e.source_person_id) + ", " +
                            contact_category_name(e.category))));
  return true;
}

// Validates the contacts of one case, with the case's person as their source; every
// problem of every row at once.
Result<std::vector<Exposure>> validate_contacts(const std::vector<ExposureInput>& contacts,
                                                int64_t source_person_id, LocalDate today) {
  if (contacts.empty())
    return Status::invalid_field("contacts", "required", "list at least one contact");
  Validation v;
  std::vector<Exposure> out;
  std::set<std::pair<int64_t, ExposureSetting>> seen;
  for (size_t i = 0; i < contacts.size(); ++i) {
    std::string prefix = "contacts." + std::to_string(i) + ".";
    ExposureInput in = contacts[i];
    if (in.source_person_id && *in.source_person_id != source_person_id) {
      v.add(prefix + "source_person_id", "not_the_case",
            "a contact of this case has the case's person as its source");
      continue;
    }
    in.source_person_id = source_person_id;
    auto e = validate_exposure(in, today, prefix);
    if (!e.ok()) {
      v.add(e.status());
      continue;
    }
    if (!seen.insert({e->person_id, e->setting}).second)
      v.add(prefix + "person_id", "duplicate_in_request",
            "this person is listed twice in the same setting");
    out.push_back(std::move(*e));
  }
  CORDON_RETURN_IF_ERROR(v.status());
  return out;
}

}  // namespace

Result<Exposure> ExposureService::create(const Actor& actor, const ExposureInput& input,
                                         const std::optional<std::string>& idempotency_key) {
  Instant now = ctx_.clock.now();
  LocalDate today = ctx_.zone.local_date(now);
  CORDON_ASSIGN_OR_RETURN(Exposure e, validate_exposure(input, today));
  e.created_at = now;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen,
                              store::recall_idempotent(conn, *idempotency_key, "exposure"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(auto found, store::find_exposure(conn, *seen));
        if (!found) return Status::not_found("exposure_not_found", "no such exposure");
        e = *found;
        return Status();
      }
    }
    CORDON_ASSIGN_OR_RETURN(ContactRule rule, contact_rule_in_force(conn, today));
    CORDON_RETURN_IF_ERROR(record(conn, ctx_, actor, rule, e, "", IfRecorded::kConflict).status());
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(
          store::remember_idempotent(conn, *idempotency_key, "exposure", e.id, now));
    return Status();
  }));
  return e;
}

Result<std::vector<Exposure>> ExposureService::create_for_case(
    const Actor& actor, int64_t case_id, const std::vector<ExposureInput>& contacts,
    const std::optional<std::string>& idempotency_key) {
  Instant now = ctx_.clock.now();
  LocalDate today = ctx_.zone.local_date(now);
  std::vector<Exposure> out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Case c, find_visible_case(conn, actor, case_id));
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen,
                              store::recall_idempotent(conn, *idempotency_key, "case_contacts"));
      if (seen) {
        // The first attempt's exposures: those of this case's contacts listed again.
        std::set<int64_t> listed;
        for (const auto& in : contacts)
          if (in.person_id) listed.insert(*in.person_id);
        CORDON_ASSIGN_OR_RETURN(auto all, store::exposures_of(conn, c.person_id, true));
        for (auto& e : all)
          if (listed.count(e.person_id)) out.push_back(std::move(e));
        return Status();
      }
    }
    CORDON_ASSIGN_OR_RETURN(out, validate_contacts(contacts, c.person_id, today));
    CORDON_ASSIGN_OR_RETURN(ContactRule rule, contact_rule_in_force(conn, today));
    Validation v;
    for (size_t i = 0; i < out.size(); ++i) {
      out[i].created_at = now;
      auto r = record(conn, ctx_, actor, rule, out[i], "contacts." + std::to_string(i) + ".",
                      IfRecorded::kConflict);
      if (r.ok()) continue;
      // Unknown persons are collected so the client learns them all; anything else
      // (a duplicate, a cycle, a store failure) stops the request.
      if (r.status().kind() != Status::Kind::kInvalid) return r.status();
      v.add(r.status());
    }
    CORDON_RETURN_IF_ERROR(v.status());
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(
          store::remember_idempotent(conn, *idempotency_key, "case_contacts", case_id, now));
    return Status();
  }));
  return out;
}

Result<std::vector<ContactImportRow>> ExposureService::import_for_case(
    const Actor& actor, int64_t case_id, const std::vector<ExposureInput>& rows) {
  Instant now = ctx_.clock.now();
  LocalDate today = ctx_.zone.local_date(now);
  std::vector<ContactImportRow> results(rows.size());
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Case c, find_visible_case(conn, actor, case_id));
    CORDON_ASSIGN_OR_RETURN(ContactRule rule, contact_rule_in_force(conn, today));
    int64_t created = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      ExposureInput in = rows[i];
      in.source_person_id = c.person_id;
      auto e = validate_exposure(in, today);
      if (!e.ok()) {
        results[i].status = e.status();
        continue;
      }
      e->created_at = now;
      auto inserted = record(conn, ctx_, actor, rule, *e, "", IfRecorded::kKeep);
      if (!inserted.ok()) {
        // A bad row (unknown person, a cycle) is rejected; a store failure stops all.
        Status::Kind k = inserted.status().kind();
        if (k != Status::Kind::kInvalid && k != Status::Kind::kConflict) return inserted.status();
        results[i].status = inserted.status();
        continue;
      }
      results[i].outcome = *inserted ? ContactImportRow::Outcome::kCreated
                                     : ContactImportRow::Outcome::kExisting;
      created += *inserted;
    }
    return store::append_audit(
        conn, audit_entry(ctx_, actor, "exposure.import", "case", case_id,
                          std::to_string(rows.size()) + " rows, " + std::to_string(created) +
                              " created"));
  }));
  return results;
}

Result<Exposure> ExposureService::get(const Actor& actor, int64_t id) {
  Exposure out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(auto e, store::find_exposure(conn, id));
    if (!e || !find_visible_person(conn, actor, e->person_id).ok())
      return Status::not_found("exposure_not_found", "no such exposure");
    out = *e;
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "exposure.read", "exposure", id));
  return out;
}

Result<ExposureList> ExposureService::list(const Actor& actor, const ExposureListQuery& query) {
  CORDON_ASSIGN_OR_RETURN(int limit, parse_limit(query.limit));
  int64_t after = 0;
  if (query.cursor && !query.cursor->empty()) {
    CORDON_ASSIGN_OR_RETURN(auto c, decode_cursor(*query.cursor));
    after = c.id;
  }
  ExposureList out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(auto scope, resolve_scope(conn, actor, query.jurisdiction_id));
    CORDON_ASSIGN_OR_RETURN(out.items,
                            store::list_exposures(conn, scope, query.person_id, after, limit + 1));
    return Status();
  }));
  if (static_cast<int>(out.items.size()) > limit) {
    out.items.resize(limit);
    out.next_cursor = encode_cursor({0, "", out.items.back().id});
  }
  std::string detail = std::to_string(out.items.size()) + " results";
  if (query.person_id) detail = "person " + std::to_string(*query.person_id) + ", " + detail;
  record_read(ctx_, audit_entry(ctx_, actor, "exposure.list", "exposure", 0, detail));
  return out;
}

Result<CaseContacts> ExposureService::contacts_of_case(const Actor& actor, int64_t case_id) {
  CaseContacts out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Case c, find_visible_case(conn, actor, case_id));
    CORDON_ASSIGN_OR_RETURN(auto direct, store::exposures_of(conn, c.person_id, true));
    std::set<int64_t> close_persons;
    for (auto& e : direct) {
      if (e.category != ContactCategory::kClose) continue;
      close_persons.insert(e.person_id);
      out.close.push_back(std::move(e));
    }
    for (int64_t p : close_persons) {
      CORDON_ASSIGN_OR_RETURN(auto next, store::exposures_of(conn, p, true));
      for (auto& e : next)
        if (e.category == ContactCategory::kSecondary) out.secondary.push_back(std::move(e));
    }
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "case.contacts", "case", case_id,
                                std::to_string(out.close.size()) + " close, " +
                                    std::to_string(out.secondary.size()) + " secondary"));
  return out;
}

}  // namespace cordon::service
