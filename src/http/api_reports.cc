// Routes of reports: the public filing and status lookup (no account), filing by staff,
// and the workflow for those who handle reports.
#include "http/api_internal.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

// A public report is a few lines of text: anything much larger is not one.
constexpr std::size_t kMaxPublicBody = 16 * 1024;

const json::value& report_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"reference", "string"}, {"category", "string"}, {"status", "string"},
       {"source", "string"}, {"address", "string"}, {"place_id", "integer"},
       {"description", "string"}, {"contact", "string"}, {"received_at", "string"},
       {"updated_at", "string"}, {"due_at", "string"}});
  return kSchema;
}

const json::value& receipt_schema() {
  static const json::value kSchema = object_schema({{"reference", "string"}, {"status", "string"}});
  return kSchema;
}

const json::value& report_input_schema() {
  static const json::value kSchema =
      object_schema({{"category", "string"}, {"address", "string"}, {"place_id", "integer"},
                     {"description", "string"}, {"contact", "string"}},
                    {"category", "description"});
  return kSchema;
}

ReportInput read_report_input(RequestFields& f) {
  ReportInput in;
  in.category = f.text("category");
  in.address = f.text("address");
  in.place_id = f.integer("place_id");
  in.description = f.text("description");
  in.contact = f.text("contact");
  return in;
}

service::ReportStep read_step(RequestFields& f, bool dispatch) {
  service::ReportStep step;
  step.note = f.text("note");
  if (dispatch) {
    step.unit_id = f.integer("unit_id");
    step.assignee_user_id = f.integer("assignee_user_id");
    step.assignee_role = f.text("assignee_role");
    step.task_kind = f.text("task_kind");
  } else {
    step.place_id = f.integer("place_id");
  }
  return step;
}

}  // namespace

Response throttled(int64_t retry_after) {
  Response resp = problem_response(Status::too_many_requests(
      "rate_limited", "too many requests from this address; retry after " +
                          std::to_string(retry_after) + " seconds"));
  for (auto& [name, value] : resp.headers)
    if (name == "Retry-After") value = std::to_string(retry_after);
  return resp;
}

void register_reports(Routes& routes) {
  service::ReportService& reports = routes.services().reports;

  routes.add({"POST", "/api/v1/public/reports",
              [&reports](const Request& r, const Actor& anonymous) {
                if (auto wait = reports.throttle_filing(r.remote_address)) return throttled(*wait);
                if (r.body.size() > kMaxPublicBody)
                  return problem_response(413, "payload_too_large",
                                          "a report is at most " +
                                              std::to_string(kMaxPublicBody / 1024) + " KiB");
                RequestFields f(r);
                ReportInput in = read_report_input(f);
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(reports.file_public(anonymous, in), 201);
              },
              {"File a report without an account (a complaint, a tip, a request for help); "
               "answers the reference number to quote",
               "public", "public", report_input_schema(), receipt_schema(),
               {},
               {{201, "Received"}, {413, "the report is too large"},
                {429, "too many reports from this address"}}}});

  routes.add({"GET", "/api/v1/public/reports/{reference}",
              [&reports](const Request& r, const Actor&) {
                if (auto wait = reports.throttle_lookup(r.remote_address)) return throttled(*wait);
                return respond(reports.public_status(std::string(r.path_param("reference"))));
              },
              {"The status (only) of the report with this reference number", "public", "public",
               nullptr, receipt_schema(), {}, {{429, "too many lookups from this address"}}}});

  routes.add({"POST", "/api/v1/reports",
              [&reports](const Request& r, const Actor& actor) {
                RequestFields f(r);
                ReportInput in = read_report_input(f);
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto report = reports.file(actor, in, idempotency_key(r));
                return created(report, "/api/v1/reports", report.ok() ? report->id : 0);
              },
              {"File a report as a worker or a hotel desk (placed at place_id, else at the "
               "account's jurisdiction)",
               "authenticated", "reports", report_input_schema(), report_schema(), {},
               {{201, "Created"}}}});

  routes.add({"GET", "/api/v1/reports",
              [&reports](const Request& r, const Actor& actor) {
                service::ReportListQuery q{r.query_param("status"), r.query_param("cursor"),
                                           r.query_param("limit")};
                auto page = reports.list(actor, q);
                if (!page.ok()) return respond(page.status());
                return json_response(200, page_json(page->items, page->next_cursor));
              },
              {"Reports of the jurisdiction (and unplaced ones for the command office)",
               "reports.handle", "reports", nullptr, page_schema(report_schema()),
               {"status", "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/reports/overdue",
              [&reports](const Request&, const Actor& actor) {
                auto list = reports.overdue(actor);
                if (!list.ok()) return respond(list.status());
                return json_response(200, items_json(*list));
              },
              {"Open reports whose step deadline has passed (the deadline alerts)",
               "reports.handle", "reports", nullptr, page_schema(report_schema())}});

  routes.add({"GET", "/api/v1/reports/{id}",
              with_id([&reports](const Request&, const Actor& actor, int64_t id) {
                return respond(reports.get(actor, id));
              }),
              {"A report with its timeline (each step by whom and when)", "reports.handle",
               "reports", nullptr, report_schema()}});

  using Step = Result<service::Report> (service::ReportService::*)(
      const Actor&, int64_t, const service::ReportStep&);
  struct Action {
    const char* name;
    Step step;
    const char* summary;
  };
  static const Action kActions[] = {
      {"triage", &service::ReportService::triage,
       "Triage a report (and place it with place_id if it has no place)"},
      {"verify", &service::ReportService::verify, "Record the on-site verification (核查)"},
      {"resolve", &service::ReportService::resolve, "Close a verified report with its outcome"},
      {"reject", &service::ReportService::reject, "Close a report as unfounded"},
  };
  for (const Action& a : kActions) {
    Step step = a.step;
    routes.add({"POST", std::string("/api/v1/reports/{id}/") + a.name,
                with_id([&reports, step](const Request& r, const Actor& actor, int64_t id) {
                  RequestFields f(r);
                  service::ReportStep s = read_step(f, false);
                  if (Status st = f.finish(); !st.ok()) return respond(st);
                  return respond((reports.*step)(actor, id, s));
                }),
                {a.summary, "reports.handle", "reports",
                 object_schema({{"note", "string"}, {"place_id", "integer"}}), report_schema(),
                 {}, {{409, "the report is not at the step before this one"}}}});
  }

  routes.add({"POST", "/api/v1/reports/{id}/dispatch",
              with_id([&reports](const Request& r, const Actor& actor, int64_t id) {
                RequestFields f(r);
                service::ReportStep s = read_step(f, true);
                if (Status st = f.finish(); !st.ok()) return respond(st);
                auto done = reports.dispatch(actor, id, s);
                if (!done.ok()) return respond(done.status());
                json::object body = to_json(done->first);
                body["task"] = to_json(done->second);
                return json_response(200, body);
              }),
              {"Dispatch a triaged report: a verification task for a unit, due at the step's "
               "deadline",
               "reports.handle", "reports",
               object_schema({{"note", "string"}, {"unit_id", "integer"},
                              {"assignee_user_id", "integer"}, {"assignee_role", "string"},
                              {"task_kind", "string"}}),
               report_schema(), {}, {{409, "the report is not triaged"}}}});
}

}  // namespace cordon::http::api
