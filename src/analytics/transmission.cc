#include "analytics/transmission.h"

#include <algorithm>
#include <numeric>

namespace cordon::analytics {

namespace {

constexpr uint32_t kNone = UINT32_MAX;

// An open-addressing hash map from int64 keys to uint32 values, sized once: the graph
// looks up two person ids for each of a million exposures, mostly missing, and
// std::unordered_map's node per entry makes that several times slower.
class PersonIndex {
 public:
  explicit PersonIndex(size_t expected) {
    size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;
    keys_.assign(cap, kEmpty);
    values_.assign(cap, 0);
    mask_ = cap - 1;
  }
  // Inserts unless present; returns whether it inserted.
  bool insert(int64_t key, uint32_t value) {
    size_t i = slot(key);
    while (keys_[i] != kEmpty) {
      if (keys_[i] == key) return false;
      i = (i + 1) & mask_;
    }
    keys_[i] = key;
    values_[i] = value;
    return true;
  }
  uint32_t find(int64_t key) const {
    for (size_t i = slot(key);; i = (i + 1) & mask_) {
      if (keys_[i] == key) return values_[i];
      if (keys_[i] == kEmpty) return kNone;
    }
  }

 private:
  static constexpr int64_t kEmpty = INT64_MIN;
  size_t slot(int64_t key) const {
    uint64_t h = static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(h >> 32) & mask_;
  }
  std::vector<int64_t> keys_;
  std::vector<uint32_t> values_;
  size_t mask_ = 0;
};

// Person id to dense case index; fills each case's day.
PersonIndex index_persons(std::span<const CaseRecord> cases, const std::vector<int64_t>& case_ids,
                          std::vector<int32_t>& day) {
  PersonIndex by_person(cases.size());
  PersonIndex seen_case(cases.size());
  day.assign(case_ids.size(), 0);
  for (const CaseRecord& c : cases) {
    if (!seen_case.insert(c.case_id, 0)) continue;
    auto idx = static_cast<uint32_t>(
        std::lower_bound(case_ids.begin(), case_ids.end(), c.case_id) - case_ids.begin());
    if (by_person.insert(c.person_id, idx)) day[idx] = c.day;
  }
  return by_person;
}

// Builds the compressed rows of `pairs` (sorted by first) over n nodes.
void compress(size_t n, const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
              std::vector<uint32_t>& offsets, std::vector<uint32_t>& targets) {
  offsets.assign(n + 1, 0);
  for (const auto& p : pairs) ++offsets[p.first + 1];
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  targets.resize(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) targets[i] = pairs[i].second;
}

// Union-find with path halving.
uint32_t find_root(std::vector<uint32_t>& parent, uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

}  // namespace

TransmissionGraph TransmissionGraph::build(std::span<const CaseRecord> cases,
                                           std::span<const ExposureRecord> exposures) {
  TransmissionGraph g;
  g.case_ids_.reserve(cases.size());
  for (const CaseRecord& c : cases) g.case_ids_.push_back(c.case_id);
  std::sort(g.case_ids_.begin(), g.case_ids_.end());
  g.case_ids_.erase(std::unique(g.case_ids_.begin(), g.case_ids_.end()), g.case_ids_.end());
  auto by_person = index_persons(cases, g.case_ids_, g.day_);
  // A case id whose person was already taken by another case id keeps no person: it
  // stays a case without links.

  struct RawLink {
    uint32_t source, target;
    SettingMask settings;
  };
  std::vector<RawLink> raw;
  for (const ExposureRecord& e : exposures) {
    if (e.person_id == e.source_person_id) continue;
    uint32_t t = by_person.find(e.person_id);
    if (t == kNone) continue;
    uint32_t s = by_person.find(e.source_person_id);
    if (s == kNone) continue;
    raw.push_back({s, t, static_cast<SettingMask>(1u << (e.setting % kMaxSettings))});
  }
  std::sort(raw.begin(), raw.end(), [](const RawLink& a, const RawLink& b) {
    return a.source != b.source ? a.source < b.source : a.target < b.target;
  });
  std::vector<std::pair<uint32_t, uint32_t>> out_pairs;
  out_pairs.reserve(raw.size());
  for (const RawLink& l : raw) {
    if (!out_pairs.empty() && out_pairs.back().first == l.source &&
        out_pairs.back().second == l.target) {
      g.out_settings_.back() |= l.settings;
      continue;
    }
    out_pairs.emplace_back(l.source, l.target);
    g.out_settings_.push_back(l.settings);
  }
  const size_t n = g.case_ids_.size();
  compress(n, out_pairs, g.out_offsets_, g.out_targets_);
  std::vector<std::pair<uint32_t, uint32_t>> in_pairs;
  in_pairs.reserve(out_pairs.size());
  for (const auto& [s, t] : out_pairs) in_pairs.emplace_back(t, s);
  std::sort(in_pairs.begin(), in_pairs.end());
  compress(n, in_pairs, g.in_offsets_, g.in_sources_);
  g.compute_generations();
  return g;
}

bool TransmissionGraph::contains(int64_t case_id) const {
  return std::binary_search(case_ids_.begin(), case_ids_.end(), case_id);
}

void TransmissionGraph::compute_generations() {
  const size_t n = case_ids_.size();
  generation_.assign(n, 0);
  std::vector<uint32_t> queue;
  queue.reserve(n);
  auto bfs_from = [&](size_t head) {
    for (; head < queue.size(); ++head) {
      uint32_t v = queue[head];
      for (uint32_t i = out_offsets_[v]; i < out_offsets_[v + 1]; ++i) {
        uint32_t w = out_targets_[i];
        if (generation_[w] == 0) {
          generation_[w] = generation_[v] + 1;
          queue.push_back(w);
        }
      }
    }
  };
  for (uint32_t v = 0; v < n; ++v) {
    if (in_offsets_[v] == in_offsets_[v + 1]) {
      generation_[v] = 1;
      queue.push_back(v);
    }
  }
  bfs_from(0);
  if (queue.size() == n) return;
  // What is left is reachable from no case without a source: cycles, and what they
  // infected. Start each at its earliest case (then smallest id).
  std::vector<uint32_t> rest;
  for (uint32_t v = 0; v < n; ++v)
    if (generation_[v] == 0) rest.push_back(v);
  std::sort(rest.begin(), rest.end(), [&](uint32_t a, uint32_t b) {
    return day_[a] != day_[b] ? day_[a] < day_[b] : a < b;
  });
  for (uint32_t v : rest) {
    if (generation_[v] != 0) continue;
    generation_[v] = 1;
    size_t head = queue.size();
    queue.push_back(v);
    bfs_from(head);
  }
}

void TransmissionGraph::walk(uint32_t start, const std::vector<uint32_t>& offsets,
                             const std::vector<uint32_t>& targets, std::vector<int32_t>& distance,
                             std::vector<uint32_t>& reached) const {
  distance.assign(case_ids_.size(), -1);
  distance[start] = 0;
  reached.assign(1, start);
  for (size_t head = 0; head < reached.size(); ++head) {
    uint32_t v = reached[head];
    for (uint32_t i = offsets[v]; i < offsets[v + 1]; ++i) {
      uint32_t w = targets[i];
      if (distance[w] < 0) {
        distance[w] = distance[v] + 1;
        reached.push_back(w);
      }
    }
  }
}

Chain TransmissionGraph::chain(int64_t case_id) const {
  Chain chain;
  auto it = std::lower_bound(case_ids_.begin(), case_ids_.end(), case_id);
  if (it == case_ids_.end() || *it != case_id) return chain;
  auto start = static_cast<uint32_t>(it - case_ids_.begin());
  // Breadth-first order is nearest first; within one distance, indices order as ids do.
  std::vector<int32_t> up, down;
  std::vector<uint32_t> above, below;
  walk(start, in_offsets_, in_sources_, up, above);
  walk(start, out_offsets_, out_targets_, down, below);
  auto members = [&](std::vector<uint32_t>& reached, const std::vector<int32_t>& distance) {
    std::sort(reached.begin() + 1, reached.end(), [&](uint32_t a, uint32_t b) {
      return distance[a] != distance[b] ? distance[a] < distance[b] : a < b;
    });
    std::vector<ChainMember> out;
    out.reserve(reached.size() - 1);
    for (size_t i = 1; i < reached.size(); ++i)
      out.push_back({case_ids_[reached[i]], distance[reached[i]]});
    return out;
  };
  chain.ancestors = members(above, up);
  chain.descendants = members(below, down);
  // In a cycle a case is both above and below; it is listed on both sides, and each link
  // among the members once. A link into the case from below it exists only in a cycle.
  std::vector<uint32_t> all(above.begin(), above.end());
  all.insert(all.end(), below.begin() + 1, below.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  for (uint32_t v : all)
    for (uint32_t i = out_offsets_[v]; i < out_offsets_[v + 1]; ++i) {
      uint32_t w = out_targets_[i];
      if (up[w] >= 0 || down[w] >= 0)
        chain.links.push_back({case_ids_[v], case_ids_[w], out_settings_[i]});
    }
  return chain;
}

std::vector<Cluster> TransmissionGraph::clusters(size_t min_size) const {
  const auto n = static_cast<uint32_t>(case_ids_.size());
  std::vector<uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  for (uint32_t v = 0; v < n; ++v)
    for (uint32_t i = out_offsets_[v]; i < out_offsets_[v + 1]; ++i) {
      uint32_t a = find_root(parent, v), b = find_root(parent, out_targets_[i]);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  // Roots are each component's smallest index, hence its smallest case id.
  std::vector<uint32_t> slot(n, kNone);
  std::vector<Cluster> all;
  for (uint32_t v = 0; v < n; ++v) {
    uint32_t r = find_root(parent, v);
    if (slot[r] == kNone) {
      slot[r] = static_cast<uint32_t>(all.size());
      Cluster c;
      c.id = case_ids_[r];
      c.first_day = c.last_day = day_[v];
      all.push_back(std::move(c));
    }
    Cluster& c = all[slot[r]];
    c.case_ids.push_back(case_ids_[v]);  // v ascends, so ids ascend
    if (generation_[v] == 1 && in_offsets_[v] == in_offsets_[v + 1])
      c.index_case_ids.push_back(case_ids_[v]);
    c.generations = std::max(c.generations, generation_[v]);
    c.first_day = std::min(c.first_day, day_[v]);
    c.last_day = std::max(c.last_day, day_[v]);
    for (uint32_t i = out_offsets_[v]; i < out_offsets_[v + 1]; ++i) {
      c.settings |= out_settings_[i];
      ++c.links;
    }
  }
  std::vector<Cluster> out;
  for (auto& c : all)
    if (c.case_ids.size() >= min_size) out.push_back(std::move(c));
  std::sort(out.begin(), out.end(), [](const Cluster& a, const Cluster& b) {
    if (a.case_ids.size() != b.case_ids.size()) return a.case_ids.size() > b.case_ids.size();
    if (a.first_day != b.first_day) return a.first_day < b.first_day;
    return a.id < b.id;
  });
  return out;
}

std::vector<Spreader> TransmissionGraph::top_spreaders(size_t n) const {
  std::vector<Spreader> all;
  for (size_t v = 0; v < case_ids_.size(); ++v) {
    int64_t onward = out_offsets_[v + 1] - out_offsets_[v];
    if (onward > 0) all.push_back({case_ids_[v], onward});
  }
  auto better = [](const Spreader& a, const Spreader& b) {
    return a.onward_cases != b.onward_cases ? a.onward_cases > b.onward_cases
                                            : a.case_id < b.case_id;
  };
  n = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), better);
  all.resize(n);
  return all;
}

std::vector<AttackRate> attack_rates(std::span<const CaseRecord> cases,
                                     std::span<const ExposureRecord> exposures,
                                     int setting_count) {
  PersonIndex case_persons(cases.size());
  for (const CaseRecord& c : cases) case_persons.insert(c.person_id, 1);
  std::vector<AttackRate> out(static_cast<size_t>(setting_count));
  for (int s = 0; s < setting_count; ++s) out[static_cast<size_t>(s)].setting = static_cast<uint8_t>(s);
  // Each (person, setting) pair counted once: keyed person * kMaxSettings + setting.
  PersonIndex counted(exposures.size());
  for (const ExposureRecord& e : exposures) {
    if (e.setting >= setting_count || e.person_id == e.source_person_id) continue;
    if (case_persons.find(e.source_person_id) == kNone) continue;
    if (!counted.insert(e.person_id * kMaxSettings + e.setting, 0)) continue;
    AttackRate& r = out[e.setting];
    ++r.contacts;
    r.cases += case_persons.find(e.person_id) != kNone ? 1 : 0;
  }
  for (AttackRate& r : out)
    r.rate = r.contacts ? static_cast<double>(r.cases) / static_cast<double>(r.contacts) : 0.0;
  return out;
}

}  // namespace cordon::analytics
