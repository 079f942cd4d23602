#include "service/chains.h"

#include <charconv>

#include "service/audit.h"
#include "service/tracing.h"
#include "store/cases.h"

namespace cordon::service {

struct ChainService::Loaded {
  std::vector<analytics::CaseRecord> cases;
  std::vector<analytics::ExposureRecord> exposures;

  analytics::TransmissionGraph graph() const {
    return analytics::TransmissionGraph::build(cases, exposures);
  }
};

namespace {

// Parses a whole number query value in [lo, hi], `fallback` when absent.
Result<int> bounded_int(const std::optional<std::string>& text, const char* field, int lo, int hi,
                        int fallback) {
  if (!text) return fallback;
  int n = 0;
  auto r = std::from_chars(text->data(), text->data() + text->size(), n);
  if (r.ec != std::errc() || r.ptr != text->data() + text->size() || n < lo || n > hi)
    return Status::invalid_field(field, "out_of_range",
                                 std::string(field) + " must be a whole number from " +
                                     std::to_string(lo) + " to " + std::to_string(hi));
  return n;
}

std::string scope_detail(std::optional<int64_t> jurisdiction_id) {
  return "jurisdiction " + std::to_string(jurisdiction_id.value_or(0));
}

}  // namespace

Result<ChainService::Loaded> ChainService::load(const Actor& actor,
                                                std::optional<int64_t> jurisdiction_id,
                                                std::optional<int64_t> case_id) {
  Loaded out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    if (case_id) CORDON_RETURN_IF_ERROR(find_visible_case(conn, actor, *case_id).status());
    CORDON_ASSIGN_OR_RETURN(auto scope, resolve_scope(conn, actor, jurisdiction_id));
    CORDON_ASSIGN_OR_RETURN(auto days, store::case_days(conn, scope));
    CORDON_ASSIGN_OR_RETURN(auto exposures, store::case_exposures(conn, scope));
    out.cases.reserve(days.size());
    for (const auto& d : days) out.cases.push_back({d.case_id, d.person_id, d.day.days()});
    out.exposures.reserve(exposures.size());
    for (const auto& e : exposures)
      out.exposures.push_back({e.person_id, e.source_person_id, static_cast<uint8_t>(e.setting),
                               e.last_date.days()});
    return Status();
  }));
  return out;
}

Result<CaseChain> ChainService::chain(const Actor& actor, int64_t case_id) {
  CORDON_ASSIGN_OR_RETURN(Loaded loaded, load(actor, std::nullopt, case_id));
  auto graph = loaded.graph();
  CaseChain out;
  out.case_id = case_id;
  out.chain = graph.chain(case_id);
  const auto& ids = graph.case_ids();
  auto it = std::lower_bound(ids.begin(), ids.end(), case_id);
  if (it != ids.end() && *it == case_id)
    out.generation = graph.generations()[static_cast<size_t>(it - ids.begin())];
  record_read(ctx_, audit_entry(ctx_, actor, "case.chain", "case", case_id,
                                std::to_string(out.chain.ancestors.size()) + " ancestors, " +
                                    std::to_string(out.chain.descendants.size()) +
                                    " descendants"));
  return out;
}

Result<std::vector<analytics::Cluster>> ChainService::clusters(const Actor& actor,
                                                               const ClusterQuery& query) {
  Validation v;
  auto min_size = bounded_int(query.min_size, "min_size", 1, 1000000, 2);
  auto limit = bounded_int(query.limit, "limit", 1, kMaxPageSize, kDefaultPageSize);
  v.add(min_size.status());
  v.add(limit.status());
  CORDON_RETURN_IF_ERROR(v.status());
  CORDON_ASSIGN_OR_RETURN(Loaded loaded, load(actor, query.jurisdiction_id));
  auto out = loaded.graph().clusters(static_cast<size_t>(*min_size));
  if (out.size() > static_cast<size_t>(*limit)) out.resize(static_cast<size_t>(*limit));
  record_read(ctx_, audit_entry(ctx_, actor, "case.clusters", "case", 0,
                                scope_detail(query.jurisdiction_id) + ", " +
                                    std::to_string(out.size()) + " clusters"));
  return out;
}

Result<std::vector<analytics::AttackRate>> ChainService::attack_rates(
    const Actor& actor, std::optional<int64_t> jurisdiction_id) {
  CORDON_ASSIGN_OR_RETURN(Loaded loaded, load(actor, jurisdiction_id));
  // Aggregates without names or ids: no personal record is read, nothing to audit.
  return analytics::attack_rates(loaded.cases, loaded.exposures, kExposureSettingCount);
}

Result<std::vector<analytics::Spreader>> ChainService::top_spreaders(
    const Actor& actor, std::optional<int64_t> jurisdiction_id,
    const std::optional<std::string>& limit) {
  CORDON_ASSIGN_OR_RETURN(int n, bounded_int(limit, "limit", 1, kMaxPageSize, 10));
  CORDON_ASSIGN_OR_RETURN(Loaded loaded, load(actor, jurisdiction_id));
  auto out = loaded.graph().top_spreaders(static_cast<size_t>(n));
  record_read(ctx_, audit_entry(ctx_, actor, "case.top_spreaders", "case", 0,
                                scope_detail(jurisdiction_id) + ", " +
                                    std::to_string(out.size()) + " cases"));
  return out;
}

Result<EpiCurve> ChainService::epi_curve(const Actor& actor, const EpiCurveQuery& query) {
  Validation v;
  EpiCurve out;
  out.by = query.by.value_or("report");
  if (out.by != "onset" && out.by != "report")
    v.add("by", "unknown_date", "by must be onset or report");
  LocalDate today = ctx_.today();
  out.to = today;
  if (query.to) {
    auto d = LocalDate::parse(*query.to, "to");
    if (d.ok()) out.to = *d;
    else v.add(d.status());
  }
  out.from = out.to.plus_days(-29);
  if (query.from) {
    auto d = LocalDate::parse(*query.from, "from");
    if (d.ok()) out.from = *d;
    else v.add(d.status());
  }
  if (v.ok() && out.from > out.to) v.add("from", "after_to", "from is after to");
  if (v.ok() && out.to.days_since(out.from) >= kMaxEpiCurveDays)
    v.add("from", "range_too_long",
          "the curve spans at most " + std::to_string(kMaxEpiCurveDays) + " days");
  CORDON_RETURN_IF_ERROR(v.status());
  std::vector<store::CaseCount> counts;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(auto scope, resolve_scope(conn, actor, query.jurisdiction_id));
    CORDON_ASSIGN_OR_RETURN(counts, store::count_cases_by_day(conn, scope, out.by == "onset",
                                                              out.from, out.to));
    return Status();
  }));
  out.days.resize(static_cast<size_t>(out.to.days_since(out.from) + 1));
  for (size_t i = 0; i < out.days.size(); ++i)
    out.days[i].date = out.from.plus_days(static_cast<int32_t>(i));
  for (const auto& c : counts) {
    EpiDay& day = out.days[static_cast<size_t>(c.date.days_since(out.from))];
    switch (c.classification) {
      case CaseClassification::kSuspected: day.suspected += c.count; break;
      case CaseClassification::kConfirmed: day.confirmed += c.count; break;
      case CaseClassification::kAsymptomatic: day.asymptomatic += c.count; break;
    }
  }
  return out;
}

}  // namespace cordon::service
