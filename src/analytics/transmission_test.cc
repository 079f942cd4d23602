#include "analytics/transmission.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace cordon::analytics {
namespace {

constexpr uint8_t kHousehold = 0, kMeal = 1, kWork = 2, kTransport = 3;

// Case i is person 100 + i, dated day i unless told otherwise.
CaseRecord c(int64_t id, int32_t day = -1) { return {id, 100 + id, day < 0 ? int32_t(id) : day}; }
// Case `target` exposed to case `source` (by their case ids).
ExposureRecord e(int64_t source, int64_t target, uint8_t setting = kHousehold) {
  return {100 + target, 100 + source, setting, 0};
}

std::vector<int64_t> ids(const std::vector<ChainMember>& members) {
  std::vector<int64_t> out;
  for (const auto& m : members) out.push_back(m.case_id);
  return out;
}

int32_t generation_of(const TransmissionGraph& g, int64_t id) {
  const auto& all = g.case_ids();
  auto it = std::find(all.begin(), all.end(), id);
  return g.generations()[static_cast<size_t>(it - all.begin())];
}

TEST(TransmissionGraph, Empty) {
  auto g = TransmissionGraph::build({}, {});
  EXPECT_EQ(g.case_count(), 0u);
  EXPECT_TRUE(g.clusters().empty());
  EXPECT_TRUE(g.top_spreaders(10).empty());
  EXPECT_TRUE(g.chain(1).ancestors.empty());
  EXPECT_FALSE(g.contains(1));
}

TEST(TransmissionGraph, CaseWithNoKnownSource) {
  std::vector<CaseRecord> cases{c(1)};
  auto g = TransmissionGraph::build(cases, {});
  Chain ch = g.chain(1);
  EXPECT_TRUE(ch.ancestors.empty());
  EXPECT_TRUE(ch.descendants.empty());
  EXPECT_TRUE(ch.links.empty());
  EXPECT_EQ(generation_of(g, 1), 1);
  auto clusters = g.clusters();
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].case_ids, std::vector<int64_t>{1});
  EXPECT_EQ(clusters[0].index_case_ids, std::vector<int64_t>{1});
  EXPECT_EQ(clusters[0].generations, 1);
  EXPECT_TRUE(g.clusters(2).empty());
}

TEST(TransmissionGraph, StraightChain) {
  std::vector<CaseRecord> cases{c(1), c(2), c(3), c(4)};
  std::vector<ExposureRecord> ex{e(1, 2), e(2, 3, kMeal), e(3, 4, kWork)};
  auto g = TransmissionGraph::build(cases, ex);
  EXPECT_EQ(g.link_count(), 3u);
  Chain ch = g.chain(3);
  EXPECT_EQ(ch.ancestors, (std::vector<ChainMember>{{2, 1}, {1, 2}}));
  EXPECT_EQ(ch.descendants, (std::vector<ChainMember>{{4, 1}}));
  EXPECT_EQ(ch.links.size(), 3u);
  EXPECT_EQ(ch.links[1], (Link{2, 3, 1u << kMeal}));
  for (int64_t i = 1; i <= 4; ++i) EXPECT_EQ(generation_of(g, i), i);
  auto clusters = g.clusters();
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].id, 1);
  EXPECT_EQ(clusters[0].generations, 4);
  EXPECT_EQ(clusters[0].first_day, 1);
  EXPECT_EQ(clusters[0].last_day, 4);
  EXPECT_EQ(clusters[0].links, 3);
  EXPECT_EQ(clusters[0].settings, (1u << kHousehold) | (1u << kMeal) | (1u << kWork));
}

TEST(TransmissionGraph, ContactExposedToTwoCases) {
  // 3 was exposed to both 1 (generation 1) and 2 (generation 2, infected by 1).
  std::vector<CaseRecord> cases{c(1), c(2), c(3)};
  std::vector<ExposureRecord> ex{e(1, 2), e(2, 3), e(1, 3, kMeal)};
  auto g = TransmissionGraph::build(cases, ex);
  Chain ch = g.chain(3);
  EXPECT_EQ(ch.ancestors, (std::vector<ChainMember>{{1, 1}, {2, 1}}));
  EXPECT_EQ(generation_of(g, 3), 2);  // the earlier generation wins
  EXPECT_EQ(g.clusters()[0].generations, 2);
  EXPECT_EQ(g.top_spreaders(5), (std::vector<Spreader>{{1, 2}, {2, 1}}));
}

TEST(TransmissionGraph, TwoCycleDoesNotLoop) {
  // Bad data: 1 infected by 2 and 2 infected by 1.
  std::vector<CaseRecord> cases{c(1, 10), c(2, 5)};
  std::vector<ExposureRecord> ex{e(1, 2), e(2, 1)};
  auto g = TransmissionGraph::build(cases, ex);
  Chain ch = g.chain(1);
  EXPECT_EQ(ids(ch.ancestors), std::vector<int64_t>{2});
  EXPECT_EQ(ids(ch.descendants), std::vector<int64_t>{2});
  EXPECT_EQ(ch.links.size(), 2u);
  // The earlier case (2, day 5) starts the cycle.
  EXPECT_EQ(generation_of(g, 2), 1);
  EXPECT_EQ(generation_of(g, 1), 2);
  auto cl = g.clusters();
  ASSERT_EQ(cl.size(), 1u);
  EXPECT_TRUE(cl[0].index_case_ids.empty());
  EXPECT_EQ(cl[0].generations, 2);
}

TEST(TransmissionGraph, CycleReachableFromAnIndexCase) {
  // 1 -> 2 -> 3 -> 2 (a cycle below a proper index case).
  std::vector<CaseRecord> cases{c(1), c(2), c(3)};
  std::vector<ExposureRecord> ex{e(1, 2), e(2, 3), e(3, 2)};
  auto g = TransmissionGraph::build(cases, ex);
  EXPECT_EQ(generation_of(g, 1), 1);
  EXPECT_EQ(generation_of(g, 2), 2);
  EXPECT_EQ(generation_of(g, 3), 3);
  EXPECT_EQ(ids(g.chain(2).ancestors), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(g.clusters()[0].index_case_ids, std::vector<int64_t>{1});
}

TEST(TransmissionGraph, CycleUnreachableFromIndexCaseStillGetsGenerations) {
  // 4 <-> 5 infect 3; 1 infects 3 too. 3 takes generation 2 from 1.
  std::vector<CaseRecord> cases{c(1), c(3), c(4, 0), c(5)};
  std::vector<ExposureRecord> ex{e(1, 3), e(4, 5), e(5, 4), e(4, 3)};
  auto g = TransmissionGraph::build(cases, ex);
  EXPECT_EQ(generation_of(g, 1), 1);
  EXPECT_EQ(generation_of(g, 3), 2);
  EXPECT_EQ(generation_of(g, 4), 1);  // the earliest case of the cycle
  EXPECT_EQ(generation_of(g, 5), 2);
  for (int32_t gen : g.generations()) EXPECT_GT(gen, 0);
}

TEST(TransmissionGraph, LongCycleChainTerminates) {
  std::vector<CaseRecord> cases;
  std::vector<ExposureRecord> ex;
  const int n = 1000;
  for (int i = 1; i <= n; ++i) {
    cases.push_back(c(i));
    ex.push_back(e(i, i % n + 1));
  }
  auto g = TransmissionGraph::build(cases, ex);
  Chain ch = g.chain(500);
  EXPECT_EQ(ch.ancestors.size(), size_t(n - 1));
  EXPECT_EQ(ch.descendants.size(), size_t(n - 1));
  EXPECT_EQ(ch.ancestors.front(), (ChainMember{499, 1}));
  EXPECT_EQ(ch.descendants.back(), (ChainMember{499, n - 1}));
  EXPECT_EQ(g.clusters()[0].generations, n);
}

TEST(TransmissionGraph, ExposuresToNonCasesAreNotLinks) {
  // Case 2 was exposed to person 999, a close contact of case 1 who never became a case:
  // 2 has no known source among the cases.
  std::vector<CaseRecord> cases{c(1), c(2)};
  std::vector<ExposureRecord> ex{{999, 101, kHousehold, 0}, {102, 999, kMeal, 0}};
  auto g = TransmissionGraph::build(cases, ex);
  EXPECT_EQ(g.link_count(), 0u);
  EXPECT_EQ(g.clusters().size(), 2u);
  EXPECT_EQ(generation_of(g, 2), 1);
}

TEST(TransmissionGraph, DuplicatesAndSelfExposureIgnored) {
  std::vector<CaseRecord> cases{c(1), c(2), c(1), {3, 101, 7}};  // 3 reuses 1's person
  std::vector<ExposureRecord> ex{e(1, 2), e(1, 2, kMeal), e(1, 2), e(1, 1)};
  auto g = TransmissionGraph::build(cases, ex);
  EXPECT_EQ(g.case_count(), 3u);
  EXPECT_EQ(g.link_count(), 1u);
  Chain ch = g.chain(2);
  ASSERT_EQ(ch.links.size(), 1u);
  EXPECT_EQ(ch.links[0].settings, (1u << kHousehold) | (1u << kMeal));
  EXPECT_EQ(g.top_spreaders(3), (std::vector<Spreader>{{1, 1}}));
  EXPECT_TRUE(g.chain(3).ancestors.empty());  // the case without a person of its own
}

TEST(TransmissionGraph, ClustersOrderedBySizeThenDate) {
  std::vector<CaseRecord> cases{c(1, 9), c(2, 9), c(3, 3), c(4, 4), c(5, 1), c(6, 2), c(7, 2)};
  std::vector<ExposureRecord> ex{e(1, 2), e(3, 4, kTransport), e(5, 6), e(6, 7)};
  auto g = TransmissionGraph::build(cases, ex);
  auto cl = g.clusters(2);
  ASSERT_EQ(cl.size(), 3u);
  EXPECT_EQ(cl[0].case_ids, (std::vector<int64_t>{5, 6, 7}));
  EXPECT_EQ(cl[0].first_day, 1);
  EXPECT_EQ(cl[0].last_day, 2);
  EXPECT_EQ(cl[1].id, 3);  // size 2, first day 3
  EXPECT_EQ(cl[1].settings, 1u << kTransport);
  EXPECT_EQ(cl[2].id, 1);  // size 2, first day 9
}

TEST(TransmissionGraph, ClusterJoinsAcrossDirection) {
  // 1 -> 3 <- 2: one cluster with two index cases.
  std::vector<CaseRecord> cases{c(1), c(2), c(3)};
  std::vector<ExposureRecord> ex{e(1, 3), e(2, 3)};
  auto g = TransmissionGraph::build(cases, ex);
  auto cl = g.clusters();
  ASSERT_EQ(cl.size(), 1u);
  EXPECT_EQ(cl[0].index_case_ids, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(cl[0].generations, 2);
}

TEST(TransmissionGraph, TopSpreadersTiesAndLimits) {
  std::vector<CaseRecord> cases;
  for (int i = 1; i <= 9; ++i) cases.push_back(c(i));
  std::vector<ExposureRecord> ex{e(5, 1), e(5, 2), e(5, 3), e(4, 6), e(4, 7), e(3, 8), e(2, 9)};
  auto g = TransmissionGraph::build(cases, ex);
  EXPECT_EQ(g.top_spreaders(3), (std::vector<Spreader>{{5, 3}, {4, 2}, {2, 1}}));
  EXPECT_EQ(g.top_spreaders(100).size(), 4u);
  EXPECT_TRUE(g.top_spreaders(0).empty());
}

TEST(TransmissionGraph, ChainOfUnknownCase) {
  std::vector<CaseRecord> cases{c(1)};
  auto g = TransmissionGraph::build(cases, {});
  Chain ch = g.chain(42);
  EXPECT_TRUE(ch.ancestors.empty() && ch.descendants.empty() && ch.links.empty());
}

TEST(TransmissionGraph, ChainLinksStayInsideTheChain) {
  // 1 -> 2 -> 3 and 1 -> 4: the chain of 3 does not include the sibling branch 4.
  std::vector<CaseRecord> cases{c(1), c(2), c(3), c(4)};
  std::vector<ExposureRecord> ex{e(1, 2), e(2, 3), e(1, 4)};
  auto g = TransmissionGraph::build(cases, ex);
  Chain ch = g.chain(3);
  EXPECT_EQ(ch.links, (std::vector<Link>{{1, 2, 1}, {2, 3, 1}}));
}

// Random graphs checked against plain definitions: reachability by repeated relaxation,
// components by label propagation, generations as the shortest distance from a case
// without a source.
TEST(TransmissionGraph, MatchesBruteForceOnRandomGraphs) {
  std::mt19937 rng(20200205);
  for (int round = 0; round < 60; ++round) {
    const int n = 2 + static_cast<int>(rng() % 25);
    const int m = static_cast<int>(rng() % (2 * n));
    std::vector<CaseRecord> cases;
    for (int i = 1; i <= n; ++i) cases.push_back(c(i, static_cast<int32_t>(rng() % 10)));
    std::vector<ExposureRecord> ex;
    std::set<std::pair<int, int>> edges;
    for (int k = 0; k < m; ++k) {
      int s = 1 + static_cast<int>(rng() % n), t = 1 + static_cast<int>(rng() % n);
      ex.push_back(e(s, t, static_cast<uint8_t>(rng() % 5)));
      if (s != t) edges.insert({s, t});
    }
    auto g = TransmissionGraph::build(cases, ex);
    ASSERT_EQ(g.link_count(), edges.size());
    // reach[a] = cases reachable from a.
    std::vector<std::set<int>> reach(n + 1);
    for (auto [s, t] : edges) reach[s].insert(t);
    for (bool changed = true; changed;) {
      changed = false;
      for (int a = 1; a <= n; ++a)
        for (int b : std::set<int>(reach[a]))
          for (int x : reach[b])
            if (x != a && reach[a].insert(x).second) changed = true;
    }
    for (int a = 1; a <= n; ++a) {
      // Without a self-reach in the brute force, a case in a cycle appears on both sides
      // of its own chain only through others; the graph never lists the case itself.
      std::set<int> want_desc(reach[a].begin(), reach[a].end());
      want_desc.erase(a);
      std::set<int> want_anc;
      for (int b = 1; b <= n; ++b)
        if (b != a && reach[b].count(a)) want_anc.insert(b);
      Chain ch = g.chain(a);
      auto d = ids(ch.descendants), an = ids(ch.ancestors);
      EXPECT_EQ(std::set<int64_t>(d.begin(), d.end()), std::set<int64_t>(want_desc.begin(), want_desc.end()));
      EXPECT_EQ(std::set<int64_t>(an.begin(), an.end()), std::set<int64_t>(want_anc.begin(), want_anc.end()));
      EXPECT_EQ(d.size(), want_desc.size());  // each once
    }
    // Components.
    std::vector<int> label(n + 1);
    for (int i = 1; i <= n; ++i) label[i] = i;
    for (bool changed = true; changed;) {
      changed = false;
      for (auto [s, t] : edges) {
        int l = std::min(label[s], label[t]);
        if (label[s] != l || label[t] != l) label[s] = label[t] = l, changed = true;
      }
    }
    std::map<int, std::vector<int64_t>> comps;
    for (int i = 1; i <= n; ++i) comps[label[i]].push_back(i);
    auto cl = g.clusters();
    ASSERT_EQ(cl.size(), comps.size());
    for (const auto& cluster : cl) EXPECT_EQ(cluster.case_ids, comps[static_cast<int>(cluster.id)]);
    // Generations of cases reachable from an index case: shortest distance + 1.
    std::vector<int> dist(n + 1, -1);
    std::vector<int> queue;
    for (int i = 1; i <= n; ++i) {
      bool has_source = false;
      for (auto [s, t] : edges) has_source |= t == i;
      if (!has_source) dist[i] = 0, queue.push_back(i);
    }
    for (size_t h = 0; h < queue.size(); ++h)
      for (auto [s, t] : edges)
        if (s == queue[h] && dist[t] < 0) dist[t] = dist[s] + 1, queue.push_back(t);
    for (int i = 1; i <= n; ++i) {
      if (dist[i] >= 0) EXPECT_EQ(generation_of(g, i), dist[i] + 1) << "case " << i;
      else EXPECT_GT(generation_of(g, i), 0);
    }
  }
}

TEST(AttackRates, PerSettingDistinctContacts) {
  // Cases: persons 101 (case 1) and 102 (case 2). Contacts of case 1: 500 and 102 at home
  // (102 twice), 501 at a meal; 102 also at a meal. Person 600 exposed to a non-case.
  std::vector<CaseRecord> cases{c(1), c(2)};
  std::vector<ExposureRecord> ex{{500, 101, kHousehold, 0}, {102, 101, kHousehold, 0},
                                 {102, 101, kHousehold, 0}, {501, 101, kMeal, 0},
                                 {102, 101, kMeal, 0},      {600, 700, kWork, 0},
                                 {101, 101, kWork, 0},      {502, 101, 9, 0}};
  auto rates = attack_rates(cases, ex, 5);
  ASSERT_EQ(rates.size(), 5u);
  EXPECT_EQ(rates[kHousehold].contacts, 2);
  EXPECT_EQ(rates[kHousehold].cases, 1);
  EXPECT_DOUBLE_EQ(rates[kHousehold].rate, 0.5);
  EXPECT_EQ(rates[kMeal].contacts, 2);
  EXPECT_EQ(rates[kMeal].cases, 1);
  EXPECT_EQ(rates[kWork].contacts, 0);  // exposed to a non-case; self-exposure ignored
  EXPECT_DOUBLE_EQ(rates[kWork].rate, 0.0);
  EXPECT_EQ(rates[kTransport].setting, kTransport);
}

}  // namespace
}  // namespace cordon::analytics
