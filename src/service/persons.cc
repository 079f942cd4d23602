#include "service/persons.h"

#include <charconv>
#include <unordered_map>

#include "core/phone.h"
#include "core/text.h"
#include "service/cursor.h"
#include "service/audit.h"
#include "store/audit.h"
#include "store/idempotency.h"
#include "store/nodes.h"
#include "store/persons.h"

namespace cordon::service {

namespace {

Status person_not_found() { return Status::not_found("person_not_found", "no such person"); }

// Checks that the person's grid exists, is a grid, lies in the actor's jurisdiction, and
// that the address (if any) lies below it.
Status check_placement(store::SqlConnection& conn, const Actor& actor, const Person& p) {
  auto grid = store::find_node(conn, p.grid_id);
  if (!grid.ok()) return grid.status();
  if (!*grid || !actor.can_see_path((*grid)->path))
    return Status::invalid_field("grid_id", "grid_not_found", "no such grid");
  if ((*grid)->kind != NodeKind::kGrid)
    return Status::invalid_field("grid_id", "not_a_grid",
                                 "grid_id must name a grid, not a " +
                                     std::string(node_kind_name((*grid)->kind)));
  if (p.address_id) {
    auto address = store::find_node(conn, *p.address_id);
    if (!address.ok()) return address.status();
    if (!*address || !is_address((*address)->kind) ||
        !(*address)->path.starts_with((*grid)->path))
      return Status::invalid_field("address_id", "address_not_in_grid",
                                   "address_id must name an address inside the grid");
  }
  return Status();
}

Result<Person> load_visible(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto person, store::find_person(conn, id));
  if (!person) return person_not_found();
  if (actor.jurisdiction_path) {
    CORDON_ASSIGN_OR_RETURN(auto grid, store::find_node(conn, person->grid_id));
    if (!grid || !actor.can_see_path(grid->path)) return person_not_found();
  }
  return std::move(*person);
}

// Interprets a search query: an ID number, a phone number, or a name.
struct ParsedQuery {
  store::PersonSearchKind kind;
  std::string key;
};

std::optional<ParsedQuery> parse_query(const std::string& raw) {
  std::string q = trim(raw);
  if (q.empty()) return std::nullopt;
  // 18 characters of digits with a final digit or X: a resident ID (exact match, so a
  // wrong check digit simply finds nobody).
  bool id_like = q.size() == 18;
  for (size_t i = 0; id_like && i < q.size(); ++i)
    id_like = (q[i] >= '0' && q[i] <= '9') || (i == 17 && (q[i] == 'x' || q[i] == 'X'));
  if (id_like) {
    if (q[17] == 'x') q[17] = 'X';
    return ParsedQuery{store::PersonSearchKind::kIdNumber, q};
  }
  if (looks_like_phone(q)) {
    auto phone = normalize_mobile(q);
    if (phone.ok()) return ParsedQuery{store::PersonSearchKind::kPhone, *phone};
  }
  // Names hold no digits: letters mixed with digits are a passport or other document.
  bool has_digit = q.find_first_of("0123456789") != std::string::npos;
  NameQuery nq = has_digit ? NameQuery{} : name_query(q);
  if (nq.kind == NameQuery::Kind::kHan)
    return ParsedQuery{store::PersonSearchKind::kHanPrefix, nq.key};
  if (nq.kind == NameQuery::Kind::kLatin)
    return ParsedQuery{store::PersonSearchKind::kLatinPrefix, nq.key};
  // Neither a phone, an ID nor a name: maybe a passport number, stored uppercase.
  for (char& c : q)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return ParsedQuery{store::PersonSearchKind::kIdNumber, q};
}

}  // namespace

Result<Person> PersonService::create(const Actor& actor, const PersonInput& input,
                                     const std::optional<std::string>& idempotency_key) {
  Instant now = ctx_.clock.now();
  CORDON_ASSIGN_OR_RETURN(Person person, validate_person(input, ctx_.zone.local_date(now)));
  person.created_at = person.updated_at = now;
  Person created;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen, store::recall_idempotent(conn, *idempotency_key, "person"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(created, load_visible(conn, actor, *seen));
        return Status();
      }
    }
    CORDON_RETURN_IF_ERROR(check_placement(conn, actor, person));
    CORDON_ASSIGN_OR_RETURN(created, store::insert_person(conn, person));
    CORDON_RETURN_IF_ERROR(
        store::append_audit(conn, audit_entry(ctx_, actor, "person.create", "person", created.id)));
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(
          store::remember_idempotent(conn, *idempotency_key, "person", created.id, now));
    return Status();
  }));
  return created;
}

Result<Person> PersonService::get(const Actor& actor, int64_t id) {
  Person out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible(conn, actor, id));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "person.read", "person", id));
  return out;
}

Result<Person> PersonService::reveal(const Actor& actor, int64_t id) {
  Person out;
  // Durable before the answer: a reveal that left no trace would defeat its purpose.
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible(conn, actor, id));
    return store::append_audit(conn, audit_entry(ctx_, actor, "person.reveal", "person", id));
  }));
  return out;
}

Result<Person> PersonService::update(const Actor& actor, int64_t id, const PersonInput& patch,
                                     std::optional<int64_t> expected_version) {
  Instant now = ctx_.clock.now();
  Person out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Person current, load_visible(conn, actor, id));
    if (expected_version && *expected_version != current.version)
      return Status::conflict("version_mismatch",
                              "the person was changed by someone else; reload and try again");
    CORDON_ASSIGN_OR_RETURN(Person next, validate_person(merge_person_input(current, patch),
                                                         ctx_.zone.local_date(now)));
    next.id = current.id;
    next.created_at = current.created_at;
    next.updated_at = now;
    if (next.grid_id != current.grid_id || next.address_id != current.address_id)
      CORDON_RETURN_IF_ERROR(check_placement(conn, actor, next));
    CORDON_ASSIGN_OR_RETURN(out, store::update_person(conn, next, current.version));
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "person.update", "person", id,
                          "version " + std::to_string(out.version))));
    return Status();
  }));
  return out;
}

Result<PersonList> PersonService::list(const Actor& actor, const PersonListQuery& query) {
  CORDON_ASSIGN_OR_RETURN(int limit, parse_limit(query.limit));
  std::optional<store::PersonCursor> after;
  if (query.cursor && !query.cursor->empty()) {
    CORDON_ASSIGN_OR_RETURN(after, decode_cursor(*query.cursor));
  }
  std::optional<ParsedQuery> parsed;
  if (query.q) parsed = parse_query(*query.q);

  PersonList out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    store::PersonScope scope;
    if (query.jurisdiction_id) {
      auto node = store::find_node(conn, *query.jurisdiction_id);
      if (!node.ok()) return node.status();
      if (!*node || !actor.can_see_path((*node)->path))
        return Status::invalid_field("jurisdiction_id", "not_found", "no such jurisdiction");
      if ((*node)->kind == NodeKind::kGrid) scope.grid_id = (*node)->id;
      else scope.node_path = (*node)->path;
    } else if (actor.jurisdiction_path) {
      scope.node_path = actor.jurisdiction_path;
    }
    store::PersonPage page;
    if (parsed) {
      CORDON_ASSIGN_OR_RETURN(page, store::search_persons(conn, parsed->kind, parsed->key, scope,
                                                          after, limit));
    } else {
      CORDON_ASSIGN_OR_RETURN(page, store::list_persons(conn, scope, after, limit));
    }
    out.items = std::move(page.items);
    if (page.next) out.next_cursor = encode_cursor(*page.next);
    return Status();
  }));
  // One entry per list or search: what was asked, in which scope, how many came back.
  std::string detail = "jurisdiction " + std::to_string(query.jurisdiction_id.value_or(0)) +
                       ", " + std::to_string(out.items.size()) + " results";
  if (query.q) detail = "q=" + *query.q + ", " + detail;
  record_read(ctx_, audit_entry(ctx_, actor, query.q ? "person.search" : "person.list", "person",
                                0, detail));
  return out;
}

Status PersonImportWriter::store(ValidatedImportRows& rows) {
  rows_ += static_cast<int64_t>(rows.results.size());
  for (size_t i = 0; i < rows.results.size(); ++i) {
    if (!rows.persons[i]) continue;
    const Person& p = *rows.persons[i];
    Status placement;
    if (p.address_id) {
      placement = check_placement(conn_, actor_, p);
    } else {
      auto it = grid_checked_.find(p.grid_id);
      if (it == grid_checked_.end())
        it = grid_checked_.emplace(p.grid_id, check_placement(conn_, actor_, p)).first;
      placement = it->second;
    }
    if (!placement.ok()) {
      if (placement.kind() != Status::Kind::kInvalid) return placement;
      rows.results[i].status = placement;
      continue;
    }
    CORDON_ASSIGN_OR_RETURN(bool inserted, store::insert_person_if_new(conn_, p));
    rows.results[i].outcome =
        inserted ? ImportRowResult::Outcome::kCreated : ImportRowResult::Outcome::kExisting;
    created_ += inserted;
  }
  return Status();
}

Status PersonImportWriter::end_audit_chunk() {
  if (rows_ == 0) return Status();
  Status s = store::append_audit(
      conn_, audit_entry(ctx_, actor_, "person.import", "person", 0,
                         std::to_string(rows_) + " rows, " + std::to_string(created_) +
                             " created"));
  rows_ = created_ = 0;
  return s;
}

Result<std::vector<ImportRowResult>> PersonService::import_rows(
    const Actor& actor, const std::vector<PersonInput>& rows) {
  ValidatedImportRows validated = validate_import(rows);
  CORDON_RETURN_IF_ERROR(import_validated(
      actor, ImportMode::kChunked,
      [&](PersonImportWriter& writer) { return writer.store(validated); }));
  return std::move(validated.results);
}

ValidatedImportRows PersonService::validate_import(const std::vector<PersonInput>& rows) const {
  Instant now = ctx_.clock.now();
  LocalDate today = ctx_.zone.local_date(now);
  ValidatedImportRows out;
  out.results.resize(rows.size());
  out.persons.resize(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].id_number || trim(*rows[i].id_number).empty()) {
      out.results[i].status = Status::invalid_field(
          "id_number", "required", "an imported person needs a document number");
      continue;
    }
    auto p = validate_person(rows[i], today);
    if (!p.ok()) {
      out.results[i].status = p.status();
      continue;
    }
    p->created_at = p->updated_at = now;
    out.persons[i] = std::move(*p);
  }
  return out;
}

Status PersonService::import_validated(const Actor& actor, ImportMode mode,
                                       const std::function<Status(PersonImportWriter&)>& feed) {
  return ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    std::vector<store::IndexDefinition> dropped;
    if (mode == ImportMode::kBulk) {
      CORDON_ASSIGN_OR_RETURN(dropped, store::person_secondary_indexes(conn));
      CORDON_RETURN_IF_ERROR(store::drop_indexes(conn, dropped));
    }
    PersonImportWriter writer(ctx_, actor, conn);
    CORDON_RETURN_IF_ERROR(feed(writer));
    CORDON_RETURN_IF_ERROR(writer.end_audit_chunk());
    return store::create_indexes(conn, dropped);
  });
}

Result<bool> PersonService::bulk_import_pays(int64_t rows) {
  if (ctx_.store.dialect() != store::Dialect::kSqlite || rows < kBulkImportMinRows) return false;
  int64_t stored = 0;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(stored, store::count_persons(conn));
    return Status();
  }));
  return rows * 4 >= stored;
}

}  // namespace cordon::service
