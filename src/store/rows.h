// Small helpers for repositories: run a SELECT and collect its rows as values; store a
// short list of words (tags, symptoms) in one text column.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/sql.h"

namespace cordon::store {

// Every row of `sql`, each turned into a T by `read(const SqlRow&)`.
template <typename T, typename Read>
Result<std::vector<T>> select_all(SqlConnection& conn, const std::string& sql,
                                  const std::vector<SqlValue>& params, Read read) {
  std::vector<T> out;
  CORDON_RETURN_IF_ERROR(conn.query(sql, params, [&](const SqlRow& r) { out.push_back(read(r)); }));
  return out;
}

// The first row of `sql`, or nullopt.
template <typename T, typename Read>
Result<std::optional<T>> select_one(SqlConnection& conn, const std::string& sql,
                                    const std::vector<SqlValue>& params, Read read) {
  CORDON_ASSIGN_OR_RETURN(auto all, select_all<T>(conn, sql, params, read));
  if (all.empty()) return std::optional<T>();
  return std::optional<T>(std::move(all.front()));
}

// A list of words as one column: "a,b,c". The words never contain commas (they are
// codes and tags checked before they get here); empty words are dropped.
std::string join_list(const std::vector<std::string>& words);
std::vector<std::string> split_list(const std::string& column);

}  // namespace cordon::store
