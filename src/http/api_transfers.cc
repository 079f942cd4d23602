// Routes of person downloads and background imports.
#include "http/api_internal.h"
#include "service/transfers.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

json::object import_json(const service::ImportJob& job) {
  json::array problems;
  for (const auto& p : job.problems)
    problems.push_back(
        json::object{{"line", p.line}, {"field", p.field}, {"code", p.code}, {"message", p.message}});
  json::object out{{"id", job.id},
                   {"state", service::import_state_name(job.state)},
                   {"encoding", job.encoding},
                   {"bytes_total", job.bytes_total},
                   {"bytes_read", job.bytes_read},
                   {"rows_read", job.counts.rows_read},
                   {"created", job.counts.created},
                   {"existing", job.counts.existing},
                   {"rejected", job.counts.rejected},
                   {"errors", std::move(problems)},
                   {"errors_truncated", job.problems_truncated},
                   {"started_at", job.started_at.to_string()},
                   {"finished_at", nullable_instant(job.finished_at)},
                   {"failure", nullptr}};
  if (job.failure)
    out["failure"] = json::object{{"code", job.failure->code()}, {"message", job.failure->message()}};
  return out;
}

const json::value& import_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"state", "string"}, {"encoding", "string"},
       {"bytes_total", "integer"}, {"bytes_read", "integer"}, {"rows_read", "integer"},
       {"created", "integer"}, {"existing", "integer"}, {"rejected", "integer"},
       {"errors", "array"}, {"errors_truncated", "boolean"}, {"started_at", "string"},
       {"finished_at", "string"}, {"failure", "object"}});
  return kSchema;
}

}  // namespace

void register_transfers(Routes& routes) {
  service::TransferService& transfers = routes.services().transfers;

  routes.add({"GET", "/api/v1/persons/export",
              [&transfers](const Request& r, const Actor& actor) {
                auto format = service::parse_export_format(r.query_param("format").value_or("csv"));
                if (!format.ok()) return respond(format.status());
                auto place = parse_optional_int(r.query_param("place_id"), "place_id");
                if (!place.ok()) return respond(place.status());
                auto table = transfers.export_persons(actor, *place);
                if (!table.ok()) return respond(table.status());
                return download(*table, *format, "persons");
              },
              {"Download the persons of a jurisdiction (the caller's whole scope without "
               "place_id) as CSV or XLSX, in the columns `cordon import persons` reads; "
               "formula-like cells are neutralized; audited",
               "persons.read", "persons", nullptr, nullptr, {"format", "place_id"}}});

  routes.add({"POST", "/api/v1/imports/persons",
              [&transfers](const Request& r, const Actor& actor) {
                auto job = transfers.start_person_import(actor, r.body);
                if (!job.ok()) return respond(job.status());
                Response resp = json_response(202, import_json(*job));
                resp.set_header("Location", "/api/v1/imports/" + std::to_string(job->id));
                return resp;
              },
              {"Start importing a CSV of persons (the request body; UTF-8 or GBK) in the "
               "background, with the rules of `cordon import persons`: a re-run creates "
               "nobody twice; each bad row is reported with its line. One running import "
               "per account; a body over the server's limit answers 413",
               "persons.write", "imports", nullptr, import_schema(), {},
               {{202, "Started"}, {409, "an import of this account is running"},
                {413, "the file is too large"}}}});

  routes.add({"GET", "/api/v1/imports/{id}",
              with_id([&transfers](const Request&, const Actor& actor, int64_t id) {
                auto job = transfers.get(actor, id);
                if (!job.ok()) return respond(job.status());
                return json_response(200, import_json(*job));
              }),
              {"Progress of an import started by the caller: bytes and rows read, created, "
               "existing, rejected and the errors by line",
               "persons.write", "imports", nullptr, import_schema()}});
}

}  // namespace cordon::http::api
