// Repository of cases, their history, and exposures. SQL lives here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/case.h"
#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

// Restricts a query to the persons of one grid, or of the grids below `node_path`
// ("/1/5/"); both empty: everywhere.
struct CaseScope {
  std::optional<int64_t> grid_id;
  std::optional<std::string> node_path;
};

// Inserts; fills id. Conflict "case_exists" (field person_id) when the person already is
// a case.
Result<Case> insert_case(SqlConnection& conn, Case c);
Result<std::optional<Case>> find_case(SqlConnection& conn, int64_t id);
Result<std::optional<Case>> find_case_by_person(SqlConnection& conn, int64_t person_id);
// Writes every field of c.id, bumping the version; conflict "version_mismatch" when the
// stored version is not `expected_version`.
Result<Case> update_case(SqlConnection& conn, Case c, int64_t expected_version);

struct CaseFilter {
  CaseScope scope;
  std::optional<CaseClassification> classification;
  bool open_only = false;  // no outcome yet
};
// Cases matching `filter`, ordered by id, after `after_id`, at most `limit`.
Result<std::vector<Case>> list_cases(SqlConnection& conn, const CaseFilter& filter,
                                     int64_t after_id, int limit);

// One step of a case's history: its classification, each reclassification, its outcome.
struct CaseEvent {
  int64_t id = 0;
  int64_t case_id = 0;
  Instant at;
  int64_t actor_user_id = 0;
  std::string action;  // "classify", "reclassify", "close"
  CaseClassification classification = CaseClassification::kSuspected;
  std::optional<LocalDate> onset_date;
  std::optional<CaseOutcome> outcome;
  std::optional<LocalDate> outcome_date;
  std::string note;
};
Status insert_case_event(SqlConnection& conn, const CaseEvent& event);
// Oldest first.
Result<std::vector<CaseEvent>> list_case_events(SqlConnection& conn, int64_t case_id);

// How many cases and quarantine orders the database holds together (0: no outbreak yet).
Result<int64_t> count_cases_and_orders(SqlConnection& conn);

// Inserts; fills id. Conflict "duplicate_exposure" when the same person was already
// recorded as exposed to the same source in the same setting.
Result<Exposure> insert_exposure(SqlConnection& conn, Exposure e);
// Inserts without reading the id back, for bulk loads (the demo outbreak): on SQLite a
// RETURNING clause makes every INSERT keep a statement journal, which a million-row load
// pays for page by page. Same conflict as insert_exposure.
Status append_exposure(SqlConnection& conn, const Exposure& e);
// Inserts unless that exposure exists; returns whether it inserted (for imports).
Result<bool> insert_exposure_if_new(SqlConnection& conn, Exposure& e);
Result<std::optional<Exposure>> find_exposure(SqlConnection& conn, int64_t id);
Status set_exposure_category(SqlConnection& conn, int64_t id, ContactCategory category);

// Exposures naming `person_id` as the exposed person (as_source false) or as the source
// (as_source true), ordered by id.
Result<std::vector<Exposure>> exposures_of(SqlConnection& conn, int64_t person_id,
                                           bool as_source);
// Exposures whose exposed person is in scope, ordered by id, after `after_id`.
Result<std::vector<Exposure>> list_exposures(SqlConnection& conn, const CaseScope& scope,
                                             std::optional<int64_t> person_id, int64_t after_id,
                                             int limit);

// Whether `person_id` is a close contact: exposed to a case inside the window.
Result<bool> is_close_contact(SqlConnection& conn, int64_t person_id);

// Whether `to` can be reached from `from` following exposures from source to exposed
// person: recording "from exposed to to" would then close a cycle. Visits each person
// once.
Result<bool> exposure_path_exists(SqlConnection& conn, int64_t from, int64_t to);

// What the chain analytics are fed: the cases in scope with their dates, and the close
// exposures whose source is a case and whose exposed person is in scope.
struct CaseDay {
  int64_t case_id = 0;
  int64_t person_id = 0;
  LocalDate day;  // onset, else report date
};
struct CaseExposure {
  int64_t person_id = 0;
  int64_t source_person_id = 0;
  ExposureSetting setting = ExposureSetting::kOther;
  LocalDate last_date;
};
Result<std::vector<CaseDay>> case_days(SqlConnection& conn, const CaseScope& scope);
Result<std::vector<CaseExposure>> case_exposures(SqlConnection& conn, const CaseScope& scope);

// Cases in scope counted per day and classification, by onset or report date, within
// [from, to]. Cases without an onset date are left out of the onset count.
struct CaseCount {
  LocalDate date;
  CaseClassification classification = CaseClassification::kSuspected;
  int64_t count = 0;
};
Result<std::vector<CaseCount>> count_cases_by_day(SqlConnection& conn, const CaseScope& scope,
                                                  bool by_onset, LocalDate from, LocalDate to);

}  // namespace cordon::store
