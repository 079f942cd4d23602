// Use cases of reports: filing (by the public without an account, or by staff), the
// workflow received > triaged > dispatched > verified > resolved | rejected with a deadline
// on every step, the list of breached deadlines, and the public status lookup by
// reference number.
//
// The public side learns nothing but the status of the report whose reference it holds:
// no content, no other reports, and an unknown reference answers exactly like a
// malformed one.
//
// Thread-safe: the rate limiters are; everything else is in the store.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/report.h"
#include "service/context.h"
#include "service/rate_limit.h"
#include "service/tasks.h"
#include "store/reports.h"

namespace cordon::service {

using Report = store::Report;

struct ReportPolicy {
  int max_filings_per_address = 5;  // public reports from one address per window
  std::chrono::seconds filing_window{10 * 60};
  int max_lookups_per_address = 60;  // status lookups from one address per window
  std::chrono::seconds lookup_window{10 * 60};
};

// What a resident gets back: the reference to quote, nothing else of the record.
struct ReportReceipt {
  std::string reference;
  ReportStatus status = ReportStatus::kReceived;
  Instant received_at;
};

struct ReportDetail {
  Report report;
  std::vector<TimelineEntry> timeline;
};

struct ReportListQuery {
  std::optional<std::string> status;
  std::optional<std::string> cursor;
  std::optional<std::string> limit;
};

struct ReportPage {
  std::vector<Report> items;
  std::optional<std::string> next_cursor;
};

// One workflow step as a client sends it; which fields count depends on the step.
struct ReportStep {
  std::optional<std::string> note;
  std::optional<int64_t> place_id;  // triage: where it is (required if unplaced)
  // dispatch: the task created for the unit that verifies on site.
  std::optional<int64_t> unit_id;
  std::optional<int64_t> assignee_user_id;
  std::optional<std::string> assignee_role;
  std::optional<std::string> task_kind;  // default "visit"
};

class ReportService {
 public:
  ReportService(Context& ctx, TaskService& tasks, ReportPolicy policy = {})
      : ctx_(ctx), tasks_(tasks), policy_(policy),
        filings_(policy.max_filings_per_address, policy.filing_window),
        lookups_(policy.max_lookups_per_address, policy.lookup_window) {}

  // Counts one public filing (or lookup) from `address`; nullopt when allowed, else the
  // seconds to wait (the HTTP layer answers 429 with Retry-After).
  std::optional<int64_t> throttle_filing(const std::string& address);
  std::optional<int64_t> throttle_lookup(const std::string& address);

  // A report from the public: invalid with every bad field (validate_report_input), or a
  // place_id that names no place.
  Result<ReportReceipt> file_public(const Actor& anonymous, const ReportInput& input);
  // A report from a worker or a hotel desk: placed at place_id (inside the actor's
  // jurisdiction) or else at the actor's jurisdiction. Idempotent with a key.
  Result<Report> file(const Actor& actor, const ReportInput& input,
                      const std::optional<std::string>& idempotency_key = std::nullopt);
  // The status of the report with `reference` (any spelling normalize_reference accepts);
  // not found ("report_not_found") for anything else.
  Result<ReportReceipt> public_status(const std::string& reference);

  Result<ReportDetail> get(const Actor& actor, int64_t id);
  Result<ReportPage> list(const Actor& actor, const ReportListQuery& query);
  // Open reports of the actor's scope whose step deadline has passed, by id.
  Result<std::vector<Report>> overdue(const Actor& actor);

  // The workflow. Each fails conflict "illegal_transition" out of order (a closed report,
  // a skipped step) and records who and when on the timeline.
  Result<Report> triage(const Actor& actor, int64_t id, const ReportStep& step);
  // Also creates the verification task (source report) for the unit, due at the step's
  // deadline; returns the report and that task.
  Result<std::pair<Report, Task>> dispatch(const Actor& actor, int64_t id, const ReportStep& step);
  Result<Report> verify(const Actor& actor, int64_t id, const ReportStep& step);
  Result<Report> resolve(const Actor& actor, int64_t id, const ReportStep& step);
  Result<Report> reject(const Actor& actor, int64_t id, const ReportStep& step);

 private:
  // Runs inside the step's write unit before the report moves; `now` is the step's time.
  using Extra = std::function<Status(store::SqlConnection&, Report&, Instant now)>;
  Result<Report> move(const Actor& actor, int64_t id, ReportStatus to, const ReportStep& step,
                      const Extra& extra = {});
  Result<Report> insert(store::SqlConnection& conn, const Actor& actor, const ValidReport& valid,
                        std::optional<std::string> scope_path);

  Context& ctx_;
  TaskService& tasks_;
  ReportPolicy policy_;
  RateLimiter filings_;
  RateLimiter lookups_;
};

}  // namespace cordon::service
