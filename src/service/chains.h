// Use cases over the whole of a jurisdiction's cases: transmission chains, clusters,
// secondary attack rates, the cases with the most onward cases, and the epidemic curve.
//
// The cases and close exposures of the scope are loaded in one read snapshot and handed
// to analytics/transmission.h; only cases inside the actor's jurisdiction (or the
// jurisdiction asked for, inside it) take part. A suspect ruled out is not a case here.
//
// Thread-safe: holds only references to the Context.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analytics/transmission.h"
#include "core/case.h"
#include "service/context.h"

namespace cordon::service {

// A case's chain: the case, its ancestors and descendants (case ids with distances) and
// the links among them.
struct CaseChain {
  int64_t case_id = 0;
  int generation = 0;
  analytics::Chain chain;
};

struct ClusterQuery {
  std::optional<int64_t> jurisdiction_id;
  std::optional<std::string> min_size;  // default 2: a lone case is not a cluster
  std::optional<std::string> limit;     // default kDefaultPageSize
};

struct EpiCurveQuery {
  std::optional<int64_t> jurisdiction_id;
  std::optional<std::string> by;    // "onset" or "report" (default)
  std::optional<std::string> from;  // default: 29 days before `to`
  std::optional<std::string> to;    // default: today
};

struct EpiDay {
  LocalDate date;
  int64_t suspected = 0, confirmed = 0, asymptomatic = 0;
  int64_t total() const { return suspected + confirmed + asymptomatic; }
};

// Every day from `from` to `to`, days without cases included, so a client plots it as is.
struct EpiCurve {
  std::string by;
  LocalDate from, to;
  std::vector<EpiDay> days;
};

inline constexpr int kMaxEpiCurveDays = 366;

class ChainService {
 public:
  explicit ChainService(Context& ctx) : ctx_(ctx) {}

  // Not found ("case_not_found") outside the actor's jurisdiction.
  Result<CaseChain> chain(const Actor& actor, int64_t case_id);
  Result<std::vector<analytics::Cluster>> clusters(const Actor& actor, const ClusterQuery& query);
  // One entry per setting, in ExposureSetting order.
  Result<std::vector<analytics::AttackRate>> attack_rates(const Actor& actor,
                                                          std::optional<int64_t> jurisdiction_id);
  // `limit` default 10, at most kMaxPageSize.
  Result<std::vector<analytics::Spreader>> top_spreaders(const Actor& actor,
                                                         std::optional<int64_t> jurisdiction_id,
                                                         const std::optional<std::string>& limit);
  // Invalid "by", "from", "to" (unparsable, from after to, more than kMaxEpiCurveDays).
  Result<EpiCurve> epi_curve(const Actor& actor, const EpiCurveQuery& query);

 private:
  struct Loaded;
  // Loads the scope's cases and exposures, checking `case_id` (when given) is visible.
  Result<Loaded> load(const Actor& actor, std::optional<int64_t> jurisdiction_id,
                      std::optional<int64_t> case_id = std::nullopt);

  Context& ctx_;
};

}  // namespace cordon::service
