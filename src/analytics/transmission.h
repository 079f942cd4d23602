// Transmission chains over cases and exposures, computed in memory.
//
// Fed plain arrays (the cases, and the exposures between persons), never SQL: an exposure
// whose exposed person and source person are both cases is a transmission link (the
// source infected the exposed). Over those links TransmissionGraph answers, for any case,
// its ancestors and descendants; the clusters (connected components, ignoring direction)
// with their size, generations, date span and settings; and the cases with the most
// onward cases. attack_rates() gives the secondary attack rate per setting.
//
// Bad data never makes it loop: a cycle (A infected by B infected by A) is walked once;
// each case is visited at most once by every traversal. Generations are counted by
// breadth-first search from the cases with no known source (generation 1); a case with
// two sources takes the earlier generation; a group of cases reachable from no such case
// (a cycle) starts at its earliest case.
//
// A built graph is immutable: safe to query from many threads at once.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cordon::analytics {

struct CaseRecord {
  int64_t case_id = 0;
  int64_t person_id = 0;
  int32_t day = 0;  // the case's date (onset, else report) as days since 1970-01-01
};

struct ExposureRecord {
  int64_t person_id = 0;         // exposed
  int64_t source_person_id = 0;  // exposed to
  uint8_t setting = 0;           // an ExposureSetting value, < kMaxSettings
  int32_t last_day = 0;
};

inline constexpr int kMaxSettings = 8;
using SettingMask = uint8_t;  // bit i: setting i

// A case in a chain and how many links separate it from the case asked about.
struct ChainMember {
  int64_t case_id = 0;
  int distance = 0;  // 1: a direct source (or direct onward case)

  bool operator==(const ChainMember&) const = default;
};

// A link between two cases of a chain; settings of every exposure between them.
struct Link {
  int64_t source_case_id = 0;
  int64_t target_case_id = 0;
  SettingMask settings = 0;

  bool operator==(const Link&) const = default;
};

struct Chain {
  std::vector<ChainMember> ancestors;    // nearest first, then by case id
  std::vector<ChainMember> descendants;  // nearest first, then by case id
  std::vector<Link> links;               // every link among the case and those above
};

struct Cluster {
  int64_t id = 0;                 // the smallest case id of the cluster
  std::vector<int64_t> case_ids;  // ascending
  std::vector<int64_t> index_case_ids;  // generation 1: no known source (ascending)
  int generations = 0;            // the largest generation number in the cluster
  int32_t first_day = 0;
  int32_t last_day = 0;
  SettingMask settings = 0;  // of the links inside the cluster
  int64_t links = 0;
};

struct Spreader {
  int64_t case_id = 0;
  int64_t onward_cases = 0;  // distinct cases this case infected

  bool operator==(const Spreader&) const = default;
};

class TransmissionGraph {
 public:
  // Cases with a duplicate case id or person id: the later record is ignored. Exposures
  // naming a person who is not a case are not links; a self-exposure is ignored; several
  // exposures between the same two cases make one link carrying all their settings.
  static TransmissionGraph build(std::span<const CaseRecord> cases,
                                 std::span<const ExposureRecord> exposures);

  size_t case_count() const { return case_ids_.size(); }
  size_t link_count() const { return out_targets_.size(); }
  bool contains(int64_t case_id) const;

  // The chain of one case; empty for an unknown case id.
  Chain chain(int64_t case_id) const;

  // Generation of each case (1 for a case with no known source), in the order of
  // case_ids().
  const std::vector<int32_t>& generations() const { return generation_; }
  const std::vector<int64_t>& case_ids() const { return case_ids_; }

  // Clusters of at least `min_size` cases, largest first (then earliest first_day, then
  // smallest id).
  std::vector<Cluster> clusters(size_t min_size = 1) const;

  // The `n` cases with the most onward cases (ties: smaller case id first); cases with
  // none are left out.
  std::vector<Spreader> top_spreaders(size_t n) const;

 private:
  void compute_generations();
  std::vector<ChainMember> walk(uint32_t start, const std::vector<uint32_t>& offsets,
                                const std::vector<uint32_t>& targets) const;

  std::vector<int64_t> case_ids_;  // ascending; index = dense case index
  std::vector<int32_t> day_;
  // Links in compressed sparse rows, both directions; settings per outgoing link.
  std::vector<uint32_t> out_offsets_, out_targets_;
  std::vector<SettingMask> out_settings_;
  std::vector<uint32_t> in_offsets_, in_sources_;
  std::vector<int32_t> generation_;
};

struct AttackRate {
  uint8_t setting = 0;
  int64_t contacts = 0;  // distinct persons exposed to a case in this setting
  int64_t cases = 0;     // of those, how many are cases themselves
  double rate = 0;       // cases / contacts; 0 without contacts
};

// Secondary attack rate per setting, over exposures whose source is a case; one entry for
// each of the `setting_count` settings, in order. A person exposed twice in one setting
// counts once there; exposed in two settings, once in each.
std::vector<AttackRate> attack_rates(std::span<const CaseRecord> cases,
                                     std::span<const ExposureRecord> exposures,
                                     int setting_count);

}  // namespace cordon::analytics
