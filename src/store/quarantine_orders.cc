#include "store/quarantine_orders.h"

#include "store/where.h"

namespace cordon::store {

namespace {

constexpr const char* kColumns =
    "id, person_id, grid_id, kind, reason, status, anchor_date, start_date, end_date, site_id, "
    "policy_code, policy_version, stage, parent_order_id, arrival_id, released_on, note, "
    "created_at, updated_at, version";

LocalDate date_column(const SqlRow& r, int column) {
  return LocalDate::parse(r.text(column)).value();
}

std::optional<LocalDate> optional_date(const SqlRow& r, int column) {
  if (r.is_null(column)) return std::nullopt;
  return date_column(r, column);
}

SqlValue sql_date(const std::optional<LocalDate>& d) {
  return d ? SqlValue(d->to_string()) : SqlValue();
}

QuarantineOrder read_order(const SqlRow& r) {
  QuarantineOrder o;
  o.id = r.int64(0);
  o.person_id = r.int64(1);
  o.grid_id = r.int64(2);
  o.kind = parse_order_kind(r.text(3)).value_or(OrderKind::kHome);
  o.reason = parse_order_reason(r.text(4)).value_or(OrderReason::kArrival);
  o.status = parse_order_status(r.text(5)).value_or(OrderStatus::kOrdered);
  o.anchor_date = date_column(r, 6);
  o.start_date = date_column(r, 7);
  o.end_date = date_column(r, 8);
  o.site_id = r.optional_int64(9);
  o.policy_code = r.text(10);
  o.policy_version = static_cast<int>(r.int64(11));
  o.stage = static_cast<int>(r.int64(12));
  o.parent_order_id = r.optional_int64(13);
  o.arrival_id = r.optional_int64(14);
  o.released_on = optional_date(r, 15);
  o.note = r.text(16);
  o.created_at = Instant::parse(r.text(17)).value();
  o.updated_at = Instant::parse(r.text(18)).value();
  o.version = r.int64(19);
  return o;
}

// The values of every column but id and created_at, in kColumns order, then `tail`.
std::vector<SqlValue> mutable_values(const QuarantineOrder& o, std::vector<SqlValue> tail) {
  std::vector<SqlValue> values{o.person_id,
          o.grid_id,
          std::string(order_kind_name(o.kind)),
          std::string(order_reason_name(o.reason)),
          std::string(order_status_name(o.status)),
          o.anchor_date.to_string(),
          o.start_date.to_string(),
          o.end_date.to_string(),
          sql_int(o.site_id),
          o.policy_code,
          int64_t{o.policy_version},
          int64_t{o.stage},
          sql_int(o.parent_order_id),
          sql_int(o.arrival_id),
          sql_date(o.released_on),
          o.note};
  values.insert(values.end(), std::make_move_iterator(tail.begin()),
                std::make_move_iterator(tail.end()));
  return values;
}

Status select_orders(SqlConnection& conn, const std::string& where,
                     const std::vector<SqlValue>& params, std::vector<QuarantineOrder>& out) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM quarantine_orders WHERE " + where;
  return conn.query(sql, params, [&](const SqlRow& r) { out.push_back(read_order(r)); });
}

SqlValue kind_value(const std::optional<OrderKind>& k) {
  return k ? SqlValue(std::string(order_kind_name(*k))) : SqlValue();
}

}  // namespace

Result<QuarantineOrder> insert_order(SqlConnection& conn, QuarantineOrder order) {
  std::vector<SqlValue> params = mutable_values(
      order, {order.created_at.to_string(), order.updated_at.to_string(), order.version});
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(conn.query(
      "INSERT INTO quarantine_orders (person_id, grid_id, kind, reason, status, anchor_date, "
      "start_date, end_date, site_id, policy_code, policy_version, stage, parent_order_id, "
      "arrival_id, released_on, note, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      params, [&](const SqlRow& r) { id = r.int64(0); }));
  order.id = *id;
  return order;
}

Result<std::optional<QuarantineOrder>> find_order(SqlConnection& conn, int64_t id) {
  std::vector<QuarantineOrder> out;
  CORDON_RETURN_IF_ERROR(select_orders(conn, "id = ?", {id}, out));
  if (out.empty()) return std::optional<QuarantineOrder>();
  return std::optional<QuarantineOrder>(std::move(out.front()));
}

Result<QuarantineOrder> update_order(SqlConnection& conn, QuarantineOrder order,
                                     int64_t expected_version) {
  order.version = expected_version + 1;
  std::vector<SqlValue> params = mutable_values(
      order, {order.updated_at.to_string(), order.version, order.id, expected_version});
  CORDON_ASSIGN_OR_RETURN(
      int64_t changed,
      conn.execute("UPDATE quarantine_orders SET person_id = ?, grid_id = ?, kind = ?, "
                   "reason = ?, status = ?, anchor_date = ?, start_date = ?, end_date = ?, "
                   "site_id = ?, policy_code = ?, policy_version = ?, stage = ?, "
                   "parent_order_id = ?, arrival_id = ?, released_on = ?, note = ?, "
                   "updated_at = ?, version = ? WHERE id = ? AND version = ?",
                   params));
  if (changed == 0)
    return Status::conflict("version_mismatch",
                            "the order was changed by someone else; reload and try again");
  return order;
}

Result<OrderPage> list_orders(SqlConnection& conn, const OrderFilter& f, int64_t after_id,
                              int limit) {
  Where w;
  w.scope("grid_id", f.grid_id, f.node_path);
  if (f.status) w.add("status = ?", std::string(order_status_name(*f.status)));
  if (f.kind) w.add("kind = ?", std::string(order_kind_name(*f.kind)));
  if (f.reason) w.add("reason = ?", std::string(order_reason_name(*f.reason)));
  w.add_if("site_id = ?", f.site_id).add_if("person_id = ?", f.person_id);
  if (f.end_from) w.add("end_date >= ?", f.end_from->to_string());
  if (f.end_to) w.add("end_date <= ?", f.end_to->to_string());
  std::string where = w.page(after_id, limit);
  std::vector<QuarantineOrder> rows;
  CORDON_RETURN_IF_ERROR(select_orders(conn, where, w.params(), rows));
  return to_page(std::move(rows), limit);
}

Result<OrderEvent> insert_order_event(SqlConnection& conn, OrderEvent e) {
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(conn.query(
      "INSERT INTO quarantine_order_events (order_id, at, action, from_status, to_status, "
      "previous_end_date, end_date, from_site_id, to_site_id, from_kind, to_kind, "
      "actor_user_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {e.order_id, e.at.to_string(), e.action, std::string(order_status_name(e.from_status)),
       std::string(order_status_name(e.to_status)), sql_date(e.previous_end_date),
       sql_date(e.end_date), sql_int(e.from_site_id), sql_int(e.to_site_id),
       kind_value(e.from_kind), kind_value(e.to_kind), e.actor_user_id, e.note},
      [&](const SqlRow& r) { id = r.int64(0); }));
  e.id = *id;
  return e;
}

Result<std::vector<OrderEvent>> list_order_events(SqlConnection& conn, int64_t order_id) {
  std::vector<OrderEvent> out;
  CORDON_RETURN_IF_ERROR(conn.query(
      "SELECT id, order_id, at, action, from_status, to_status, previous_end_date, end_date, "
      "from_site_id, to_site_id, from_kind, to_kind, actor_user_id, note "
      "FROM quarantine_order_events WHERE order_id = ? ORDER BY id",
      {order_id}, [&](const SqlRow& r) {
        OrderEvent e;
        e.id = r.int64(0);
        e.order_id = r.int64(1);
        e.at = Instant::parse(r.text(2)).value();
        e.action = r.text(3);
        e.from_status = parse_order_status(r.text(4)).value_or(OrderStatus::kOrdered);
        e.to_status = parse_order_status(r.text(5)).value_or(OrderStatus::kOrdered);
        e.previous_end_date = optional_date(r, 6);
        e.end_date = optional_date(r, 7);
        e.from_site_id = r.optional_int64(8);
        e.to_site_id = r.optional_int64(9);
        if (auto k = r.optional_text(10)) e.from_kind = parse_order_kind(*k);
        if (auto k = r.optional_text(11)) e.to_kind = parse_order_kind(*k);
        e.actor_user_id = r.int64(12);
        e.note = r.text(13);
        out.push_back(std::move(e));
      }));
  return out;
}

Result<std::optional<QuarantineOrder>> find_follow_on(SqlConnection& conn, int64_t parent_id) {
  std::vector<QuarantineOrder> out;
  CORDON_RETURN_IF_ERROR(
      select_orders(conn, "parent_order_id = ? ORDER BY id LIMIT 1", {parent_id}, out));
  if (out.empty()) return std::optional<QuarantineOrder>();
  return std::optional<QuarantineOrder>(std::move(out.front()));
}

}  // namespace cordon::store
