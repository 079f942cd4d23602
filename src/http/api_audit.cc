// Routes of the audit log: browsing with filters, and checking the hash chain.
#include "http/api_internal.h"
#include "service/audit.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

json::object entry_json(const service::AuditEntry& e) {
  json::object o;
  o["seq"] = e.seq;
  o["at"] = e.at.to_string();
  o["actor_user_id"] = e.actor_user_id;
  o["actor_name"] = e.actor_name;
  o["action"] = e.action;
  o["record_type"] = e.record_type;
  o["record_id"] = e.record_id;
  o["remote_address"] = e.remote_address;
  o["detail"] = e.detail;
  o["hash"] = e.hash;
  return o;
}

}  // namespace

void register_audit(Routes& routes) {
  service::AuditService& audit = routes.services().audit;

  routes.add({"GET", "/api/v1/audit",
              [&audit](const Request& r, const Actor& actor) {
                service::AuditQuery q;
                q.actor_user_id = r.query_param("actor_user_id");
                q.action = r.query_param("action");
                q.record_type = r.query_param("record_type");
                q.record_id = r.query_param("record_id");
                q.from = r.query_param("from");
                q.to = r.query_param("to");
                q.cursor = r.query_param("cursor");
                q.limit = r.query_param("limit");
                auto page = audit.list(actor, q);
                if (!page.ok()) return respond(page.status());
                json::array items;
                for (const auto& e : page->items) items.push_back(entry_json(e));
                return json_response(
                    200, json::object{{"items", std::move(items)},
                                      {"next_cursor", page->next_cursor
                                                          ? json::value(*page->next_cursor)
                                                          : json::value(nullptr)}});
              },
              {"Browse the audit log, newest first: who read or changed which record, when, "
               "from where",
               "audit.read", "audit", nullptr, nullptr,
               {"actor_user_id", "action", "record_type", "record_id", "from", "to", "cursor",
                "limit"}}});

  routes.add({"GET", "/api/v1/audit/verification",
              [&audit](const Request&, const Actor& actor) {
                auto v = audit.verify(actor);
                if (!v.ok()) return respond(v.status());
                json::object o{{"ok", v->ok}, {"entries_checked", v->entries_checked}};
                o["first_bad_seq"] =
                    v->first_bad_seq ? json::value(*v->first_bad_seq) : json::value(nullptr);
                o["problem"] = v->problem;
                return json_response(200, o);
              },
              {"Check the audit log's hash chain from the first entry to the head", "audit.read",
               "audit"}});
}

}  // namespace cordon::http::api
