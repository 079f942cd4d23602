#include "http/api.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "http/api_codec.h"
#include "http/json_fields.h"
#include "service/cursor.h"

namespace cordon::http {

namespace {

namespace json = boost::json;

// Until accounts exist every request acts as the system actor (see service/context.h).
service::Actor actor_for(const Request&) { return service::Actor::system(); }

std::optional<std::string> idempotency_key(const Request& r) {
  auto key = r.header("idempotency-key");
  if (key && key->empty()) return std::nullopt;
  return key;
}

// {"type": "object", "properties": {...}, "required": [...]}, types given as JSON Schema
// type names.
json::value object_schema(std::initializer_list<std::pair<const char*, const char*>> fields,
                          std::initializer_list<const char*> required = {}) {
  json::object props;
  for (const auto& [name, type] : fields) {
    json::object p;
    if (std::string_view(type) == "string[]") {
      p["type"] = "array";
      p["items"] = json::object{{"type", "string"}};
    } else {
      p["type"] = type;
    }
    props[name] = std::move(p);
  }
  json::object schema{{"type", "object"}, {"properties", std::move(props)}};
  if (required.size()) {
    json::array req;
    for (const char* r : required) req.push_back(json::value(r));
    schema["required"] = std::move(req);
  }
  return schema;
}

const json::value& node_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"parent_id", "integer"}, {"kind", "string"}, {"name", "string"},
       {"code", "string"}, {"depth", "integer"}, {"created_at", "string"},
       {"updated_at", "string"}});
  return kSchema;
}

const json::value& person_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"name", "string"}, {"name_simplified", "string"},
       {"name_pinyin", "string"}, {"name_initials", "string"}, {"id_type", "string"},
       {"id_number", "string"}, {"sex", "string"}, {"birth_date", "string"},
       {"phone", "string"}, {"grid_id", "integer"}, {"address_id", "integer"},
       {"address", "string"}, {"tags", "string[]"}, {"created_at", "string"},
       {"updated_at", "string"}, {"version", "integer"}});
  return kSchema;
}

json::value page_schema(const json::value& item) {
  return json::object{{"type", "object"},
                      {"properties", json::object{{"items", json::object{{"type", "array"},
                                                                         {"items", item}}},
                                                  {"next_cursor", json::object{{"type", "string"}}}}}};
}

Response respond(const Status& s) { return problem_response(s); }

template <typename T>
Response respond(const Result<T>& r, int status = 200) {
  if (!r.ok()) return problem_response(r.status());
  return json_response(status, to_json(*r));
}

// ---- places -------------------------------------------------------------------------

PersonInput read_person_input(JsonFields& f) {
  PersonInput in;
  in.name = f.text("name");
  in.id_type = f.text("id_type");
  in.id_number = f.text("id_number");
  in.sex = f.text("sex");
  in.birth_date = f.text("birth_date");
  in.phone = f.text("phone");
  in.grid_id = f.integer("grid_id");
  in.address_id = f.integer("address_id");
  in.address = f.text("address");
  in.tags = f.text_list("tags");
  return in;
}

void register_places(Router& router, service::PlaceService& places) {
  router.add({"POST", "/api/v1/places",
              [&places](const Request& r) {
                auto body = parse_json_object(r);
                if (!body.ok()) return respond(body.status());
                JsonFields f(*body);
                service::NodeInput in;
                in.parent_id = f.integer("parent_id");
                in.kind = f.text("kind");
                in.name = f.text("name");
                in.code = f.text("code");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto node = places.create(actor_for(r), in, idempotency_key(r));
                Response resp = respond(node, 201);
                if (node.ok())
                  resp.set_header("Location", "/api/v1/places/" + std::to_string(node->id));
                return resp;
              },
              {"Create a jurisdiction (city, district, street, community, grid) or an "
               "address below a grid (compound, building, unit, room)",
               "places.write", "places",
               object_schema({{"parent_id", "integer"}, {"kind", "string"}, {"name", "string"},
                              {"code", "string"}},
                             {"kind", "name"}),
               node_schema(), {}, {{409, "a sibling has this name, or the code is taken"}}}});

  router.add({"GET", "/api/v1/places",
              [&places](const Request& r) {
                auto parent = parse_optional_int(r.query_param("parent_id"), "parent_id");
                if (!parent.ok()) return respond(parent.status());
                auto limit = service::parse_limit(r.query_param("limit"));
                if (!limit.ok()) return respond(limit.status());
                auto after = parse_optional_int(r.query_param("cursor"), "cursor");
                if (!after.ok())
                  return respond(Status::malformed("invalid_cursor", "bad cursor"));
                auto page = places.children(actor_for(r), *parent, after->value_or(0), *limit);
                if (!page.ok()) return respond(page.status());
                std::optional<std::string> next;
                if (page->next_after_id) next = std::to_string(*page->next_after_id);
                return json_response(200, page_json(page->items, next));
              },
              {"List the children of a place (without parent_id: the roots)", "places.read",
               "places", nullptr, page_schema(node_schema()), {"parent_id", "cursor", "limit"}}});

  router.add({"GET", "/api/v1/places/resolve",
              [&places](const Request& r) {
                auto chain = places.resolve(actor_for(r), r.query_param("path").value_or(""));
                if (!chain.ok()) return respond(chain.status());
                json::array arr;
                for (const auto& n : *chain) arr.push_back(to_json(n));
                return json_response(200, json::object{{"items", std::move(arr)}});
              },
              {"Resolve a path of names ('Yakeshi/Shengli Street/...') to the chain of places",
               "places.read", "places", nullptr, page_schema(node_schema()), {"path"}}});

  router.add({"GET", "/api/v1/places/{id}",
              [&places](const Request& r) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                auto chain = places.lineage(actor_for(r), *id);
                if (!chain.ok()) return respond(chain.status());
                json::object o = to_json(chain->back());
                json::array ancestors;
                for (size_t i = 0; i + 1 < chain->size(); ++i)
                  ancestors.push_back(to_json((*chain)[i]));
                o["ancestors"] = std::move(ancestors);
                return json_response(200, o);
              },
              {"Read a place with its ancestors from the root", "places.read", "places", nullptr,
               node_schema()}});

  router.add({"PATCH", "/api/v1/places/{id}",
              [&places](const Request& r) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                auto body = parse_json_object(r);
                if (!body.ok()) return respond(body.status());
                JsonFields f(*body);
                auto name = f.text("name");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(places.rename(actor_for(r), *id, name));
              },
              {"Rename a place", "places.write", "places",
               object_schema({{"name", "string"}}, {"name"}), node_schema(), {},
               {{409, "a sibling has this name"}}}});

  router.add({"POST", "/api/v1/places/{id}/move",
              [&places](const Request& r) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                auto body = parse_json_object(r);
                if (!body.ok()) return respond(body.status());
                JsonFields f(*body);
                auto parent = f.integer("parent_id");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(places.move(actor_for(r), *id, parent));
              },
              {"Move a place and everything below it under another parent", "places.write",
               "places", object_schema({{"parent_id", "integer"}}, {"parent_id"}), node_schema(),
               {}, {{409, "the new parent lies inside the place, or has a child of that name"}}}});
}

// ---- persons ------------------------------------------------------------------------

void register_persons(Router& router, service::PersonService& persons) {
  const json::value person_input = object_schema(
      {{"name", "string"}, {"id_type", "string"}, {"id_number", "string"}, {"sex", "string"},
       {"birth_date", "string"}, {"phone", "string"}, {"grid_id", "integer"},
       {"address_id", "integer"}, {"address", "string"}, {"tags", "string[]"}},
      {"name", "grid_id"});

  router.add({"POST", "/api/v1/persons",
              [&persons](const Request& r) {
                auto body = parse_json_object(r);
                if (!body.ok()) return respond(body.status());
                JsonFields f(*body);
                PersonInput in = read_person_input(f);
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto person = persons.create(actor_for(r), in, idempotency_key(r));
                Response resp = respond(person, 201);
                if (person.ok())
                  resp.set_header("Location", "/api/v1/persons/" + std::to_string(person->id));
                return resp;
              },
              {"Register a person in a grid", "persons.write", "persons", person_input,
               person_schema(), {}, {{409, "the document number is already registered"}}}});

  router.add({"GET", "/api/v1/persons",
              [&persons](const Request& r) {
                service::PersonListQuery q;
                auto jurisdiction =
                    parse_optional_int(r.query_param("jurisdiction_id"), "jurisdiction_id");
                if (!jurisdiction.ok()) return respond(jurisdiction.status());
                q.jurisdiction_id = *jurisdiction;
                q.q = r.query_param("q");
                q.cursor = r.query_param("cursor");
                q.limit = r.query_param("limit");
                auto list = persons.list(actor_for(r), q);
                if (!list.ok()) return respond(list.status());
                return json_response(200, page_json(list->items, list->next_cursor));
              },
              {"List persons of a jurisdiction, or search them by name (either script), "
               "pinyin, initials, ID number or phone",
               "persons.read", "persons", nullptr, page_schema(person_schema()),
               {"jurisdiction_id", "q", "cursor", "limit"}}});

  router.add({"GET", "/api/v1/persons/{id}",
              [&persons](const Request& r) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                return respond(persons.get(actor_for(r), *id));
              },
              {"Read a person", "persons.read", "persons", nullptr, person_schema()}});

  router.add({"PATCH", "/api/v1/persons/{id}",
              [&persons](const Request& r) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                auto body = parse_json_object(r);
                if (!body.ok()) return respond(body.status());
                JsonFields f(*body);
                PersonInput patch = read_person_input(f);
                auto version = f.integer("version");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(persons.update(actor_for(r), *id, patch, version));
              },
              {"Correct a person's record; send the version you read to detect concurrent edits",
               "persons.write", "persons", person_input, person_schema(), {},
               {{409, "duplicate document number, or the record changed since it was read"}}}});
}

}  // namespace

void register_api(Router& router, ApiServices services) {
  router.add({"GET", "/healthz",
              [](const Request&) {
                return json_response(200, json::object{{"status", "ok"}});
              },
              {"Liveness probe", "public", "system"}, /*inline_handler=*/true});
  register_places(router, services.places);
  register_persons(router, services.persons);
  // Built once after every route is known: the router is immutable from here on.
  auto document = std::make_shared<std::string>();
  router.add({"GET", "/api/openapi.json",
              [document](const Request&) {
                Response resp;
                resp.body = *document;
                return resp;
              },
              {"This OpenAPI document", "public", "system"}, /*inline_handler=*/true});
  *document = json::serialize(router.openapi("cordon", "0.1.0"));
}

}  // namespace cordon::http
