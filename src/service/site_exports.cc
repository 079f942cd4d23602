#include "service/site_exports.h"

#include "core/person.h"
#include "service/audit.h"
#include "service/sites.h"
#include "store/audit.h"
#include "store/nodes.h"
#include "store/persons.h"
#include "store/sites.h"

namespace cordon::service {

Result<ExportTable> site_roster_table(Context& ctx, const Actor& actor, int64_t site_id) {
  ExportTable table;
  table.title = "roster";
  table.columns = {"room", "floor", "family_room", "name", "sex", "phone", "order_id",
                   "order_status", "checked_in_at", "order_end_date"};
  table.generated = {false, true, true, false, true, false, true, true, true, true};
  CORDON_RETURN_IF_ERROR(ctx.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(load_visible_site(conn, actor, site_id).status());
    table.title = "roster " + std::to_string(site_id);
    CORDON_ASSIGN_OR_RETURN(auto rooms, store::list_rooms(conn, site_id));
    CORDON_ASSIGN_OR_RETURN(auto occupants, store::list_occupants(conn, site_id));
    for (const auto& room : rooms)
      for (const auto& o : occupants) {
        if (o.room_id != room.id) continue;
        table.rows.push_back({room.number, std::to_string(room.floor),
                              room.family ? "yes" : "no", o.name, o.sex,
                              o.phone ? mask_phone(*o.phone) : "", std::to_string(o.order_id),
                              o.order_status, o.checked_in_at.to_string(), o.order_end_date});
      }
    return store::append_audit(conn, audit_entry(ctx, actor, "site.roster_export", "site",
                                                 site_id,
                                                 std::to_string(table.rows.size()) + " rows"));
  }));
  return table;
}

Result<ExportTable> release_list_table(Context& ctx, OrderService& orders, const Actor& actor,
                                       const ReleaseListQuery& query) {
  CORDON_ASSIGN_OR_RETURN(ReleaseList list, orders.release_list(actor, query));
  ExportTable table;
  table.title = "releases " + list.date.to_string();
  table.columns = {"due", "order_id", "name", "grid_id", "site_id", "kind",
                   "start_date", "end_date", "conditions"};
  table.generated = {true, true, false, true, true, true, true, true, false};
  CORDON_RETURN_IF_ERROR(ctx.store.write([&](store::SqlConnection& conn) -> Status {
    auto add = [&](const std::vector<ReleaseDue>& items, const std::string& due) -> Status {
      for (const auto& item : items) {
        const QuarantineOrder& o = item.order;
        CORDON_ASSIGN_OR_RETURN(auto person, store::find_person(conn, o.person_id));
        table.rows.push_back({due, std::to_string(o.id), person ? person->name : "",
                              std::to_string(o.grid_id),
                              o.site_id ? std::to_string(*o.site_id) : "",
                              order_kind_name(o.kind), o.start_date.to_string(),
                              o.end_date.to_string(),
                              item.conditions.ok() ? "met" : item.conditions.message()});
      }
      return Status();
    };
    CORDON_RETURN_IF_ERROR(add(list.due, list.date.to_string()));
    CORDON_RETURN_IF_ERROR(add(list.due_next, list.date.plus_days(1).to_string()));
    return store::append_audit(conn, audit_entry(ctx, actor, "release_list.export",
                                                 "quarantine_order", 0,
                                                 std::to_string(table.rows.size()) + " rows"));
  }));
  return table;
}

}  // namespace cordon::service
