// Builds the WHERE clause of a filtered list: conditions joined by AND, their parameters
// in order, the grid scope of the place tree, and the keyset page (id > after, ORDER BY
// id, LIMIT one more than the page to know whether more follow).
//
// Not thread-safe; one per query.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/sql.h"

namespace cordon::store {

class Where {
 public:
  // Adds `condition` (with one `?`) bound to `value`.
  Where& add(const std::string& condition, SqlValue value) {
    sql_ += (sql_.empty() ? "" : " AND ") + condition;
    params_.push_back(std::move(value));
    return *this;
  }
  // Adds `condition` bound to `value` when `value` is set.
  template <typename T>
  Where& add_if(const std::string& condition, const std::optional<T>& value) {
    if (value) add(condition, SqlValue(*value));
    return *this;
  }
  // Restricts `column` (a grid id) to `grid_id`, or to the grids below `node_path`.
  Where& scope(const char* column, const std::optional<int64_t>& grid_id,
               const std::optional<std::string>& node_path) {
    if (grid_id) add(std::string(column) + " = ?", *grid_id);
    if (node_path) {
      add(std::string(column) + " IN (SELECT id FROM nodes WHERE path >= ? AND path < ?)",
          *node_path);
      params_.push_back(prefix_upper_bound(*node_path));
    }
    return *this;
  }
  // The clause for one keyset page by id: "... AND id > ? ORDER BY id LIMIT ?".
  std::string page(int64_t after_id, int limit) {
    add("id > ?", after_id);
    std::string out = sql_ + " ORDER BY id LIMIT ?";
    params_.push_back(int64_t{limit + 1});
    return out;
  }
  const std::string& sql() const { return sql_; }
  const std::vector<SqlValue>& params() const { return params_; }

 private:
  std::string sql_;
  std::vector<SqlValue> params_;
};

// One keyset page of records ordered by id.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<int64_t> next_after_id;  // set when more may follow
};

// Turns the limit + 1 rows a Where::page query read into a page of at most `limit`.
template <typename T>
Page<T> to_page(std::vector<T> rows, int limit) {
  Page<T> page;
  page.items = std::move(rows);
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(limit);
    page.next_after_id = page.items.back().id;
  }
  return page;
}

}  // namespace cordon::store
