#include "http/api_internal.h"
#include "service/cursor.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

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

}  // namespace

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

void register_persons(Routes& routes) {
  service::PersonService& persons = routes.services().persons;
  const json::value person_input = object_schema(
      {{"name", "string"}, {"id_type", "string"}, {"id_number", "string"}, {"sex", "string"},
       {"birth_date", "string"}, {"phone", "string"}, {"grid_id", "integer"},
       {"address_id", "integer"}, {"address", "string"}, {"tags", "string[]"}},
      {"name", "grid_id"});

  routes.add({"POST", "/api/v1/persons",
              [&persons](const Request& r, const Actor& actor) {
                RequestFields f(r);
                PersonInput in = read_person_input(f.fields());
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto person = persons.create(actor, in, idempotency_key(r));
                Response resp = respond(person, 201);
                if (person.ok())
                  resp.set_header("Location", "/api/v1/persons/" + std::to_string(person->id));
                return resp;
              },
              {"Register a person in a grid", "persons.write", "persons", person_input,
               person_schema(), {}, {{409, "the document number is already registered"}}}});

  routes.add({"GET", "/api/v1/persons",
              [&persons](const Request& r, const Actor& actor) {
                service::PersonListQuery q;
                auto jurisdiction =
                    parse_optional_int(r.query_param("jurisdiction_id"), "jurisdiction_id");
                if (!jurisdiction.ok()) return respond(jurisdiction.status());
                q.jurisdiction_id = *jurisdiction;
                q.q = r.query_param("q");
                q.cursor = r.query_param("cursor");
                q.limit = r.query_param("limit");
                auto list = persons.list(actor, q);
                if (!list.ok()) return respond(list.status());
                return json_response(200, page_json(list->items, list->next_cursor));
              },
              {"List persons of a jurisdiction, or search them by name (either script), "
               "pinyin, initials, ID number or phone",
               "persons.read", "persons", nullptr, page_schema(person_schema()),
               {"jurisdiction_id", "q", "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/persons/{id}",
              [&persons](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                return respond(persons.get(actor, *id));
              },
              {"Read a person", "persons.read", "persons", nullptr, person_schema()}});

  routes.add({"GET", "/api/v1/persons/{id}/identifiers",
              [&persons](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                auto person = persons.reveal(actor, *id);
                if (!person.ok()) return respond(person.status());
                return json_response(200, identifiers_json(*person));
              },
              {"Reveal a person's full ID and phone numbers (audited)", "persons.reveal",
               "persons", nullptr,
               object_schema({{"id", "integer"}, {"id_type", "string"}, {"id_number", "string"},
                              {"phone", "string"}})}});

  routes.add({"PATCH", "/api/v1/persons/{id}",
              [&persons](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                RequestFields f(r);
                PersonInput patch = read_person_input(f.fields());
                auto version = f.integer("version");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(persons.update(actor, *id, patch, version));
              },
              {"Correct a person's record; send the version you read to detect concurrent edits",
               "persons.write", "persons", person_input, person_schema(), {},
               {{409, "duplicate document number, or the record changed since it was read"}}}});
}

}  // namespace cordon::http::api
