// Routes of quarantine orders, the release list and policies.
#include "http/api_internal.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

const json::value& order_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"person_id", "integer"}, {"grid_id", "integer"}, {"kind", "string"},
       {"reason", "string"}, {"status", "string"}, {"anchor_date", "string"},
       {"start_date", "string"}, {"end_date", "string"}, {"days", "integer"},
       {"site_id", "integer"}, {"policy_code", "string"}, {"policy_version", "integer"},
       {"stage", "integer"}, {"parent_order_id", "integer"}, {"arrival_id", "integer"},
       {"released_on", "string"}, {"note", "string"}, {"created_at", "string"},
       {"updated_at", "string"}, {"version", "integer"}});
  return kSchema;
}

json::array errors_json(const Status& s) {
  json::array out;
  for (const auto& e : s.errors())
    out.push_back(json::object{{"field", e.field}, {"code", e.code}, {"message", e.message}});
  return out;
}

json::object detail_json(const service::OrderDetail& d) {
  json::object o = to_json(d.order);
  json::array history;
  for (const auto& e : d.history) history.push_back(to_json(e));
  o["history"] = std::move(history);
  o["follow_on_order_id"] =
      d.follow_on_order_id ? json::value(*d.follow_on_order_id) : json::value(nullptr);
  return o;
}

json::array release_items(const std::vector<service::ReleaseDue>& items) {
  json::array out;
  for (const auto& item : items) {
    json::object o = to_json(item.order);
    o["release_ready"] = item.conditions.ok();
    o["unmet"] = errors_json(item.conditions);
    out.push_back(std::move(o));
  }
  return out;
}

json::object recompute_json(const service::RecomputeItem& item) {
  json::object o;
  o["order_id"] = item.order.id;
  o["person_id"] = item.order.person_id;
  o["status"] = order_status_name(item.order.status);
  o["policy_code"] = item.order.policy_code;
  o["policy_version"] = item.order.policy_version;
  o["end_date"] = item.order.end_date.to_string();
  o["new_policy_code"] = item.new_policy_code;
  o["new_policy_version"] = item.new_policy_version;
  o["new_end_date"] = item.new_end_date ? json::value(item.new_end_date->to_string())
                                        : json::value(nullptr);
  o["changes"] = item.changes();
  return o;
}

json::object in_force_json(const service::PolicyInForceView& v) {
  json::object o;
  o["policy"] = v.policy ? json::value(to_json(*v.policy)) : json::value(nullptr);
  o["since"] = v.since ? json::value(v.since->to_string()) : json::value(nullptr);
  o["set_by"] = v.set_by;
  return o;
}

// Reads the optional integer query parameters of a list into `out`, collecting errors.
void query_ints(const Request& r, Validation& v,
                std::initializer_list<std::pair<const char*, std::optional<int64_t>*>> fields) {
  for (const auto& [name, out] : fields) {
    auto value = parse_optional_int(r.query_param(name), name);
    if (value.ok()) *out = *value;
    else v.add(value.status());
  }
}

void register_order_action(Routes& routes, OrderAction action, const char* summary,
                           json::value request_schema, std::string conflict) {
  service::OrderService& orders = routes.services().orders;
  std::string path = std::string("/api/v1/quarantine-orders/{id}/") + order_action_name(action);
  routes.add({"POST", path,
              [&orders, action](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                // The body is optional for actions that need nothing but the order.
                std::optional<Request> empty_object;
                if (r.body.empty()) {
                  empty_object = r;
                  empty_object->body = "{}";
                }
                RequestFields f(empty_object ? *empty_object : r);
                service::OrderActionInput in;
                in.version = f.integer("version");
                in.note = f.text("note");
                if (action == OrderAction::kExtend) {
                  in.exposure_date = f.text("exposure_date");
                  in.end_date = f.text("end_date");
                }
                if (action == OrderAction::kTransfer) {
                  in.kind = f.text("kind");
                  in.site_id = f.integer("site_id");
                  in.room_id = f.integer("room_id");
                }
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto out = orders.act(actor, *id, action, in);
                if (!out.ok()) return respond(out.status());
                json::object o = to_json(out->order);
                o["follow_on"] = out->follow_on ? json::value(to_json(*out->follow_on))
                                                : json::value(nullptr);
                o["ended_stay"] = out->ended_stay ? json::value(to_json(*out->ended_stay))
                                                  : json::value(nullptr);
                o["stay"] = out->stay ? json::value(to_json(*out->stay)) : json::value(nullptr);
                return json_response(200, o);
              },
              {summary, "quarantine.write", "quarantine-orders", std::move(request_schema),
               order_schema(), {}, {{409, std::move(conflict)}}}});
}

}  // namespace

void register_quarantine_orders(Routes& routes) {
  service::OrderService& orders = routes.services().orders;

  routes.add({"POST", "/api/v1/quarantine-orders",
              [&orders](const Request& r, const Actor& actor) {
                RequestFields f(r);
                service::OrderInput in;
                in.person_id = f.integer("person_id");
                in.kind = f.text("kind");
                in.reason = f.text("reason");
                in.anchor_date = f.text("anchor_date");
                in.start_date = f.text("start_date");
                in.end_date = f.text("end_date");
                in.site_id = f.integer("site_id");
                in.note = f.text("note");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto order = orders.create(actor, in, idempotency_key(r));
                Response resp = respond(order, 201);
                if (order.ok())
                  resp.set_header("Location",
                                  "/api/v1/quarantine-orders/" + std::to_string(order->id));
                return resp;
              },
              {"Order quarantine for a person; start and end are computed by the policy in "
               "force from anchor_date (last exposure or arrival) unless given",
               "quarantine.write", "quarantine-orders",
               object_schema({{"person_id", "integer"}, {"kind", "string"}, {"reason", "string"},
                              {"anchor_date", "string"}, {"start_date", "string"},
                              {"end_date", "string"}, {"site_id", "integer"}, {"note", "string"}},
                             {"person_id", "reason", "anchor_date"}),
               order_schema(), {}, {{201, "Created"}}}});

  routes.add({"GET", "/api/v1/quarantine-orders",
              [&orders](const Request& r, const Actor& actor) {
                service::OrderListQuery q;
                Validation v;
                query_ints(r, v, {{"grid_id", &q.grid_id}, {"site_id", &q.site_id},
                                  {"person_id", &q.person_id}});
                if (!v.ok()) return respond(v.status());
                q.status = r.query_param("status");
                q.kind = r.query_param("kind");
                q.reason = r.query_param("reason");
                q.end_from = r.query_param("end_from");
                q.end_to = r.query_param("end_to");
                q.cursor = r.query_param("cursor");
                q.limit = r.query_param("limit");
                auto list = orders.list(actor, q);
                if (!list.ok()) return respond(list.status());
                return json_response(200, page_json(list->items, list->next_cursor));
              },
              {"List quarantine orders of the jurisdiction; end_from/end_to select due dates",
               "quarantine.read", "quarantine-orders", nullptr, page_schema(order_schema()),
               {"status", "kind", "reason", "grid_id", "site_id", "person_id", "end_from", "end_to",
                "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/quarantine-orders/{id}",
              [&orders](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                auto d = orders.get(actor, *id);
                if (!d.ok()) return respond(d.status());
                return json_response(200, detail_json(*d));
              },
              {"Read an order with its history (every transition, extension and transfer)",
               "quarantine.read", "quarantine-orders", nullptr, order_schema()}});

  routes.add({"GET", "/api/v1/quarantine-orders/{id}/test-schedule",
              [&orders](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                auto s = orders.test_schedule(actor, *id);
                if (!s.ok()) return respond(s.status());
                json::array tests;
                for (const auto& t : s->tests)
                  tests.push_back(json::object{
                      {"day", t.day},
                      {"date", t.date.to_string()},
                      {"sample_id", t.sample_id ? json::value(*t.sample_id) : json::value(nullptr)},
                      {"result", t.result ? json::value(test_result_name(*t.result))
                                          : json::value(nullptr)}});
                return json_response(200, json::object{{"order_id", s->order.id},
                                                       {"stage", s->order.stage},
                                                       {"tests", std::move(tests)}});
              },
              {"The tests the order's policy schedules for its stage, with the samples taken",
               "quarantine.read", "quarantine-orders", nullptr,
               object_schema({{"order_id", "integer"}, {"stage", "integer"}, {"tests", "array"}})}});

  const json::value note_only = object_schema({{"note", "string"}, {"version", "integer"}});
  register_order_action(routes, OrderAction::kActivate,
                        "Start the quarantine (or resume a broken one)", note_only,
                        "order.illegal_transition");
  register_order_action(routes, OrderAction::kRelease,
                        "Release at the end of the period; checks the policy's release "
                        "conditions and creates the next stage",
                        note_only,
                        "order.illegal_transition, or order.release_conditions_not_met with "
                        "the unmet conditions");
  register_order_action(routes, OrderAction::kEscalate, "The person became a case", note_only,
                        "order.illegal_transition");
  register_order_action(routes, OrderAction::kBreak, "The person left quarantine early",
                        note_only, "order.illegal_transition");
  register_order_action(
      routes, OrderAction::kExtend,
      "Extend after a new exposure (end recomputed by the order's policy) or to a given end; "
      "the previous end stays in the history",
      object_schema({{"exposure_date", "string"}, {"end_date", "string"}, {"note", "string"},
                     {"version", "integer"}}),
      "order.illegal_transition");
  register_order_action(routes, OrderAction::kTransfer,
                        "Move the order between home and a site, or between sites; a "
                        "checked-in order is checked out and checked in at the new site "
                        "(room_id, or the first room with space) in the same transaction",
                        object_schema({{"kind", "string"}, {"site_id", "integer"},
                                       {"room_id", "integer"}, {"note", "string"},
                                       {"version", "integer"}}),
                        "order.illegal_transition, or site_full, room_full, no_free_room at "
                        "the new site (nothing changes then)");

  routes.add({"GET", "/api/v1/release-list",
              [&orders](const Request& r, const Actor& actor) {
                service::ReleaseListQuery q;
                Validation v;
                query_ints(r, v, {{"grid_id", &q.grid_id}, {"site_id", &q.site_id}});
                if (!v.ok()) return respond(v.status());
                q.date = r.query_param("date");
                auto list = orders.release_list(actor, q);
                if (!list.ok()) return respond(list.status());
                return json_response(200, json::object{{"date", list->date.to_string()},
                                                       {"due", release_items(list->due)},
                                                       {"due_next", release_items(list->due_next)}});
              },
              {"Active orders due for release on the date (default today, overdue included) "
               "and the day after, each with whether the release conditions hold",
               "quarantine.read", "quarantine-orders", nullptr,
               object_schema({{"date", "string"}, {"due", "array"}, {"due_next", "array"}}),
               {"date", "grid_id", "site_id"}}});
}

void register_policies(Routes& routes) {
  service::PolicyService& policies = routes.services().policies;

  routes.add({"GET", "/api/v1/policies",
              [&policies](const Request& r, const Actor& actor) {
                auto in_force = policies.in_force(actor);
                if (!in_force.ok()) return respond(in_force.status());
                json::array items;
                for (const auto& p : policies.catalog().all()) {
                  json::object o = to_json(p);
                  o["in_force"] = &p == in_force->policy;
                  items.push_back(std::move(o));
                }
                return json_response(200, json::object{{"items", std::move(items)},
                                                       {"next_cursor", nullptr}});
              },
              {"Every policy file loaded, with the one in force marked", "quarantine.read",
               "policies", nullptr, page_schema(object_schema({{"code", "string"}}))}});

  routes.add({"GET", "/api/v1/policies/in-force",
              [&policies](const Request& r, const Actor& actor) {
                auto v = policies.in_force(actor);
                if (!v.ok()) return respond(v.status());
                return json_response(200, in_force_json(*v));
              },
              {"The policy in force for new orders", "quarantine.read", "policies", nullptr,
               object_schema({{"policy", "object"}, {"since", "string"}, {"set_by", "integer"}})}});

  routes.add({"PUT", "/api/v1/policies/in-force",
              [&policies](const Request& r, const Actor& actor) {
                RequestFields f(r);
                auto code = f.text("code");
                auto version = f.integer("version");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                if (!code) return respond(Status::invalid_field("code", "required", "code is required"));
                std::optional<int> v;
                if (version) v = static_cast<int>(*version);
                auto out = policies.set_in_force(actor, *code, v);
                if (!out.ok()) return respond(out.status());
                return json_response(200, in_force_json(*out));
              },
              {"Switch the policy in force (audited); existing orders keep their policy",
               "policies.manage", "policies",
               object_schema({{"code", "string"}, {"version", "integer"}}, {"code"}),
               object_schema({{"policy", "object"}, {"since", "string"}})}});

  routes.add({"GET", "/api/v1/policies/recompute-preview",
              [&policies](const Request& r, const Actor& actor) {
                auto items = policies.recompute_preview(actor);
                if (!items.ok()) return respond(items.status());
                json::array out;
                for (const auto& item : *items) out.push_back(recompute_json(item));
                return json_response(200, json::object{{"items", std::move(out)},
                                                       {"next_cursor", nullptr}});
              },
              {"Open orders computed under another policy than the one in force, with their "
               "current end and the end the policy in force would give",
               "policies.manage", "policies", nullptr,
               page_schema(object_schema({{"order_id", "integer"}, {"end_date", "string"},
                                          {"new_end_date", "string"}}))}});

  routes.add({"POST", "/api/v1/policies/recompute",
              [&policies](const Request& r, const Actor& actor) {
                RequestFields f(r);
                auto ids = f.fields().integer_list("order_ids");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto items = policies.recompute_apply(actor, ids.value_or(std::vector<int64_t>{}));
                if (!items.ok()) return respond(items.status());
                json::array out;
                for (const auto& item : *items) out.push_back(recompute_json(item));
                return json_response(200, json::object{{"items", std::move(out)},
                                                       {"next_cursor", nullptr}});
              },
              {"Apply the recompute preview to the listed orders (all when order_ids is "
               "absent); each keeps its previous end in its history",
               "policies.manage", "policies", object_schema({{"order_ids", "array"}}),
               page_schema(object_schema({{"order_id", "integer"}}))}});
}

}  // namespace cordon::http::api
