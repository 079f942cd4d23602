#include "store/persons.h"

#include "core/text.h"
#include "store/rows.h"

namespace cordon::store {

namespace {

constexpr const char* kColumns =
    "id, name, name_simplified, name_pinyin, name_initials, id_type, id_number, sex, "
    "birth_date, phone, grid_id, address_id, address, tags, created_at, updated_at, version";

Person read_person(const SqlRow& r) {
  Person p;
  p.id = r.int64(0);
  p.name = r.text(1);
  p.name_keys = {r.text(2), r.text(3), r.text(4)};
  p.id_type = parse_document_type(r.text(5)).value_or(DocumentType::kOther);
  p.id_number = r.optional_text(6);
  p.sex = parse_sex(r.text(7)).value_or(Sex::kUnknown);
  if (auto d = r.optional_text(8)) {
    auto date = LocalDate::parse(*d);
    if (date.ok()) p.birth_date = *date;
  }
  p.phone = r.optional_text(9);
  p.grid_id = r.int64(10);
  p.address_id = r.optional_int64(11);
  p.address = r.text(12);
  p.tags = split_list(r.text(13));
  p.created_at = Instant::parse(r.text(14)).value();
  p.updated_at = Instant::parse(r.text(15)).value();
  p.version = r.int64(16);
  return p;
}

std::vector<SqlValue> person_values(const Person& p) {
  return {p.name,
          p.name_keys.simplified,
          p.name_keys.pinyin,
          p.name_keys.initials,
          std::string(document_type_name(p.id_type)),
          sql_text(p.id_number),
          std::string(sex_name(p.sex)),
          p.birth_date ? SqlValue(p.birth_date->to_string()) : SqlValue(),
          sql_text(p.phone),
          p.grid_id,
          sql_int(p.address_id),
          p.address,
          join_list(p.tags),
          p.created_at.to_string(),
          p.updated_at.to_string(),
          p.version};
}

constexpr const char* kInsert =
    "INSERT INTO persons (name, name_simplified, name_pinyin, name_initials, id_type, "
    "id_number, sex, birth_date, phone, grid_id, address_id, address, tags, created_at, "
    "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

Status duplicate_document() {
  return Status::conflict("duplicate_id_number",
                          "another person is registered with this document number",
                          {{"id_number", "duplicate",
                            "another person is registered with this document number"}});
}

// Appends the scope condition on persons.grid_id and its parameters.
void add_scope(const PersonScope& scope, std::string& sql, std::vector<SqlValue>& params) {
  if (scope.grid_id) {
    sql += " AND grid_id = ?";
    params.push_back(*scope.grid_id);
  } else if (scope.node_path) {
    sql += " AND grid_id IN (SELECT id FROM nodes WHERE path >= ? AND path < ?)";
    params.push_back(*scope.node_path);
    params.push_back(prefix_upper_bound(*scope.node_path));
  }
}

Status select_persons(SqlConnection& conn, const std::string& where,
                      const std::vector<SqlValue>& params, std::vector<Person>& out) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM persons WHERE " + where;
  return conn.query(sql, params, [&](const SqlRow& r) { out.push_back(read_person(r)); });
}

}  // namespace

Result<Person> insert_person(SqlConnection& conn, Person person) {
  std::optional<int64_t> id;
  Status s = conn.query(std::string(kInsert) + " RETURNING id", person_values(person),
                        [&](const SqlRow& r) { id = r.int64(0); });
  if (s.code() == "unique_violation") return duplicate_document();
  if (!s.ok()) return s;
  person.id = *id;
  return person;
}

Result<bool> insert_person_if_new(SqlConnection& conn, const Person& person) {
  auto r = conn.execute(std::string(kInsert) + " ON CONFLICT (id_type, id_number) DO NOTHING",
                        person_values(person));
  if (!r.ok()) return r.status();
  return *r > 0;
}

Result<std::optional<Person>> find_person(SqlConnection& conn, int64_t id) {
  std::vector<Person> out;
  CORDON_RETURN_IF_ERROR(select_persons(conn, "id = ?", {id}, out));
  if (out.empty()) return std::optional<Person>();
  return std::optional<Person>(std::move(out.front()));
}

Result<Person> update_person(SqlConnection& conn, Person person, int64_t expected_version) {
  person.version = expected_version + 1;
  std::vector<SqlValue> params = person_values(person);
  params.erase(params.begin() + 13);  // created_at never changes
  params.push_back(person.id);
  params.push_back(expected_version);
  auto r = conn.execute(
      "UPDATE persons SET name = ?, name_simplified = ?, name_pinyin = ?, name_initials = ?, "
      "id_type = ?, id_number = ?, sex = ?, birth_date = ?, phone = ?, grid_id = ?, "
      "address_id = ?, address = ?, tags = ?, updated_at = ?, version = ? "
      "WHERE id = ? AND version = ?",
      params);
  if (r.status().code() == "unique_violation") return duplicate_document();
  if (!r.ok()) return r.status();
  if (*r == 0)
    return Status::conflict("version_mismatch",
                            "the person was changed by someone else; reload and try again");
  return person;
}

namespace {

// Persons matching `where` (a condition over `params`) in scope, ordered by id, starting
// after the cursor's id; one more row than the page is read to know whether more follow.
Result<PersonPage> page_by_id(SqlConnection& conn, std::string where, std::vector<SqlValue> params,
                              const PersonScope& scope, const std::optional<PersonCursor>& after,
                              int limit) {
  where += " AND id > ?";
  params.push_back(after ? after->id : int64_t{0});
  add_scope(scope, where, params);
  where += " ORDER BY id LIMIT ?";
  params.push_back(int64_t{limit + 1});
  PersonPage page;
  CORDON_RETURN_IF_ERROR(select_persons(conn, where, params, page.items));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(limit);
    page.next = PersonCursor{0, "", page.items.back().id};
  }
  return page;
}

}  // namespace

Result<PersonPage> list_persons(SqlConnection& conn, const PersonScope& scope,
                                const std::optional<PersonCursor>& after, int limit) {
  return page_by_id(conn, "1 = 1", {}, scope, after, limit);
}

Result<PersonPage> search_persons(SqlConnection& conn, PersonSearchKind kind,
                                  const std::string& key, const PersonScope& scope,
                                  const std::optional<PersonCursor>& after, int limit) {
  if (kind == PersonSearchKind::kIdNumber || kind == PersonSearchKind::kPhone)
    return page_by_id(conn, kind == PersonSearchKind::kIdNumber ? "id_number = ?" : "phone = ?",
                      {key}, scope, after, limit);
  PersonPage page;

  // Prefix searches walk one index in (key, id) order; Latin queries walk the pinyin index
  // (phase 0), then the initials index (phase 1).
  const int last_phase = kind == PersonSearchKind::kLatinPrefix ? 1 : 0;
  const std::string upper = prefix_upper_bound(key);
  int phase = after ? after->phase : 0;
  std::string from_key = after ? after->key : std::string();
  int64_t from_id = after ? after->id : 0;
  for (; phase <= last_phase; ++phase) {
    const char* column = kind == PersonSearchKind::kHanPrefix ? "name_simplified"
                         : phase == 0                          ? "name_pinyin"
                                                               : "name_initials";
    std::string col(column);
    std::string where = col + " >= ? AND " + col + " < ?";
    std::vector<SqlValue> params{key, upper};
    if (!from_key.empty() || from_id) {
      where += " AND (" + col + " > ? OR (" + col + " = ? AND id > ?))";
      params.push_back(from_key);
      params.push_back(from_key);
      params.push_back(from_id);
    }
    if (phase == 1) {
      where += " AND NOT (name_pinyin >= ? AND name_pinyin < ?)";
      params.push_back(key);
      params.push_back(upper);
    }
    add_scope(scope, where, params);
    int want = limit - static_cast<int>(page.items.size());
    where += " ORDER BY " + col + ", id LIMIT ?";
    params.push_back(int64_t{want + 1});
    std::vector<Person> found;
    CORDON_RETURN_IF_ERROR(select_persons(conn, where, params, found));
    bool more = static_cast<int>(found.size()) > want;
    if (more) found.resize(want);
    for (auto& p : found) page.items.push_back(std::move(p));
    if (more) {
      const Person& last = page.items.back();
      const std::string& k = kind == PersonSearchKind::kHanPrefix ? last.name_keys.simplified
                             : phase == 0                          ? last.name_keys.pinyin
                                                                   : last.name_keys.initials;
      page.next = PersonCursor{phase, k, last.id};
      return page;
    }
    from_key.clear();
    from_id = 0;
    if (static_cast<int>(page.items.size()) >= limit && phase < last_phase) {
      page.next = PersonCursor{phase + 1, "", 0};
      return page;
    }
  }
  return page;
}

Result<int64_t> count_persons(SqlConnection& conn) {
  CORDON_ASSIGN_OR_RETURN(auto n, conn.query_int("SELECT COUNT(*) FROM persons", {}));
  return n.value_or(0);
}

Result<std::vector<IndexDefinition>> person_secondary_indexes(SqlConnection& conn) {
  const char* sql =
      conn.dialect() == Dialect::kSqlite
          ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'persons' "
            "AND sql IS NOT NULL ORDER BY name"
          : "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = 'persons' ORDER BY indexname";
  std::vector<IndexDefinition> out;
  CORDON_RETURN_IF_ERROR(conn.query(sql, {}, [&](const SqlRow& r) {
    std::string create = r.text(1);
    // Both engines spell a plain index "CREATE INDEX" and a unique one "CREATE UNIQUE INDEX".
    if (ascii_lower(create.substr(0, 13)) == "create index ") out.push_back({r.text(0), create});
  }));
  return out;
}

Status drop_indexes(SqlConnection& conn, const std::vector<IndexDefinition>& indexes) {
  for (const auto& index : indexes)
    CORDON_RETURN_IF_ERROR(conn.execute_script("DROP INDEX \"" + index.name + "\""));
  return Status();
}

Status create_indexes(SqlConnection& conn, const std::vector<IndexDefinition>& indexes) {
  for (const auto& index : indexes) CORDON_RETURN_IF_ERROR(conn.execute_script(index.create_sql));
  return Status();
}

Status scan_resident_homes(SqlConnection& conn,
                           const std::function<void(int64_t, int64_t, int64_t)>& each) {
  return conn.query("SELECT id, grid_id, address_id FROM persons ORDER BY id", {},
                    [&](const SqlRow& r) {
                      each(r.int64(0), r.int64(1), r.optional_int64(2).value_or(0));
                    });
}

}  // namespace cordon::store
