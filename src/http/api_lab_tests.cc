// Routes of lab tests and pooled tubes.
#include "http/api_internal.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

const json::value& sample_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"person_id", "integer"}, {"grid_id", "integer"},
       {"order_id", "integer"}, {"pooled_tube_id", "integer"}, {"kind", "string"},
       {"sampled_on", "string"}, {"result", "string"}, {"resulted_on", "string"},
       {"retest_required", "boolean"}, {"created_at", "string"}, {"updated_at", "string"}});
  return kSchema;
}

const json::value& tube_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"code", "string"}, {"kind", "string"}, {"grid_id", "integer"},
       {"sampled_on", "string"}, {"result", "string"}, {"resulted_on", "string"},
       {"members", "array"}});
  return kSchema;
}

const json::value& result_schema() {
  static const json::value kSchema =
      object_schema({{"result", "string"}, {"resulted_on", "string"}}, {"result"});
  return kSchema;
}

Response tube_response(const Result<service::TubeDetail>& t, int status = 200) {
  if (!t.ok()) return respond(t.status());
  json::object o = to_json(t->tube);
  json::array members;
  for (const auto& s : t->members) members.push_back(to_json(s));
  o["members"] = std::move(members);
  return json_response(status, o);
}

// Reads {"result", "resulted_on"}; the caller checks f.finish().
service::ResultInput read_result(RequestFields& f) {
  service::ResultInput in;
  in.result = f.text("result");
  in.resulted_on = f.text("resulted_on");
  return in;
}

}  // namespace

void register_lab_tests(Routes& routes) {
  service::LabService& labs = routes.services().labs;

  routes.add({"POST", "/api/v1/tests",
              [&labs](const Request& r, const Actor& actor) {
                RequestFields f(r);
                service::SampleInput in;
                in.person_id = f.integer("person_id");
                in.order_id = f.integer("order_id");
                in.kind = f.text("kind");
                in.sampled_on = f.text("sampled_on");
                in.result = f.text("result");
                in.resulted_on = f.text("resulted_on");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto sample = labs.record_sample(actor, in, idempotency_key(r));
                Response resp = respond(sample, 201);
                if (sample.ok())
                  resp.set_header("Location", "/api/v1/tests/" + std::to_string(sample->id));
                return resp;
              },
              {"Record an individual sample (PCR or antigen), with its result if known",
               "tests.write", "tests",
               object_schema({{"person_id", "integer"}, {"order_id", "integer"},
                              {"kind", "string"}, {"sampled_on", "string"}, {"result", "string"},
                              {"resulted_on", "string"}},
                             {"person_id", "kind", "sampled_on"}),
               sample_schema(), {}, {{201, "Created"}}}});

  routes.add({"GET", "/api/v1/tests",
              [&labs](const Request& r, const Actor& actor) {
                service::SampleQuery q;
                Validation v;
                for (auto [name, out] : {std::pair{"person_id", &q.person_id},
                                         std::pair{"order_id", &q.order_id},
                                         std::pair{"grid_id", &q.grid_id}}) {
                  auto value = parse_optional_int(r.query_param(name), name);
                  if (value.ok()) *out = *value;
                  else v.add(value.status());
                }
                if (!v.ok()) return respond(v.status());
                q.retest_required = r.query_param("retest_required");
                q.cursor = r.query_param("cursor");
                q.limit = r.query_param("limit");
                auto list = labs.list_samples(actor, q);
                if (!list.ok()) return respond(list.status());
                return json_response(200, page_json(list->items, list->next_cursor));
              },
              {"Samples of the jurisdiction; retest_required=true lists the members of "
               "positive pooled tubes still to be retested",
               "quarantine.read", "tests", nullptr, page_schema(sample_schema()),
               {"person_id", "order_id", "grid_id", "retest_required", "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/tests/{id}",
              [&labs](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                return respond(labs.get_sample(actor, *id));
              },
              {"Read a sample", "quarantine.read", "tests", nullptr, sample_schema()}});

  routes.add({"POST", "/api/v1/tests/{id}/result",
              [&labs](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                RequestFields f(r);
                service::ResultInput in = read_result(f);
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(labs.record_result(actor, *id, in));
              },
              {"Record an individual sample's result", "tests.write", "tests", result_schema(),
               sample_schema(), {},
               {{409, "test.result_already_recorded, or test.pooled_sample"}}}});

  routes.add({"POST", "/api/v1/pooled-tubes",
              [&labs](const Request& r, const Actor& actor) {
                RequestFields f(r);
                service::TubeInput in;
                in.code = f.text("code");
                in.kind = f.text("kind");
                in.sampled_on = f.text("sampled_on");
                in.member_person_ids = f.fields().integer_list("member_person_ids");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto t = labs.create_tube(actor, in, idempotency_key(r));
                Response resp = tube_response(t, 201);
                if (t.ok())
                  resp.set_header("Location", "/api/v1/pooled-tubes/" + std::to_string(t->tube.id));
                return resp;
              },
              {"Register a pooled tube (混管) with its members; one pending sample per member",
               "tests.write", "pooled-tubes",
               object_schema({{"code", "string"}, {"kind", "string"}, {"sampled_on", "string"},
                              {"member_person_ids", "array"}},
                             {"code", "kind", "sampled_on", "member_person_ids"}),
               tube_schema(), {}, {{201, "Created"}, {409, "duplicate_tube_code"}}}});

  routes.add({"GET", "/api/v1/pooled-tubes/{id}",
              [&labs](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                return tube_response(labs.get_tube(actor, *id));
              },
              {"Read a pooled tube with its members' samples", "quarantine.read",
               "pooled-tubes", nullptr, tube_schema()}});

  routes.add({"POST", "/api/v1/pooled-tubes/{id}/result",
              [&labs](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                RequestFields f(r);
                service::ResultInput in = read_result(f);
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return tube_response(labs.record_tube_result(actor, *id, in));
              },
              {"Record a pooled tube's result: negative clears every member, positive flags "
               "every member for an individual retest",
               "tests.write", "pooled-tubes", result_schema(), tube_schema(), {},
               {{409, "test.result_already_recorded"}}}});
}

}  // namespace cordon::http::api
