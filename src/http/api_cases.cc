// Routes of contact tracing: cases, exposures, chains, clusters, attack rates, the
// cases with the most onward cases, and the epidemic curve.
#include <boost/json/array.hpp>

#include "http/api_internal.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

const json::value& case_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"person_id", "integer"}, {"classification", "string"},
       {"onset_date", "string"}, {"sampling_date", "string"}, {"report_date", "string"},
       {"outcome", "string"}, {"outcome_date", "string"}, {"created_at", "string"},
       {"updated_at", "string"}, {"version", "integer"}});
  return kSchema;
}

const json::value& exposure_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"person_id", "integer"}, {"source_person_id", "integer"},
       {"setting", "string"}, {"first_date", "string"}, {"last_date", "string"},
       {"place", "string"}, {"category", "string"}, {"created_at", "string"}});
  return kSchema;
}

const json::value& exposure_input_schema() {
  static const json::value kSchema = object_schema(
      {{"person_id", "integer"}, {"source_person_id", "integer"}, {"setting", "string"},
       {"first_date", "string"}, {"last_date", "string"}, {"place", "string"}},
      {"person_id", "source_person_id", "setting", "last_date"});
  return kSchema;
}

ExposureInput read_exposure_input(JsonFields& f) {
  ExposureInput in;
  in.person_id = f.integer("person_id");
  in.source_person_id = f.integer("source_person_id");
  in.setting = f.text("setting");
  in.first_date = f.text("first_date");
  in.last_date = f.text("last_date");
  in.place = f.text("place");
  return in;
}

// {"contacts": [{...}, ...]}: each element read like one exposure, its field errors named
// "contacts.N.field".
Result<std::vector<ExposureInput>> read_contacts(const Request& r) {
  CORDON_ASSIGN_OR_RETURN(json::object body, parse_json_object(r));
  Validation v;
  for (const auto& [key, value] : body)
    if (key != "contacts") v.add(std::string(key), "unknown_field", "this field is not accepted here");
  std::vector<ExposureInput> out;
  auto it = body.find("contacts");
  if (it == body.end() || !it->value().is_array()) {
    v.add("contacts", "expected_array", "contacts must be an array of exposures");
    return v.status();
  }
  const json::array& items = it->value().get_array();
  for (size_t i = 0; i < items.size(); ++i) {
    std::string prefix = "contacts." + std::to_string(i);
    if (!items[i].is_object()) {
      v.add(prefix, "expected_object", prefix + " must be an object");
      continue;
    }
    JsonFields f(items[i].get_object());
    out.push_back(read_exposure_input(f));
    Status s = f.finish();
    for (const auto& e : s.errors()) v.add(prefix + "." + e.field, e.code, e.message);
  }
  CORDON_RETURN_IF_ERROR(v.status());
  return out;
}

// The shared shape of a handler on /cases/{id}: parse the id, then answer.
template <typename F>
Response with_id(const Request& r, F&& f) {
  auto id = parse_id(r.path_param("id"));
  if (!id.ok()) return respond(id.status());
  return f(*id);
}

Result<std::optional<int64_t>> jurisdiction_param(const Request& r) {
  return parse_optional_int(r.query_param("jurisdiction_id"), "jurisdiction_id");
}

template <typename Items>
json::array array_json(const Items& items) {
  json::array arr;
  for (const auto& item : items) arr.push_back(to_json(item));
  return arr;
}

// {"items": [...]}: a whole list, not paged.
template <typename Items>
json::object items_json(const Items& items) {
  return json::object{{"items", array_json(items)}};
}

void register_case_routes(Routes& routes) {
  service::CaseService& cases = routes.services().cases;

  routes.add({"POST", "/api/v1/cases",
              [&cases](const Request& r, const Actor& actor) {
                RequestFields f(r);
                CaseInput in;
                in.person_id = f.integer("person_id");
                in.classification = f.text("classification");
                in.onset_date = f.text("onset_date");
                in.sampling_date = f.text("sampling_date");
                in.report_date = f.text("report_date");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto c = cases.create(actor, in, idempotency_key(r));
                Response resp = respond(c, 201);
                if (c.ok()) resp.set_header("Location", "/api/v1/cases/" + std::to_string(c->id));
                return resp;
              },
              {"Record a case (suspected, confirmed or asymptomatic) for a person; the "
               "person's contacts are re-derived",
               "cases.write", "cases",
               object_schema({{"person_id", "integer"}, {"classification", "string"},
                              {"onset_date", "string"}, {"sampling_date", "string"},
                              {"report_date", "string"}},
                             {"person_id", "classification"}),
               case_schema(), {}, {{201, "Created"}, {409, "the person already is a case"}}}});

  routes.add({"GET", "/api/v1/cases",
              [&cases](const Request& r, const Actor& actor) {
                service::CaseListQuery q;
                auto jurisdiction = jurisdiction_param(r);
                if (!jurisdiction.ok()) return respond(jurisdiction.status());
                q.jurisdiction_id = *jurisdiction;
                q.classification = r.query_param("classification");
                q.open_only = r.query_param("open") == std::optional<std::string>("true");
                q.cursor = r.query_param("cursor");
                q.limit = r.query_param("limit");
                auto list = cases.list(actor, q);
                if (!list.ok()) return respond(list.status());
                return json_response(200, page_json(list->items, list->next_cursor));
              },
              {"List the cases of a jurisdiction", "cases.read", "cases", nullptr,
               page_schema(case_schema()),
               {"jurisdiction_id", "classification", "open", "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/cases/{id}",
              [&cases](const Request& r, const Actor& actor) {
                return with_id(r, [&](int64_t id) { return respond(cases.get(actor, id)); });
              },
              {"Read a case", "cases.read", "cases", nullptr, case_schema()}});

  routes.add({"GET", "/api/v1/cases/{id}/history",
              [&cases](const Request& r, const Actor& actor) {
                return with_id(r, [&](int64_t id) {
                  auto h = cases.history(actor, id);
                  if (!h.ok()) return respond(h.status());
                  return json_response(200, items_json(*h));
                });
              },
              {"A case's classification history, oldest first", "cases.read", "cases"}});

  routes.add({"POST", "/api/v1/cases/{id}/reclassify",
              [&cases](const Request& r, const Actor& actor) {
                return with_id(r, [&](int64_t id) {
                  RequestFields f(r);
                  service::Reclassification change{f.text("classification"),
                                                   f.text("onset_date"), f.text("note")};
                  auto version = f.integer("version");
                  if (Status s = f.finish(); !s.ok()) return respond(s);
                  return respond(cases.reclassify(actor, id, change, version));
                });
              },
              {"Reclassify a case: suspected to confirmed or asymptomatic, asymptomatic to "
               "confirmed (with the onset date)",
               "cases.write", "cases",
               object_schema({{"classification", "string"}, {"onset_date", "string"},
                              {"note", "string"}, {"version", "integer"}},
                             {"classification"}),
               case_schema(), {}, {{409, "illegal reclassification, closed case, stale version"}}}});

  routes.add({"POST", "/api/v1/cases/{id}/close",
              [&cases](const Request& r, const Actor& actor) {
                return with_id(r, [&](int64_t id) {
                  RequestFields f(r);
                  service::CaseClosure closure{f.text("outcome"), f.text("outcome_date"),
                                               f.text("note")};
                  auto version = f.integer("version");
                  if (Status s = f.finish(); !s.ok()) return respond(s);
                  return respond(cases.close(actor, id, closure, version));
                });
              },
              {"Close a case with its outcome: recovered, died, ruled_out (suspects only), "
               "transferred",
               "cases.write", "cases",
               object_schema({{"outcome", "string"}, {"outcome_date", "string"},
                              {"note", "string"}, {"version", "integer"}},
                             {"outcome"}),
               case_schema(), {}, {{409, "the case is already closed, or a stale version"}}}});
}

void register_contact_routes(Routes& routes) {
  service::ExposureService& exposures = routes.services().exposures;

  routes.add({"GET", "/api/v1/cases/{id}/contacts",
              [&exposures](const Request& r, const Actor& actor) {
                return with_id(r, [&](int64_t id) {
                  auto c = exposures.contacts_of_case(actor, id);
                  if (!c.ok()) return respond(c.status());
                  return json_response(200, json::object{{"close", array_json(c->close)},
                                                         {"secondary", array_json(c->secondary)}});
                });
              },
              {"The close contacts of a case and their secondary contacts", "cases.read",
               "cases", nullptr,
               json::object{{"type", "object"},
                            {"properties",
                             json::object{{"close", json::object{{"type", "array"}, {"items", exposure_schema()}}},
                                          {"secondary", json::object{{"type", "array"}, {"items", exposure_schema()}}}}}}}});

  routes.add({"POST", "/api/v1/cases/{id}/contacts",
              [&exposures](const Request& r, const Actor& actor) {
                return with_id(r, [&](int64_t id) {
                  auto contacts = read_contacts(r);
                  if (!contacts.ok()) return respond(contacts.status());
                  auto made = exposures.create_for_case(actor, id, *contacts, idempotency_key(r));
                  if (!made.ok()) return respond(made.status());
                  return json_response(201, items_json(*made));
                });
              },
              {"Record many contacts of a case at once (a household, a dinner table): all or "
               "none; the case's person is their source",
               "cases.write", "cases",
               json::object{{"type", "object"},
                            {"properties",
                             json::object{{"contacts", json::object{{"type", "array"},
                                                                    {"items", exposure_input_schema()}}}}},
                            {"required", json::array{"contacts"}}},
               page_schema(exposure_schema()), {},
               {{201, "Created"}, {409, "an exposure already recorded, or a cycle"}}}});

  routes.add({"POST", "/api/v1/exposures",
              [&exposures](const Request& r, const Actor& actor) {
                RequestFields f(r);
                ExposureInput in = read_exposure_input(f.fields());
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto e = exposures.create(actor, in, idempotency_key(r));
                Response resp = respond(e, 201);
                if (e.ok()) resp.set_header("Location", "/api/v1/exposures/" + std::to_string(e->id));
                return resp;
              },
              {"Record that a person was exposed to a case or a contact; the contact "
               "category follows from the policy in force",
               "cases.write", "exposures", exposure_input_schema(), exposure_schema(), {},
               {{201, "Created"}, {409, "already recorded, or it would close a cycle"}}}});

  routes.add({"GET", "/api/v1/exposures",
              [&exposures](const Request& r, const Actor& actor) {
                service::ExposureListQuery q;
                auto jurisdiction = jurisdiction_param(r);
                if (!jurisdiction.ok()) return respond(jurisdiction.status());
                auto person = parse_optional_int(r.query_param("person_id"), "person_id");
                if (!person.ok()) return respond(person.status());
                q.jurisdiction_id = *jurisdiction;
                q.person_id = *person;
                q.cursor = r.query_param("cursor");
                q.limit = r.query_param("limit");
                auto list = exposures.list(actor, q);
                if (!list.ok()) return respond(list.status());
                return json_response(200, page_json(list->items, list->next_cursor));
              },
              {"List exposures of a jurisdiction, or of one person (exposed or source): the "
               "contact history",
               "cases.read", "exposures", nullptr, page_schema(exposure_schema()),
               {"jurisdiction_id", "person_id", "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/exposures/{id}",
              [&exposures](const Request& r, const Actor& actor) {
                return with_id(r, [&](int64_t id) { return respond(exposures.get(actor, id)); });
              },
              {"Read an exposure", "cases.read", "exposures", nullptr, exposure_schema()}});
}

void register_analytics_routes(Routes& routes) {
  service::ChainService& chains = routes.services().chains;

  routes.add({"GET", "/api/v1/cases/{id}/chain",
              [&chains](const Request& r, const Actor& actor) {
                return with_id(r, [&](int64_t id) { return respond(chains.chain(actor, id)); });
              },
              {"The transmission chain of a case: its ancestors, descendants and the links "
               "among them",
               "cases.read", "cases"}});

  routes.add({"GET", "/api/v1/clusters",
              [&chains](const Request& r, const Actor& actor) {
                service::ClusterQuery q;
                auto jurisdiction = jurisdiction_param(r);
                if (!jurisdiction.ok()) return respond(jurisdiction.status());
                q.jurisdiction_id = *jurisdiction;
                q.min_size = r.query_param("min_size");
                q.limit = r.query_param("limit");
                auto list = chains.clusters(actor, q);
                if (!list.ok()) return respond(list.status());
                return json_response(200, items_json(*list));
              },
              {"Clusters of linked cases, largest first: size, generations, date span, settings",
               "cases.read", "cases", nullptr, nullptr,
               {"jurisdiction_id", "min_size", "limit"}}});

  routes.add({"GET", "/api/v1/attack-rates",
              [&chains](const Request& r, const Actor& actor) {
                auto jurisdiction = jurisdiction_param(r);
                if (!jurisdiction.ok()) return respond(jurisdiction.status());
                auto rates = chains.attack_rates(actor, *jurisdiction);
                if (!rates.ok()) return respond(rates.status());
                return json_response(200, items_json(*rates));
              },
              {"Secondary attack rate per exposure setting: close contacts who became cases",
               "cases.read", "cases", nullptr, nullptr, {"jurisdiction_id"}}});

  routes.add({"GET", "/api/v1/top-spreaders",
              [&chains](const Request& r, const Actor& actor) {
                auto jurisdiction = jurisdiction_param(r);
                if (!jurisdiction.ok()) return respond(jurisdiction.status());
                auto top = chains.top_spreaders(actor, *jurisdiction, r.query_param("limit"));
                if (!top.ok()) return respond(top.status());
                return json_response(200, items_json(*top));
              },
              {"The cases with the most onward cases", "cases.read", "cases", nullptr, nullptr,
               {"jurisdiction_id", "limit"}}});

  routes.add({"GET", "/api/v1/epi-curve",
              [&chains](const Request& r, const Actor& actor) {
                service::EpiCurveQuery q;
                auto jurisdiction = jurisdiction_param(r);
                if (!jurisdiction.ok()) return respond(jurisdiction.status());
                q.jurisdiction_id = *jurisdiction;
                q.by = r.query_param("by");
                q.from = r.query_param("from");
                q.to = r.query_param("to");
                return respond(chains.epi_curve(actor, q));
              },
              {"Cases per day by onset or report date and classification, every day of the "
               "range included",
               "cases.read", "cases", nullptr, nullptr, {"jurisdiction_id", "by", "from", "to"}}});
}

}  // namespace

void register_cases(Routes& routes) {
  register_case_routes(routes);
  register_contact_routes(routes);
  register_analytics_routes(routes);
}

}  // namespace cordon::http::api
