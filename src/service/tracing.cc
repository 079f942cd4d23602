#include "service/tracing.h"

#include <set>

#include "store/nodes.h"
#include "store/persons.h"

namespace cordon::service {

Result<Person> find_visible_person(store::SqlConnection& conn, const Actor& actor, int64_t id,
                                   const std::string& field) {
  auto missing = [&] {
    return !field.empty() ? Status::invalid_field(field, "person_not_found", "no such person")
                 : Status::not_found("person_not_found", "no such person");
  };
  CORDON_ASSIGN_OR_RETURN(auto person, store::find_person(conn, id));
  if (!person) return missing();
  if (actor.jurisdiction_path) {
    CORDON_ASSIGN_OR_RETURN(auto grid, store::find_node(conn, person->grid_id));
    if (!grid || !actor.can_see_path(grid->path)) return missing();
  }
  return std::move(*person);
}

Result<Case> find_visible_case(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto c, store::find_case(conn, id));
  Status missing = Status::not_found("case_not_found", "no such case");
  if (!c) return missing;
  if (!find_visible_person(conn, actor, c->person_id).ok()) return missing;
  return std::move(*c);
}

Result<store::CaseScope> resolve_scope(store::SqlConnection& conn, const Actor& actor,
                                       std::optional<int64_t> jurisdiction_id) {
  if (!jurisdiction_id) return store::CaseScope(actor.jurisdiction_path);
  CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, *jurisdiction_id));
  if (!node || !actor.can_see_path(node->path))
    return Status::invalid_field("jurisdiction_id", "not_found", "no such jurisdiction");
  return store::CaseScope(node->path);
}

Result<ContactRule> contact_rule_in_force(store::SqlConnection& conn, LocalDate date) {
  // The 9th edition of the national protocol: 4 days before onset or sampling.
  return ContactRule{};
}

Result<ContactCategory> derive_category(store::SqlConnection& conn, const ContactRule& rule,
                                        const Exposure& e) {
  CORDON_ASSIGN_OR_RETURN(auto source_case, store::find_case_by_person(conn, e.source_person_id));
  bool source_close = false;
  if (!source_case) {
    CORDON_ASSIGN_OR_RETURN(source_close, store::is_close_contact(conn, e.source_person_id));
  }
  return derive_contact_category(rule, source_case ? &*source_case : nullptr, source_close,
                                 e.last_date);
}

namespace {

// Re-derives the exposures whose source is `source`; adds the exposed persons of those
// that changed to `touched`.
Status rederive_level(store::SqlConnection& conn, const ContactRule& rule, int64_t source,
                      std::vector<Exposure>& changed, std::set<int64_t>* touched) {
  CORDON_ASSIGN_OR_RETURN(auto exposures, store::exposures_of(conn, source, /*as_source=*/true));
  for (Exposure& e : exposures) {
    CORDON_ASSIGN_OR_RETURN(ContactCategory now, derive_category(conn, rule, e));
    if (now == e.category) continue;
    CORDON_RETURN_IF_ERROR(store::set_exposure_category(conn, e.id, now));
    e.category = now;
    if (touched) touched->insert(e.person_id);
    changed.push_back(e);
  }
  return Status();
}

}  // namespace

Status rederive_from_source(store::SqlConnection& conn, const ContactRule& rule,
                            int64_t person_id, std::vector<Exposure>& changed) {
  std::set<int64_t> touched;
  CORDON_RETURN_IF_ERROR(rederive_level(conn, rule, person_id, changed, &touched));
  // Categories go two levels deep (close, secondary): the contacts of the persons whose
  // close-contact status changed are the last ones that can change.
  for (int64_t p : touched) CORDON_RETURN_IF_ERROR(rederive_level(conn, rule, p, changed, nullptr));
  return Status();
}

}  // namespace cordon::service
