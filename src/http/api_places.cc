#include "http/api_internal.h"
#include "service/cursor.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

const json::value& node_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"parent_id", "integer"}, {"kind", "string"}, {"name", "string"},
       {"code", "string"}, {"depth", "integer"}, {"created_at", "string"},
       {"updated_at", "string"}});
  return kSchema;
}

}  // namespace

void register_places(Routes& routes) {
  service::PlaceService& places = routes.services().places;
  routes.add({"POST", "/api/v1/places",
              [&places](const Request& r, const Actor& actor) {
                RequestFields f(r);
                service::NodeInput in;
                in.parent_id = f.integer("parent_id");
                in.kind = f.text("kind");
                in.name = f.text("name");
                in.code = f.text("code");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto node = places.create(actor, in, idempotency_key(r));
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

  routes.add({"GET", "/api/v1/places",
              [&places](const Request& r, const Actor& actor) {
                auto parent = parse_optional_int(r.query_param("parent_id"), "parent_id");
                if (!parent.ok()) return respond(parent.status());
                auto limit = service::parse_limit(r.query_param("limit"));
                if (!limit.ok()) return respond(limit.status());
                auto after = parse_optional_int(r.query_param("cursor"), "cursor");
                if (!after.ok())
                  return respond(Status::malformed("invalid_cursor", "bad cursor"));
                auto page = places.children(actor, *parent, after->value_or(0), *limit);
                if (!page.ok()) return respond(page.status());
                std::optional<std::string> next;
                if (page->next_after_id) next = std::to_string(*page->next_after_id);
                return json_response(200, page_json(page->items, next));
              },
              {"List the children of a place (without parent_id: the roots)", "places.read",
               "places", nullptr, page_schema(node_schema()), {"parent_id", "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/places/resolve",
              [&places](const Request& r, const Actor& actor) {
                auto chain = places.resolve(actor, r.query_param("path").value_or(""));
                if (!chain.ok()) return respond(chain.status());
                json::array arr;
                for (const auto& n : *chain) arr.push_back(to_json(n));
                return json_response(200, json::object{{"items", std::move(arr)}});
              },
              {"Resolve a path of names ('Yakeshi/Shengli Street/...') to the chain of places",
               "places.read", "places", nullptr, page_schema(node_schema()), {"path"}}});

  routes.add({"GET", "/api/v1/places/{id}",
              [&places](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                auto chain = places.lineage(actor, *id);
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

  routes.add({"PATCH", "/api/v1/places/{id}",
              [&places](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                RequestFields f(r);
                auto name = f.text("name");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(places.rename(actor, *id, name));
              },
              {"Rename a place", "places.write", "places",
               object_schema({{"name", "string"}}, {"name"}), node_schema(), {},
               {{409, "a sibling has this name"}}}});

  routes.add({"POST", "/api/v1/places/{id}/move",
              [&places](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                RequestFields f(r);
                auto parent = f.integer("parent_id");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(places.move(actor, *id, parent));
              },
              {"Move a place and everything below it under another parent", "places.write",
               "places", object_schema({{"parent_id", "integer"}}, {"parent_id"}), node_schema(),
               {}, {{409, "the new parent lies inside the place, or has a child of that name"}}}});
}

}  // namespace cordon::http::api
