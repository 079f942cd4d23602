// Use cases of lab tests: single samples, pooled tubes (混管) and their results.
//
// A sample belongs to its person's grid and is scoped like the person. A pooled tube is
// created by an actor who sees every member; it belongs to its first member's grid. A
// positive tube flags each member's sample for an individual retest; a later individual
// result of that person clears the flag (core/lab_tests.h).
//
// Thread-safe: holds only references.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/lab_tests.h"
#include "service/context.h"

namespace cordon::service {

struct SampleInput {
  std::optional<int64_t> person_id;
  std::optional<int64_t> order_id;
  std::optional<std::string> kind;        // pcr | antigen
  std::optional<std::string> sampled_on;  // YYYY-MM-DD
  std::optional<std::string> result;      // pending (default) | negative | positive
  std::optional<std::string> resulted_on;
};

struct ResultInput {
  std::optional<std::string> result;  // negative | positive
  std::optional<std::string> resulted_on;
};

struct TubeInput {
  std::optional<std::string> code;
  std::optional<std::string> kind;
  std::optional<std::string> sampled_on;
  std::optional<std::vector<int64_t>> member_person_ids;
};

struct TubeDetail {
  PooledTube tube;
  std::vector<LabSample> members;
};

struct SampleQuery {
  std::optional<int64_t> person_id;
  std::optional<int64_t> order_id;
  std::optional<int64_t> grid_id;  // any node
  std::optional<std::string> retest_required;  // "true" | "false"
  std::optional<std::string> cursor;
  std::optional<std::string> limit;
};

struct SampleList {
  std::vector<LabSample> items;
  std::optional<std::string> next_cursor;
};

// Most members one pooled tube may hold (10-in-1 and 20-in-1 were the practice).
inline constexpr size_t kMaxTubeMembers = 20;

class LabService {
 public:
  explicit LabService(Context& ctx) : ctx_(ctx) {}

  // Invalid for every bad field; "person_not_found" (person_id) outside the jurisdiction,
  // "order_not_found" (order_id) for an order that is not the person's.
  Result<LabSample> record_sample(const Actor& actor, const SampleInput& input,
                                  const std::optional<std::string>& idempotency_key = std::nullopt);
  // Sets an individual sample's result. Conflict "test.result_already_recorded" when it
  // has one; "test.pooled_sample" for a pooled sample (record the tube's result).
  Result<LabSample> record_result(const Actor& actor, int64_t sample_id, const ResultInput& input);
  Result<LabSample> get_sample(const Actor& actor, int64_t id);
  Result<SampleList> list_samples(const Actor& actor, const SampleQuery& query);

  // Creates the tube and one pending sample per member. Conflict "duplicate_tube_code".
  Result<TubeDetail> create_tube(const Actor& actor, const TubeInput& input,
                                 const std::optional<std::string>& idempotency_key = std::nullopt);
  // Negative: every member negative. Positive: every member flagged for retest.
  Result<TubeDetail> record_tube_result(const Actor& actor, int64_t tube_id,
                                        const ResultInput& input);
  Result<TubeDetail> get_tube(const Actor& actor, int64_t id);

 private:
  Context& ctx_;
};

}  // namespace cordon::service
