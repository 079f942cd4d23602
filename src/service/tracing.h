// Pieces shared by the contact-tracing use cases (cases.cc, exposures.cc, chains.cc):
// finding records inside an actor's jurisdiction, the contact rule of the policy in force,
// and keeping contact categories true when a case appears, changes or is ruled out.
//
// Every function runs inside the caller's unit of work on `conn`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/case.h"
#include "core/person.h"
#include "service/context.h"
#include "store/cases.h"
#include "store/sql.h"

namespace cordon::service {

// The person `id` when it lies inside the actor's jurisdiction; otherwise not found
// ("person_not_found"), reported on `field` when it is not empty (an input naming a person
// the actor cannot see is invalid input, not a missing resource).
Result<Person> find_visible_person(store::SqlConnection& conn, const Actor& actor, int64_t id,
                                   const std::string& field = "");

// The case `id` when its person lies inside the actor's jurisdiction; else not found
// ("case_not_found").
Result<Case> find_visible_case(store::SqlConnection& conn, const Actor& actor, int64_t id);

// The part of the tree a query covers: `jurisdiction_id` when given (invalid
// "jurisdiction_id" / "not_found" when outside the actor's jurisdiction), else the
// actor's whole jurisdiction.
Result<store::CaseScope> resolve_scope(store::SqlConnection& conn, const Actor& actor,
                                       std::optional<int64_t> jurisdiction_id);

// The contact rule of the policy in force on `date`.
Result<ContactRule> contact_rule_in_force(store::SqlConnection& conn, LocalDate date);

// The category `e` earns now: from its source's case (if any) or close-contact status.
Result<ContactCategory> derive_category(store::SqlConnection& conn, const ContactRule& rule,
                                        const Exposure& e);

// Re-derives the categories of the exposures whose source is `person_id`, and of those
// whose source is a person that change made (or unmade) a close contact. Called when the
// person becomes a case, is reclassified (the anchor date may move) or is ruled out.
// Appends each exposure whose category changed, as stored now, to `changed`.
Status rederive_from_source(store::SqlConnection& conn, const ContactRule& rule,
                            int64_t person_id, std::vector<Exposure>& changed);

}  // namespace cordon::service
