#include "service/cases.h"

#include "service/audit.h"
#include "service/cursor.h"
#include "service/tracing.h"
#include "store/audit.h"
#include "store/idempotency.h"

namespace cordon::service {

namespace {

store::CaseEvent event_for(const Case& c, const Actor& actor, Instant at, std::string action,
                           std::string note) {
  store::CaseEvent e;
  e.case_id = c.id;
  e.at = at;
  e.actor_user_id = actor.user_id;
  e.action = std::move(action);
  e.classification = c.classification;
  e.onset_date = c.onset_date;
  e.outcome = c.outcome;
  e.outcome_date = c.outcome_date;
  e.note = std::move(note);
  return e;
}

// Parses an optional date field of a change request.
Result<std::optional<LocalDate>> optional_date(const std::optional<std::string>& text,
                                               const char* field) {
  if (!text) return std::optional<LocalDate>();
  CORDON_ASSIGN_OR_RETURN(LocalDate d, LocalDate::parse(*text, field));
  return std::optional<LocalDate>(d);
}

}  // namespace

Result<Case> CaseService::create(const Actor& actor, const CaseInput& input,
                                 const std::optional<std::string>& idempotency_key) {
  Instant now = ctx_.clock.now();
  LocalDate today = ctx_.zone.local_date(now);
  CORDON_ASSIGN_OR_RETURN(Case c, validate_case(input, today));
  c.created_at = c.updated_at = now;
  Case created;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen, store::recall_idempotent(conn, *idempotency_key, "case"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(created, find_visible_case(conn, actor, *seen));
        return Status();
      }
    }
    CORDON_RETURN_IF_ERROR(find_visible_person(conn, actor, c.person_id, "person_id").status());
    CORDON_ASSIGN_OR_RETURN(created, store::insert_case(conn, c));
    CORDON_RETURN_IF_ERROR(store::insert_case_event(
        conn, event_for(created, actor, now, "classify", "")));
    CORDON_ASSIGN_OR_RETURN(ContactRule rule, contact_rule_in_force(conn, today));
    std::vector<Exposure> changed;
    CORDON_RETURN_IF_ERROR(rederive_from_source(conn, rule, created.person_id, changed));
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "case.create", "case", created.id,
                          std::string(case_classification_name(created.classification)) +
                              ", person " + std::to_string(created.person_id))));
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(
          store::remember_idempotent(conn, *idempotency_key, "case", created.id, now));
    return Status();
  }));
  return created;
}

Result<Case> CaseService::get(const Actor& actor, int64_t id) {
  Case out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, find_visible_case(conn, actor, id));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "case.read", "case", id));
  return out;
}

Result<std::vector<CaseEvent>> CaseService::history(const Actor& actor, int64_t id) {
  std::vector<CaseEvent> out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(find_visible_case(conn, actor, id).status());
    CORDON_ASSIGN_OR_RETURN(out, store::list_case_events(conn, id));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "case.history", "case", id));
  return out;
}

Result<CaseList> CaseService::list(const Actor& actor, const CaseListQuery& query) {
  CORDON_ASSIGN_OR_RETURN(int limit, parse_limit(query.limit));
  int64_t after = 0;
  if (query.cursor && !query.cursor->empty()) {
    CORDON_ASSIGN_OR_RETURN(auto c, decode_cursor(*query.cursor));
    after = c.id;
  }
  store::CaseFilter filter;
  filter.open_only = query.open_only;
  if (query.classification) {
    filter.classification = parse_case_classification(*query.classification);
    if (!filter.classification)
      return Status::invalid_field("classification", "unknown_classification",
                                   "classification must be suspected, confirmed or asymptomatic");
  }
  CaseList out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(filter.scope, resolve_scope(conn, actor, query.jurisdiction_id));
    CORDON_ASSIGN_OR_RETURN(out.items, store::list_cases(conn, filter, after, limit + 1));
    return Status();
  }));
  if (static_cast<int>(out.items.size()) > limit) {
    out.items.resize(limit);
    out.next_cursor = encode_cursor({0, "", out.items.back().id});
  }
  record_read(ctx_, audit_entry(ctx_, actor, "case.list", "case", 0,
                                "jurisdiction " +
                                    std::to_string(query.jurisdiction_id.value_or(0)) + ", " +
                                    std::to_string(out.items.size()) + " results"));
  return out;
}

Result<Case> CaseService::change(const Actor& actor, int64_t id,
                                 std::optional<int64_t> expected_version, const char* action,
                                 const std::string& note,
                                 const std::function<Status(Case&, LocalDate)>& apply) {
  Instant now = ctx_.clock.now();
  LocalDate today = ctx_.zone.local_date(now);
  Case out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Case current, find_visible_case(conn, actor, id));
    if (expected_version && *expected_version != current.version)
      return Status::conflict("version_mismatch",
                              "the case was changed by someone else; reload and try again");
    Case next = current;
    CORDON_RETURN_IF_ERROR(apply(next, today));
    next.updated_at = now;
    CORDON_ASSIGN_OR_RETURN(out, store::update_case(conn, next, current.version));
    CORDON_RETURN_IF_ERROR(store::insert_case_event(conn, event_for(out, actor, now, action, note)));
    CORDON_ASSIGN_OR_RETURN(ContactRule rule, contact_rule_in_force(conn, today));
    std::vector<Exposure> changed;
    CORDON_RETURN_IF_ERROR(rederive_from_source(conn, rule, out.person_id, changed));
    std::string detail = case_classification_name(out.classification);
    if (out.outcome) detail += std::string(", ") + case_outcome_name(*out.outcome);
    return store::append_audit(
        conn, audit_entry(ctx_, actor, std::string("case.") + action, "case", id, detail));
  }));
  return out;
}

Result<Case> CaseService::reclassify(const Actor& actor, int64_t id,
                                     const Reclassification& change_request,
                                     std::optional<int64_t> expected_version) {
  Validation v;
  std::optional<CaseClassification> to;
  if (!change_request.classification)
    v.add("classification", "required", "classification is required");
  else if (!(to = parse_case_classification(*change_request.classification)))
    v.add("classification", "unknown_classification",
          "classification must be suspected, confirmed or asymptomatic");
  auto onset = optional_date(change_request.onset_date, "onset_date");
  if (!onset.ok()) v.add(onset.status());
  CORDON_RETURN_IF_ERROR(v.status());
  return change(actor, id, expected_version, "reclassify", change_request.note.value_or(""),
                [&](Case& c, LocalDate today) { return reclassify_case(c, *to, *onset, today); });
}

Result<Case> CaseService::close(const Actor& actor, int64_t id, const CaseClosure& closure,
                                std::optional<int64_t> expected_version) {
  Validation v;
  std::optional<CaseOutcome> outcome;
  if (!closure.outcome)
    v.add("outcome", "required", "outcome is required");
  else if (!(outcome = parse_case_outcome(*closure.outcome)))
    v.add("outcome", "unknown_outcome",
          "outcome must be recovered, died, ruled_out or transferred");
  auto date = optional_date(closure.outcome_date, "outcome_date");
  if (!date.ok()) v.add(date.status());
  CORDON_RETURN_IF_ERROR(v.status());
  return change(actor, id, expected_version, "close", closure.note.value_or(""),
                [&](Case& c, LocalDate today) {
                  return close_case(c, *outcome, date->value_or(today), today);
                });
}

}  // namespace cordon::service
