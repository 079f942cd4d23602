// Use cases of cases (病例): record, read, list, reclassify, close; each change kept in
// the case's history and audited.
//
// Thread-safe: holds only references to the Context.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/case.h"
#include "service/context.h"
#include "store/cases.h"

namespace cordon::service {

using CaseEvent = store::CaseEvent;

struct CaseListQuery {
  std::optional<int64_t> jurisdiction_id;
  std::optional<std::string> classification;
  bool open_only = false;
  std::optional<std::string> cursor;
  std::optional<std::string> limit;
};

struct CaseList {
  std::vector<Case> items;
  std::optional<std::string> next_cursor;
};

struct Reclassification {
  std::optional<std::string> classification;
  std::optional<std::string> onset_date;
  std::optional<std::string> note;
};

struct CaseClosure {
  std::optional<std::string> outcome;
  std::optional<std::string> outcome_date;  // default: today
  std::optional<std::string> note;
};

class CaseService {
 public:
  explicit CaseService(Context& ctx) : ctx_(ctx) {}

  // Records a case for a person inside the actor's jurisdiction (invalid "person_id" /
  // "person_not_found" otherwise). Conflict "case_exists" when the person already is
  // one. The exposures whose source is this person are re-derived: its contacts become
  // close contacts and theirs secondary. Idempotent with a key.
  Result<Case> create(const Actor& actor, const CaseInput& input,
                      const std::optional<std::string>& idempotency_key = std::nullopt);
  // Not found ("case_not_found") also outside the actor's jurisdiction.
  Result<Case> get(const Actor& actor, int64_t id);
  Result<CaseList> list(const Actor& actor, const CaseListQuery& query);
  // Oldest first: the first classification, every reclassification, the outcome.
  Result<std::vector<CaseEvent>> history(const Actor& actor, int64_t id);

  // Rules in core/case.h reclassify_case; conflict "version_mismatch" with a stale
  // expected_version.
  Result<Case> reclassify(const Actor& actor, int64_t id, const Reclassification& change,
                          std::optional<int64_t> expected_version);
  // Rules in core/case.h close_case. Ruling out a suspect re-derives its contacts.
  Result<Case> close(const Actor& actor, int64_t id, const CaseClosure& closure,
                     std::optional<int64_t> expected_version);

 private:
  // Loads the case, applies `change` to it, stores it with its history entry and audit,
  // and re-derives its contacts.
  Result<Case> change(const Actor& actor, int64_t id, std::optional<int64_t> expected_version,
                      const char* action, const std::string& note,
                      const std::function<Status(Case&, LocalDate today)>& apply);

  Context& ctx_;
};

}  // namespace cordon::service
