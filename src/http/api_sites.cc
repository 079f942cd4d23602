#include "http/api_internal.h"
#include "service/cursor.h"
#include "service/site_exports.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

const json::value& site_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"name", "string"}, {"address", "string"}, {"kind", "string"},
       {"node_id", "integer"}, {"capacity", "integer"}, {"occupied", "integer"},
       {"available", "integer"}, {"created_at", "string"}, {"updated_at", "string"}});
  return kSchema;
}

const json::value& room_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"site_id", "integer"}, {"number", "string"}, {"floor", "integer"},
       {"beds", "integer"}, {"family", "boolean"}, {"occupied", "integer"}, {"limit", "integer"},
       {"occupants", "array"}});
  return kSchema;
}

const json::value& stay_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"order_id", "integer"}, {"person_id", "integer"},
       {"site_id", "integer"}, {"room_id", "integer"}, {"checked_in_at", "string"},
       {"checked_in_on", "string"}, {"checked_out_at", "string"}, {"checked_out_on", "string"},
       {"end_reason", "string"}});
  return kSchema;
}

SiteInput read_site_input(RequestFields& f) {
  SiteInput in;
  in.name = f.text("name");
  in.address = f.text("address");
  in.kind = f.text("kind");
  in.node_id = f.integer("node_id");
  in.capacity = f.integer("capacity");
  return in;
}

RoomInput read_room_input(RequestFields& f) {
  RoomInput in;
  in.number = f.text("number");
  in.floor = f.integer("floor");
  in.beds = f.integer("beds");
  in.family = f.boolean("family");
  return in;
}

Response created(const Result<service::Stay>& stay) {
  Response resp = respond(stay, 201);
  if (stay.ok()) resp.set_header("Location", "/api/v1/stays/" + std::to_string(stay->id));
  return resp;
}

}  // namespace

Response download(const service::ExportTable& table, service::ExportFormat format,
                  const std::string& name) {
  auto bytes = service::render_table(table, format);
  if (!bytes.ok()) return respond(bytes.status());
  Response resp;
  resp.content_type = service::export_content_type(format);
  resp.body = std::move(*bytes);
  resp.set_header("Content-Disposition", "attachment; filename=\"" + name + "." +
                                             service::export_extension(format) + "\"");
  return resp;
}

void register_sites(Routes& routes) {
  service::SiteService& sites = routes.services().sites;
  const json::value site_input = object_schema(
      {{"name", "string"}, {"address", "string"}, {"kind", "string"}, {"node_id", "integer"},
       {"capacity", "integer"}},
      {"name", "address", "kind", "node_id", "capacity"});
  const json::value room_input =
      object_schema({{"number", "string"}, {"floor", "integer"}, {"beds", "integer"},
                     {"family", "boolean"}},
                    {"number"});

  routes.add({"POST", "/api/v1/sites",
              [&sites](const Request& r, const Actor& actor) {
                RequestFields f(r);
                SiteInput in = read_site_input(f);
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto site = sites.create(actor, in, idempotency_key(r));
                Response resp = respond(site, 201);
                if (site.ok())
                  resp.set_header("Location", "/api/v1/sites/" + std::to_string(site->id));
                return resp;
              },
              {"Create a quarantine site (designated hotel or isolation point) in a street or "
               "grid",
               "sites.manage", "sites", site_input, site_schema(), {}, {{201, "Created"}}}});

  routes.add({"GET", "/api/v1/sites",
              [&sites](const Request& r, const Actor& actor) {
                auto jurisdiction =
                    parse_optional_int(r.query_param("jurisdiction_id"), "jurisdiction_id");
                if (!jurisdiction.ok()) return respond(jurisdiction.status());
                auto limit = service::parse_limit(r.query_param("limit"));
                if (!limit.ok()) return respond(limit.status());
                auto after = parse_optional_int(r.query_param("cursor"), "cursor");
                if (!after.ok())
                  return respond(Status::malformed("invalid_cursor", "bad cursor"));
                auto page = sites.list(actor, *jurisdiction, after->value_or(0), *limit);
                if (!page.ok()) return respond(page.status());
                std::optional<std::string> next;
                if (page->next_after_id) next = std::to_string(*page->next_after_id);
                return json_response(200, page_json(page->items, next));
              },
              {"List the sites of a jurisdiction with capacity and occupancy", "quarantine.read",
               "sites", nullptr, page_schema(site_schema()),
               {"jurisdiction_id", "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/sites/{id}",
              [&sites](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                return respond(sites.get(actor, *id));
              },
              {"Read a site", "quarantine.read", "sites", nullptr, site_schema()}});

  routes.add({"PATCH", "/api/v1/sites/{id}",
              [&sites](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                RequestFields f(r);
                SiteInput patch = read_site_input(f);
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(sites.update(actor, *id, patch));
              },
              {"Edit a site; capacity may not drop below the people checked in",
               "sites.manage", "sites", site_input, site_schema(), {},
               {{409, "capacity below the people checked in"}}}});

  routes.add({"POST", "/api/v1/sites/{id}/rooms",
              [&sites](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                RequestFields f(r);
                RoomInput in = read_room_input(f);
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(sites.add_room(actor, *id, in, idempotency_key(r)), 201);
              },
              {"Add a room to a site (a family room holds up to its beds in orders)",
               "sites.manage", "sites", room_input, room_schema(),
               {}, {{201, "Created"}, {409, "the site has a room with this number"}}}});

  routes.add({"PATCH", "/api/v1/sites/{id}/rooms/{room_id}",
              [&sites](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                auto room_id = parse_id(r.path_param("room_id"));
                if (!room_id.ok()) return respond(room_id.status());
                RequestFields f(r);
                RoomInput patch = read_room_input(f);
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(sites.update_room(actor, *id, *room_id, patch));
              },
              {"Edit a room", "sites.manage", "sites", room_input, room_schema(), {},
               {{409, "duplicate number, or fewer places than the orders in the room"}}}});

  routes.add({"GET", "/api/v1/sites/{id}/rooms",
              [&sites](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                auto board = sites.board(actor, *id);
                if (!board.ok()) return respond(board.status());
                json::array rooms;
                for (const auto& e : board->rooms) {
                  json::object o = to_json(e.room);
                  json::array occupants;
                  for (const auto& p : e.occupants) occupants.push_back(to_json(p));
                  o["occupants"] = std::move(occupants);
                  rooms.push_back(std::move(o));
                }
                return json_response(200, json::object{{"site", to_json(board->site)},
                                                       {"items", std::move(rooms)},
                                                       {"next_cursor", nullptr}});
              },
              {"The room board: every room of a site with the people in it now",
               "quarantine.read", "sites", nullptr, page_schema(room_schema())}});

  routes.add({"GET", "/api/v1/sites/{id}/occupancy",
              [&sites](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                auto days = sites.occupancy(actor, *id, r.query_param("from"), r.query_param("to"));
                if (!days.ok()) return respond(days.status());
                return json_response(200, page_json(*days, std::nullopt));
              },
              {"People at a site at the end of each day, with the day's check-ins and "
               "check-outs (default: the last 7 days)",
               "quarantine.read", "sites", nullptr,
               page_schema(object_schema({{"day", "string"}, {"occupied", "integer"},
                                          {"checked_in", "integer"},
                                          {"checked_out", "integer"}})),
               {"from", "to"}}});

  routes.add({"POST", "/api/v1/sites/{id}/check-ins",
              [&sites](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                RequestFields f(r);
                auto order_id = f.integer("order_id");
                auto room_id = f.integer("room_id");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return created(sites.check_in(actor, *id, order_id, room_id, idempotency_key(r)));
              },
              {"Check a centralized quarantine order in to a room of the site",
               "sites.operate", "sites",
               object_schema({{"order_id", "integer"}, {"room_id", "integer"}},
                             {"order_id", "room_id"}),
               stay_schema(),
               {}, {{201, "Created"},
                {409, "site full, room taken, order already checked in or closed"}}}});

  routes.add({"GET", "/api/v1/sites/{id}/roster",
              [&sites](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                auto format = service::parse_export_format(r.query_param("format").value_or("csv"));
                if (!format.ok()) return respond(format.status());
                auto table = sites.roster(actor, *id);
                if (!table.ok()) return respond(table.status());
                return download(*table, *format, "site-" + std::to_string(*id) + "-roster");
              },
              {"Download a site's roster (room, person, order) as CSV or XLSX; formula-like "
               "cells are neutralized",
               "quarantine.read", "sites", nullptr, nullptr, {"format"}}});

  routes.add({"GET", "/api/v1/stays/{id}",
              [&sites](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                return respond(sites.get_stay(actor, *id));
              },
              {"Read a stay (one order in one room)", "quarantine.read", "stays", nullptr,
               stay_schema()}});

  routes.add({"POST", "/api/v1/stays/{id}/check-out",
              [&sites](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                RequestFields f(r);
                if (Status s = f.finish(); !s.ok() && !r.body.empty()) return respond(s);
                return respond(sites.check_out(actor, *id));
              },
              {"Check an order out of its room", "sites.operate", "stays", nullptr,
               stay_schema(), {}, {{409, "the stay has already ended"}}}});

  routes.add({"POST", "/api/v1/stays/{id}/transfer",
              [&sites](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                RequestFields f(r);
                auto room_id = f.integer("room_id");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return created(sites.transfer(actor, *id, room_id));
              },
              {"Move an order to another room (of this or another site); answers the new stay",
               "sites.operate", "stays", object_schema({{"room_id", "integer"}}, {"room_id"}),
               stay_schema(),
               {}, {{201, "Created"}, {409, "the stay has ended, or the new room or site is full"}}}});
}

}  // namespace cordon::http::api
