#include "store/copy.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cordon::store {

namespace {

enum class ColumnType { kInteger, kReal, kText };

struct Column {
  std::string name;
  ColumnType type;
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  std::set<std::string> parents;  // tables it references, itself excluded
  // A reference to its own rows (nodes.parent_id -> nodes.id), copied parents first.
  std::optional<std::pair<std::string, std::string>> self_reference;  // (from, to) columns
  int64_t rows = 0;
};

// Only the migrations' bookkeeping, which each database keeps for itself.
bool skipped(const std::string& table) { return table == "schema_migrations"; }

// Tables whose rows migrations seed: the target may hold these and still count as empty.
// The copy replaces them with the source's rows.
constexpr std::string_view kSeeded = "audit_head";

std::string quoted(const std::string& identifier) { return "\"" + identifier + "\""; }

ColumnType type_of(std::string declared) {
  std::transform(declared.begin(), declared.end(), declared.begin(), ::toupper);
  if (declared.find("INT") != std::string::npos) return ColumnType::kInteger;
  if (declared.find("REAL") != std::string::npos || declared.find("DOUB") != std::string::npos ||
      declared.find("FLOA") != std::string::npos)
    return ColumnType::kReal;
  return ColumnType::kText;
}

Result<std::vector<Table>> read_tables(SqlConnection& from) {
  std::vector<Table> tables;
  CORDON_RETURN_IF_ERROR(from.query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
      "ESCAPE '\\' ORDER BY name",
      {}, [&](const SqlRow& r) {
        if (!skipped(r.text(0))) tables.push_back(Table{r.text(0), {}, {}, {}, 0});
      }));
  for (Table& t : tables) {
    CORDON_RETURN_IF_ERROR(from.query(
        "SELECT name, type FROM pragma_table_info(?) ORDER BY cid", {t.name},
        [&](const SqlRow& r) { t.columns.push_back({r.text(0), type_of(r.text(1))}); }));
    CORDON_RETURN_IF_ERROR(from.query(
        "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?)", {t.name},
        [&](const SqlRow& r) {
          if (r.text(0) == t.name)
            t.self_reference = {r.text(1), r.is_null(2) ? std::string("id") : r.text(2)};
          else
            t.parents.insert(r.text(0));
        }));
    CORDON_ASSIGN_OR_RETURN(auto n, from.query_int("SELECT COUNT(*) FROM " + quoted(t.name), {}));
    t.rows = n.value_or(0);
  }
  return tables;
}

// Parents before children; a cycle between tables is not something the schema has.
std::vector<Table> in_dependency_order(std::vector<Table> tables) {
  std::vector<Table> ordered;
  std::set<std::string> placed;
  while (!tables.empty()) {
    auto ready = std::find_if(tables.begin(), tables.end(), [&](const Table& t) {
      return std::all_of(t.parents.begin(), t.parents.end(),
                         [&](const std::string& p) { return placed.count(p) > 0; });
    });
    if (ready == tables.end()) ready = tables.begin();
    placed.insert(ready->name);
    ordered.push_back(std::move(*ready));
    tables.erase(ready);
  }
  return ordered;
}

Result<std::set<int64_t>> migration_versions(SqlConnection& conn) {
  std::set<int64_t> out;
  CORDON_RETURN_IF_ERROR(conn.query("SELECT version FROM schema_migrations", {},
                                    [&](const SqlRow& r) { out.insert(r.int64(0)); }));
  return out;
}

Status refuse_unless_empty(SqlConnection& to, const std::vector<Table>& tables) {
  for (const Table& t : tables) {
    if (t.name == kSeeded) continue;
    CORDON_ASSIGN_OR_RETURN(auto any,
                            to.query_int("SELECT 1 FROM " + quoted(t.name) + " LIMIT 1", {}));
    if (any)
      return Status::conflict("target_not_empty",
                              "the target database already holds records (table " + t.name +
                                  "); migrate copies only into a new, empty database");
  }
  CORDON_ASSIGN_OR_RETURN(auto audited, to.query_int("SELECT MAX(seq) FROM audit_head", {}));
  if (audited.value_or(0) > 0)
    return Status::conflict("target_not_empty",
                            "the target database already has audit entries; migrate copies "
                            "only into a new, empty database");
  return Status();
}

// The rows of `t` in an order that inserts parents before their children.
std::string select_in_order(const Table& t) {
  std::string cols;
  for (const Column& c : t.columns) cols += (cols.empty() ? "t." : ", t.") + quoted(c.name);
  if (!t.self_reference)
    return "SELECT " + cols + " FROM " + quoted(t.name) + " t ORDER BY rowid";
  const auto& [child, parent] = t.self_reference.value();
  std::string k = quoted(parent), fk = quoted(child), name = quoted(t.name);
  return "WITH RECURSIVE levels(k, level) AS (SELECT " + k + ", 0 FROM " + name + " WHERE " +
         fk + " IS NULL UNION ALL SELECT c." + k + ", levels.level + 1 FROM " + name +
         " c JOIN levels ON c." + fk + " = levels.k) SELECT " + cols + " FROM " + name +
         " t JOIN levels ON t." + k + " = levels.k ORDER BY levels.level, t." + k;
}

SqlValue value_of(const SqlRow& r, int i, ColumnType type) {
  if (r.is_null(i)) return std::monostate{};
  switch (type) {
    case ColumnType::kInteger: return r.int64(i);
    case ColumnType::kReal: return r.real(i);
    case ColumnType::kText: return r.text(i);
  }
  return std::monostate{};
}

// Rows per INSERT: many rows per round trip, within PostgreSQL's 65535 parameters.
size_t rows_per_insert(size_t columns) { return std::clamp<size_t>(30000 / columns, 1, 500); }

std::string insert_sql(const Table& t, size_t rows) {
  std::string cols, one = "(";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    cols += (i ? ", " : "") + quoted(t.columns[i].name);
    one += i ? ", ?" : "?";
  }
  one += ")";
  std::string sql = "INSERT INTO " + quoted(t.name) + " (" + cols + ") VALUES ";
  for (size_t r = 0; r < rows; ++r) sql += (r ? ", " : "") + one;
  return sql;
}

Status copy_table(SqlConnection& from, SqlConnection& to, const Table& t, int64_t& done,
                  int64_t total, const std::function<void(int64_t, int64_t)>& progress) {
  const size_t per_insert = rows_per_insert(t.columns.size());
  std::vector<SqlValue> pending;
  size_t pending_rows = 0;
  Status failed;
  auto flush = [&]() -> Status {
    if (pending_rows == 0) return Status();
    auto r = to.execute(insert_sql(t, pending_rows), pending);
    done += static_cast<int64_t>(pending_rows);
    pending.clear();
    pending_rows = 0;
    if (progress) progress(done, total);
    return r.status();
  };
  CORDON_RETURN_IF_ERROR(from.query(select_in_order(t), {}, [&](const SqlRow& r) {
    if (!failed.ok()) return;
    for (size_t i = 0; i < t.columns.size(); ++i)
      pending.push_back(value_of(r, static_cast<int>(i), t.columns[i].type));
    if (++pending_rows == per_insert) failed = flush();
  }));
  CORDON_RETURN_IF_ERROR(failed);
  CORDON_RETURN_IF_ERROR(flush());
  // Identity columns keep generating after the largest copied id.
  for (const Column& c : t.columns) {
    CORDON_ASSIGN_OR_RETURN(auto has_sequence,
                            to.query_int("SELECT CASE WHEN pg_get_serial_sequence(?, ?) IS NULL "
                                         "THEN 0 ELSE 1 END",
                                         {quoted(t.name), c.name}));
    if (has_sequence.value_or(0) == 0) continue;
    CORDON_RETURN_IF_ERROR(
        to.query("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX(" + quoted(c.name) +
                     "), 0) + 1, false) FROM " + quoted(t.name),
                 {quoted(t.name), c.name}, [](const SqlRow&) {}));
  }
  return Status();
}

}  // namespace

Status copy_database(SqlConnection& from, SqlConnection& to,
                     const std::function<void(int64_t done, int64_t total)>& progress) {
  if (from.dialect() != Dialect::kSqlite || to.dialect() != Dialect::kPostgres)
    return Status::invalid_field("to", "wrong_engine",
                                 "migrate copies a SQLite database into PostgreSQL");
  CORDON_ASSIGN_OR_RETURN(auto source_versions, migration_versions(from));
  CORDON_ASSIGN_OR_RETURN(auto target_versions, migration_versions(to));
  if (source_versions != target_versions)
    return Status::conflict("schema_mismatch",
                            "the two databases carry different schema migrations; open both "
                            "with this version of cordon first");
  CORDON_ASSIGN_OR_RETURN(auto tables, read_tables(from));
  tables = in_dependency_order(std::move(tables));
  CORDON_RETURN_IF_ERROR(refuse_unless_empty(to, tables));
  int64_t total = 0;
  for (const Table& t : tables) total += t.rows;
  CORDON_RETURN_IF_ERROR(to.execute("DELETE FROM " + std::string(kSeeded), {}).status());
  int64_t done = 0;
  for (const Table& t : tables) CORDON_RETURN_IF_ERROR(copy_table(from, to, t, done, total, progress));
  if (progress) progress(done, total);
  return Status();
}

}  // namespace cordon::store
