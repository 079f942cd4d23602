#include "service/reports.h"

#include <sodium.h>

#include "service/access.h"
#include "service/audit.h"
#include "store/audit.h"
#include "store/idempotency.h"
#include "store/nodes.h"

namespace cordon::service {

namespace {

std::string new_reference() {
  std::string out;
  for (std::size_t i = 0; i < kReferenceLength; ++i)
    out += kReferenceAlphabet[randombytes_uniform(static_cast<uint32_t>(kReferenceAlphabet.size()))];
  return out;
}

std::optional<Instant> step_deadline(ReportCategory c, ReportStatus s, Instant from) {
  auto seconds = report_step_seconds(c, s);
  if (!seconds) return std::nullopt;
  return from.plus_seconds(*seconds);
}

Status illegal(ReportStatus from, ReportStatus to) {
  return Status::conflict("illegal_transition",
                          "a report that is " + std::string(report_status_name(from)) +
                              " cannot become " + std::string(report_status_name(to)));
}

}  // namespace

std::optional<int64_t> ReportService::throttle_filing(const std::string& address) {
  return filings_.acquire(address, ctx_.clock.now());
}

std::optional<int64_t> ReportService::throttle_lookup(const std::string& address) {
  return lookups_.acquire(address, ctx_.clock.now());
}

Result<Report> ReportService::insert(store::SqlConnection& conn, const Actor& actor,
                                     const ValidReport& valid,
                                     std::optional<std::string> scope_path) {
  if (sodium_init() < 0) return Status::internal("sodium_init", "libsodium failed to start");
  Instant now = ctx_.clock.now();
  Report r;
  r.category = valid.category;
  r.status = ReportStatus::kReceived;
  r.source = actor.user_id == 0 ? "public" : "staff";
  r.filed_by_user_id = actor.user_id;
  r.address = valid.address;
  r.place_id = valid.place_id;
  r.scope_path = std::move(scope_path);
  r.description = valid.description;
  r.contact = valid.contact;
  r.received_at = r.updated_at = now;
  r.due_at = step_deadline(r.category, r.status, now);
  // 31^10 references: a collision is all but impossible, but cheap to survive.
  for (int attempt = 0;; ++attempt) {
    r.reference = new_reference();
    auto inserted = store::insert_report(conn, r);
    if (inserted.ok()) {
      r = std::move(*inserted);
      break;
    }
    if (inserted.status().code() != "unique_violation" || attempt == 3) return inserted.status();
  }
  CORDON_RETURN_IF_ERROR(store::append_timeline(
      conn, timeline_entry(ctx_, actor, "report", r.id, "received", r.source)));
  CORDON_RETURN_IF_ERROR(store::append_audit(
      conn, audit_entry(ctx_, actor, "report.create", "report", r.id,
                        std::string(report_category_name(r.category)))));
  return r;
}

Result<ReportReceipt> ReportService::file_public(const Actor& anonymous, const ReportInput& input) {
  CORDON_ASSIGN_OR_RETURN(ValidReport valid, validate_report_input(input));
  Actor actor = anonymous;
  actor.user_id = 0;
  actor.name = "public";
  Report out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    std::optional<std::string> scope;
    if (valid.place_id) {
      CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, *valid.place_id));
      if (!node) return Status::invalid_field("place_id", "not_found", "no such place");
      scope = node->path;
    }
    CORDON_ASSIGN_OR_RETURN(out, insert(conn, actor, valid, scope));
    return Status();
  }));
  return ReportReceipt{out.reference, out.status, out.received_at};
}

Result<Report> ReportService::file(const Actor& actor, const ReportInput& input,
                                   const std::optional<std::string>& idempotency_key) {
  CORDON_ASSIGN_OR_RETURN(ValidReport valid, validate_report_input(input));
  Report out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen, store::recall_idempotent(conn, *idempotency_key, "report"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(auto found, store::find_report(conn, *seen));
        if (!found || found->filed_by_user_id != actor.user_id) return report_not_found();
        out = std::move(*found);
        return Status();
      }
    }
    std::optional<std::string> scope = actor.jurisdiction_path;
    if (valid.place_id) {
      CORDON_ASSIGN_OR_RETURN(Node node, visible_node(conn, actor, *valid.place_id, "place_id"));
      scope = node.path;
    }
    CORDON_ASSIGN_OR_RETURN(out, insert(conn, actor, valid, scope));
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(
          store::remember_idempotent(conn, *idempotency_key, "report", out.id, ctx_.clock.now()));
    return Status();
  }));
  return out;
}

Result<ReportReceipt> ReportService::public_status(const std::string& reference) {
  // One indexed lookup whatever the input, so a malformed reference costs what an unknown
  // one does and both answer the same.
  std::string key = normalize_reference(reference).value_or("");
  std::optional<Report> found;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(found, store::find_report_by_reference(conn, key));
    return Status();
  }));
  if (!found) return report_not_found();
  return ReportReceipt{found->reference, found->status, found->received_at};
}

Result<ReportDetail> ReportService::get(const Actor& actor, int64_t id) {
  ReportDetail out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out.report, load_visible_report(conn, actor, id));
    CORDON_ASSIGN_OR_RETURN(out.timeline, store::list_timeline(conn, "report", id));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "report.read", "report", id));
  return out;
}

Result<ReportPage> ReportService::list(const Actor& actor, const ReportListQuery& query) {
  CORDON_ASSIGN_OR_RETURN(IdPage page, parse_id_page(query.cursor, query.limit));
  store::ReportFilter filter;
  filter.after_id = page.after_id;
  filter.limit = page.limit;
  filter.scope_path = actor.jurisdiction_path;
  filter.include_unplaced = sees_unplaced(actor);
  if (query.status) {
    filter.status = parse_report_status(*query.status);
    if (!filter.status)
      return Status::invalid_field("status", "unknown_status", "no such report status");
  }
  ReportPage out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out.items, store::list_reports(conn, filter));
    return Status();
  }));
  out.next_cursor = next_id_cursor(out.items, page.limit);
  record_read(ctx_, audit_entry(ctx_, actor, "report.list", "report", 0,
                                std::to_string(out.items.size()) + " results"));
  return out;
}

Result<std::vector<Report>> ReportService::overdue(const Actor& actor) {
  store::ReportFilter filter;
  filter.scope_path = actor.jurisdiction_path;
  filter.include_unplaced = sees_unplaced(actor);
  filter.due_before = ctx_.clock.now();
  filter.limit = kMaxPageSize;
  std::vector<Report> out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, store::list_reports(conn, filter));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "report.overdue", "report", 0,
                                std::to_string(out.size()) + " results"));
  return out;
}

Result<Report> ReportService::move(const Actor& actor, int64_t id, ReportStatus to,
                                   const ReportStep& step, const Extra& extra) {
  Validation v;
  std::string note = checked_text(v, "note", step.note, kMaxNote, false);
  CORDON_RETURN_IF_ERROR(v.status());
  Report out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Report report, load_visible_report(conn, actor, id));
    if (!report_may_move(report.status, to)) return illegal(report.status, to);
    Instant now = ctx_.clock.now();
    if (extra) CORDON_RETURN_IF_ERROR(extra(conn, report, now));
    report.status = to;
    report.updated_at = now;
    report.due_at = step_deadline(report.category, to, now);
    report.version += 1;
    CORDON_RETURN_IF_ERROR(store::update_report(conn, report));
    CORDON_RETURN_IF_ERROR(store::append_timeline(
        conn, timeline_entry(ctx_, actor, "report", id, std::string(report_status_name(to)), note)));
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "report." + std::string(report_status_name(to)), "report",
                          id)));
    out = std::move(report);
    return Status();
  }));
  return out;
}

Result<Report> ReportService::triage(const Actor& actor, int64_t id, const ReportStep& step) {
  return move(actor, id, ReportStatus::kTriaged, step,
              [&](store::SqlConnection& conn, Report& report, Instant) -> Status {
                if (step.place_id) {
                  CORDON_ASSIGN_OR_RETURN(Node node,
                                          visible_node(conn, actor, *step.place_id, "place_id"));
                  report.place_id = node.id;
                  report.scope_path = node.path;
                }
                if (!report.scope_path)
                  return Status::invalid_field("place_id", "required",
                                               "say where the report belongs before triage");
                return Status();
              });
}

Result<std::pair<Report, Task>> ReportService::dispatch(const Actor& actor, int64_t id,
                                                        const ReportStep& step) {
  TaskSpec spec;
  spec.source = TaskSource::kReport;
  spec.source_id = id;
  spec.unit_id = step.unit_id;
  spec.assignee_user_id = step.assignee_user_id;
  spec.assignee_role = step.assignee_role;
  spec.kind = TaskKind::kVisit;
  if (step.task_kind) {
    auto kind = parse_task_kind(*step.task_kind);
    if (!kind)
      return Status::invalid_field("task_kind", "unknown_kind",
                                   "task_kind must be one of " + task_kind_list());
    spec.kind = *kind;
  }
  Task task;
  auto report = move(actor, id, ReportStatus::kDispatched, step,
                     [&](store::SqlConnection& conn, Report& r, Instant now) -> Status {
                       spec.title = "verify report " + r.reference + " (" +
                                    std::string(report_category_name(r.category)) + ")";
                       spec.detail = r.address.empty() ? r.description
                                                       : r.address + ": " + r.description;
                       spec.due_at = *step_deadline(r.category, ReportStatus::kDispatched, now);
                       CORDON_ASSIGN_OR_RETURN(task, tasks_.insert_in(conn, actor, spec));
                       return Status();
                     });
  if (!report.ok()) return report.status();
  tasks_.announce(task);
  return std::make_pair(std::move(*report), std::move(task));
}

Result<Report> ReportService::verify(const Actor& actor, int64_t id, const ReportStep& step) {
  return move(actor, id, ReportStatus::kVerified, step);
}

Result<Report> ReportService::resolve(const Actor& actor, int64_t id, const ReportStep& step) {
  return move(actor, id, ReportStatus::kResolved, step);
}

Result<Report> ReportService::reject(const Actor& actor, int64_t id, const ReportStep& step) {
  return move(actor, id, ReportStatus::kRejected, step);
}

}  // namespace cordon::service
