#include "analytics/transmission.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

namespace cordon::analytics {

namespace {

constexpr uint32_t kNone = UINT32_MAX;

// Person id to dense case index.
std::unordered_map<int64_t, uint32_t> index_persons(std::span<const CaseRecord> cases,
                                                    const std::vector<int64_t>& case_ids,
                                                    std::vector<int32_t>& day) {
  std::unordered_map<int64_t, uint32_t> by_person;
  by_person.reserve(cases.size() * 2);
  std::unordered_set<int64_t> seen_case;
  seen_case.reserve(cases.size() * 2);
  day.assign(case_ids.size(), 0);
  for (const CaseRecord& c : cases) {
    if (!seen_case.insert(c.case_id).second) continue;
    auto idx = static_cast<uint32_t>(
        std::lower_bound(case_ids.begin(), case_ids.end(), c.case_id) - case_ids.begin());
    if (by_person.emplace(c.person_id, idx).second) day[idx] = c.day;
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
    auto t = by_person.find(e.person_id);
    if (t == by_person.end()) continue;
    auto s = by_person.find(e.source_person_id);
    if (s == by_person.end()) continue;
    raw.push_back({s->second, t->second, static_cast<SettingMask>(1u << (e.setting % kMaxSettings))});
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

std::vector<ChainMember> TransmissionGraph::walk(uint32_t start,
                                                 const std::vector<uint32_t>& offsets,
                                                 const std::vector<uint32_t>& targets) const {
  std::vector<ChainMember> out;
  std::unordered_map<uint32_t, int> distance{{start, 0}};
  std::vector<uint32_t> queue{start};
  for (size_t head = 0; head < queue.size(); ++head) {
    uint32_t v = queue[head];
    int dv = distance[v];
    for (uint32_t i = offsets[v]; i < offsets[v + 1]; ++i) {
      uint32_t w = targets[i];
      if (distance.emplace(w, dv + 1).second) {
        queue.push_back(w);
        out.push_back({case_ids_[w], dv + 1});
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const ChainMember& a, const ChainMember& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.case_id < b.case_id;
  });
  return out;
}

Chain TransmissionGraph::chain(int64_t case_id) const {
  Chain chain;
  auto it = std::lower_bound(case_ids_.begin(), case_ids_.end(), case_id);
  if (it == case_ids_.end() || *it != case_id) return chain;
  auto start = static_cast<uint32_t>(it - case_ids_.begin());
  chain.ancestors = walk(start, in_offsets_, in_sources_);
  chain.descendants = walk(start, out_offsets_, out_targets_);
  // In a cycle a case is both above and below; it is listed on both sides, and the links
  // below are each given once.
  std::unordered_set<uint32_t> members{start};
  auto index_of = [&](int64_t id) {
    return static_cast<uint32_t>(std::lower_bound(case_ids_.begin(), case_ids_.end(), id) -
                                 case_ids_.begin());
  };
  for (const auto& m : chain.ancestors) members.insert(index_of(m.case_id));
  for (const auto& m : chain.descendants) members.insert(index_of(m.case_id));
  std::vector<uint32_t> sorted(members.begin(), members.end());
  std::sort(sorted.begin(), sorted.end());
  for (uint32_t v : sorted)
    for (uint32_t i = out_offsets_[v]; i < out_offsets_[v + 1]; ++i)
      if (members.count(out_targets_[i]))
        chain.links.push_back({case_ids_[v], case_ids_[out_targets_[i]], out_settings_[i]});
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
  std::unordered_set<int64_t> case_persons;
  case_persons.reserve(cases.size() * 2);
  for (const CaseRecord& c : cases) case_persons.insert(c.person_id);
  // (person, setting) pairs exposed to a case, each counted once.
  std::vector<std::pair<int64_t, uint8_t>> contacts;
  for (const ExposureRecord& e : exposures) {
    if (e.setting >= setting_count || e.person_id == e.source_person_id) continue;
    if (case_persons.count(e.source_person_id)) contacts.emplace_back(e.person_id, e.setting);
  }
  std::sort(contacts.begin(), contacts.end());
  contacts.erase(std::unique(contacts.begin(), contacts.end()), contacts.end());
  std::vector<AttackRate> out(static_cast<size_t>(setting_count));
  for (int s = 0; s < setting_count; ++s) out[static_cast<size_t>(s)].setting = static_cast<uint8_t>(s);
  for (const auto& [person, setting] : contacts) {
    AttackRate& r = out[setting];
    ++r.contacts;
    r.cases += case_persons.count(person) ? 1 : 0;
  }
  for (AttackRate& r : out)
    r.rate = r.contacts ? static_cast<double>(r.cases) / static_cast<double>(r.contacts) : 0.0;
  return out;
}

}  // namespace cordon::analytics
