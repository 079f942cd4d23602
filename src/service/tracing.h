// Pieces shared by the contact-tracing use cases (cases.cc, exposures.cc, chains.cc):
// finding cases inside an actor's jurisdiction, the contact rule of the policy in force,
// keeping contact categories true when a case appears, changes or is ruled out, and the
// quarantine orders that follow: one for each new close or secondary contact, and the
// escalation of a new case's open orders.
//
// Every function runs inside the caller's unit of work on `conn`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/case.h"
#include "core/policy.h"
#include "service/context.h"
#include "service/policies.h"
#include "store/cases.h"
#include "store/sql.h"

namespace cordon::service {

// The case `id` when its person lies inside the actor's jurisdiction; else not found
// ("case_not_found").
Result<Case> find_visible_case(store::SqlConnection& conn, const Actor& actor, int64_t id);

// The persons a query covers: the node `jurisdiction_id` (invalid "jurisdiction_id" /
// "not_found" outside the actor's jurisdiction), else the actor's whole jurisdiction.
Result<store::CaseScope> case_scope(store::SqlConnection& conn, const Actor& actor,
                                    std::optional<int64_t> jurisdiction_id);

// What the policy in force says about contacts: its window before the case's onset or
// sampling (4 days when the policy does not say), whether it traces secondary contacts
// (only when it orders something for them; always without a policy), and the policy
// itself for the orders (nullptr without a catalog).
struct TracingPolicy {
  const Policy* policy = nullptr;
  ContactRule rule;
};
Result<TracingPolicy> tracing_policy(store::SqlConnection& conn, const PolicyCatalog& catalog);

// The category `e` earns now: from its source's case (if any) or close-contact status.
Result<ContactCategory> derive_category(store::SqlConnection& conn, const ContactRule& rule,
                                        const Exposure& e);

// Re-derives the categories of the exposures whose source is `person_id`, and of those
// whose source is a person that change made (or unmade) a close contact. Called when the
// person becomes a case, is reclassified (the anchor date may move) or is ruled out.
// Appends each exposure whose category changed, as stored now, to `changed`.
Status rederive_from_source(store::SqlConnection& conn, const ContactRule& rule,
                            int64_t person_id, std::vector<Exposure>& changed);

// For each exposure that makes its person a close or secondary contact: the order the
// policy requires for that category, anchored on the last exposure, with the exposure
// named in its note. Nothing for a person who already has an open order (ordered, active
// or broken), a policy that orders nothing for the category, or a period already over.
// Returns the orders made.
Result<std::vector<QuarantineOrder>> order_contacts(store::SqlConnection& conn,
                                                    const Context& ctx, const Actor& actor,
                                                    const Policy* policy,
                                                    const std::vector<Exposure>& exposures);

// Escalates every open order of `person_id` (ordered, active, broken): the person became
// a case. Each with a history entry and an audit entry. Returns how many.
Result<int> escalate_open_orders(store::SqlConnection& conn, const Context& ctx,
                                 const Actor& actor, int64_t person_id, int64_t case_id);

}  // namespace cordon::service
