#include "service/cases.h"

#include "service/audit.h"
#include "service/chains.h"
#include "service/exposures.h"
#include "service/test_fixture.h"

namespace cordon::service {
namespace {

// Today is 2020-02-05 (Asia/Shanghai) in the fixture.
class TracingTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    cases_ = std::make_unique<CaseService>(*ctx_);
    exposures_ = std::make_unique<ExposureService>(*ctx_);
    chains_ = std::make_unique<ChainService>(*ctx_);
  }

  int64_t person(const std::string& name, const Node& grid) {
    PersonInput in;
    in.name = name;
    in.grid_id = grid.id;
    auto p = persons_->create(Actor::system(), in);
    EXPECT_TRUE(p.ok()) << p.status().to_string();
    return p.ok() ? p->id : 0;
  }

  Case make_case(int64_t person_id, const char* classification, const char* onset,
                 const char* report = "2020-02-05", const Actor& actor = Actor::system()) {
    CaseInput in;
    in.person_id = person_id;
    in.classification = classification;
    if (onset) in.onset_date = onset;
    in.report_date = report;
    auto c = cases_->create(actor, in);
    EXPECT_TRUE(c.ok()) << c.status().to_string();
    return c.ok() ? *c : Case{};
  }

  static ExposureInput exposure(int64_t person_id, int64_t source, const char* setting,
                                const char* last_date) {
    ExposureInput in;
    in.person_id = person_id;
    in.source_person_id = source;
    in.setting = setting;
    in.last_date = last_date;
    return in;
  }

  Exposure expose(int64_t person_id, int64_t source, const char* setting = "household",
                  const char* last_date = "2020-02-04") {
    auto e = exposures_->create(Actor::system(), exposure(person_id, source, setting, last_date));
    EXPECT_TRUE(e.ok()) << e.status().to_string();
    return e.ok() ? *e : Exposure{};
  }

  ContactCategory category_of(int64_t exposure_id) {
    return exposures_->get(Actor::system(), exposure_id)->category;
  }

  std::vector<AuditEntry> audit(const std::string& action) {
    store_->close();  // flushes detached read entries
    std::vector<AuditEntry> out;
    auto reopened = store::open_store({dir_.file("service.db")});
    EXPECT_TRUE(reopened.ok());
    ManualClock clock(clock_.now());
    Context ctx{**reopened, clock, TimeZone::shanghai()};
    AuditQuery q;
    q.action = action;
    auto page = AuditService(ctx).list(Actor::system(), q);
    EXPECT_TRUE(page.ok()) << page.status().to_string();
    if (page.ok()) out = page->items;
    return out;
  }

  std::unique_ptr<CaseService> cases_;
  std::unique_ptr<ExposureService> exposures_;
  std::unique_ptr<ChainService> chains_;
};

TEST_F(TracingTest, CreateReadAndListWithinJurisdiction) {
  int64_t a = person("张三", grid_a_), b = person("李四", grid_b_);
  Case ca = make_case(a, "confirmed", "2020-02-01");
  Case cb = make_case(b, "suspected", nullptr);
  EXPECT_EQ(ca.report_date.to_string(), "2020-02-05");
  Actor worker_a = confined_to(grid_a_);
  EXPECT_TRUE(cases_->get(worker_a, ca.id).ok());
  EXPECT_EQ(cases_->get(worker_a, cb.id).status().code(), "case_not_found");
  EXPECT_EQ(cases_->get(worker_a, 99999).status().code(), "case_not_found");
  auto list = cases_->list(worker_a, {});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].id, ca.id);
  CaseListQuery q;
  q.classification = "suspected";
  EXPECT_EQ(cases_->list(Actor::system(), q)->items.size(), 1u);
  q.classification = "sick";
  EXPECT_EQ(cases_->list(Actor::system(), q).status().errors().at(0).field, "classification");
  // Recording a case for a person outside the jurisdiction names the field.
  CaseInput in;
  in.person_id = b;
  in.classification = "confirmed";
  auto refused = cases_->create(worker_a, in);
  EXPECT_EQ(refused.status().errors().at(0).field, "person_id");
  EXPECT_EQ(refused.status().errors().at(0).code, "person_not_found");
}

TEST_F(TracingTest, ListPagesWithCursor) {
  for (int i = 0; i < 5; ++i) make_case(person("病例" + std::to_string(i), grid_a_), "suspected", nullptr);
  CaseListQuery q;
  q.limit = "2";
  std::vector<int64_t> seen;
  for (int page = 0; page < 5; ++page) {
    auto r = cases_->list(Actor::system(), q);
    ASSERT_TRUE(r.ok());
    for (const auto& c : r->items) seen.push_back(c.id);
    if (!r->next_cursor) break;
    q.cursor = r->next_cursor;
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST_F(TracingTest, OnePersonOneCase) {
  int64_t a = person("张三", grid_a_);
  make_case(a, "suspected", nullptr);
  CaseInput in;
  in.person_id = a;
  in.classification = "confirmed";
  EXPECT_EQ(cases_->create(Actor::system(), in).status().code(), "case_exists");
}

TEST_F(TracingTest, IdempotentCreate) {
  int64_t a = person("张三", grid_a_);
  CaseInput in;
  in.person_id = a;
  in.classification = "suspected";
  auto first = cases_->create(Actor::system(), in, std::string("key-1"));
  auto again = cases_->create(Actor::system(), in, std::string("key-1"));
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->id, again->id);
}

TEST_F(TracingTest, ReclassificationKeepsHistory) {
  int64_t a = person("张三", grid_a_);
  Case c = make_case(a, "suspected", "2020-02-02");
  clock_.advance_seconds(3600);
  auto r = cases_->reclassify(Actor::system(), c.id, {"confirmed", std::nullopt, "核酸阳性"},
                              c.version);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->classification, CaseClassification::kConfirmed);
  EXPECT_EQ(r->version, 2);
  // A stale version, an illegal step and a bad name are refused and change nothing.
  EXPECT_EQ(cases_->reclassify(Actor::system(), c.id, {"asymptomatic", {}, {}}, 1).status().code(),
            "version_mismatch");
  EXPECT_EQ(cases_->reclassify(Actor::system(), c.id, {"suspected", {}, {}}, std::nullopt)
                .status()
                .code(),
            "illegal_reclassification");
  EXPECT_EQ(cases_->reclassify(Actor::system(), c.id, {"well", "2020-13-01", {}}, std::nullopt)
                .status()
                .errors()
                .size(),
            2u);
  auto closed = cases_->close(Actor::system(), c.id, {"recovered", "2020-02-05", {}}, std::nullopt);
  ASSERT_TRUE(closed.ok()) << closed.status().to_string();
  EXPECT_EQ(cases_->close(Actor::system(), c.id, {"died", {}, {}}, std::nullopt).status().code(),
            "case_closed");
  auto history = cases_->history(Actor::system(), c.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].action, "classify");
  EXPECT_EQ((*history)[0].classification, CaseClassification::kSuspected);
  EXPECT_EQ((*history)[1].action, "reclassify");
  EXPECT_EQ((*history)[1].note, "核酸阳性");
  EXPECT_EQ((*history)[1].at.to_string(), "2020-02-05T03:00:00Z");
  EXPECT_EQ((*history)[2].outcome, CaseOutcome::kRecovered);
  EXPECT_EQ(cases_->history(confined_to(grid_b_), c.id).status().code(), "case_not_found");
}

TEST_F(TracingTest, CloseValidatesOutcome) {
  Case c = make_case(person("张三", grid_a_), "confirmed", "2020-02-02");
  auto r = cases_->close(Actor::system(), c.id, {std::nullopt, "2020-02-40", {}}, std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().errors().size(), 2u);
  EXPECT_EQ(cases_->close(Actor::system(), c.id, {"ruled_out", {}, {}}, std::nullopt)
                .status()
                .errors()
                .at(0)
                .code,
            "ruled_out_not_suspected");
}

TEST_F(TracingTest, ContactCategoriesFollowTheWindow) {
  // Case onset 2020-02-04: the 9th edition's window opens on 2020-01-31.
  int64_t src = person("源", grid_a_), near = person("近", grid_a_), far = person("远", grid_a_);
  make_case(src, "confirmed", "2020-02-04");
  Exposure inside = expose(near, src, "shared_meal", "2020-01-31");
  Exposure before = expose(far, src, "workplace", "2020-01-30");
  EXPECT_EQ(inside.category, ContactCategory::kClose);
  EXPECT_EQ(before.category, ContactCategory::kNone);
  // The close contact's own contact is secondary.
  int64_t second = person("次", grid_a_);
  EXPECT_EQ(expose(second, near).category, ContactCategory::kSecondary);
  // Someone exposed to the one outside the window is nothing.
  EXPECT_EQ(expose(person("无", grid_a_), far).category, ContactCategory::kNone);
}

TEST_F(TracingTest, CategoriesRederivedWhenSourceBecomesCaseOrIsRuledOut) {
  int64_t src = person("源", grid_a_), a = person("甲", grid_a_), b = person("乙", grid_a_);
  Exposure ea = expose(a, src);
  Exposure eb = expose(b, a);
  EXPECT_EQ(ea.category, ContactCategory::kNone);
  EXPECT_EQ(eb.category, ContactCategory::kNone);
  Case c = make_case(src, "suspected", "2020-02-03");
  EXPECT_EQ(category_of(ea.id), ContactCategory::kClose);
  EXPECT_EQ(category_of(eb.id), ContactCategory::kSecondary);
  ASSERT_TRUE(cases_->close(Actor::system(), c.id, {"ruled_out", {}, {}}, std::nullopt).ok());
  EXPECT_EQ(category_of(ea.id), ContactCategory::kNone);
  EXPECT_EQ(category_of(eb.id), ContactCategory::kNone);
  auto contacts = exposures_->contacts_of_case(Actor::system(), c.id);
  ASSERT_TRUE(contacts.ok());
  EXPECT_TRUE(contacts->close.empty());
}

TEST_F(TracingTest, ReclassificationMovesTheAnchor) {
  // Asymptomatic, sampled 2020-02-05: window from 2020-02-01. Onset 2020-02-05 keeps it.
  int64_t src = person("源", grid_a_), a = person("甲", grid_a_);
  CaseInput in;
  in.person_id = src;
  in.classification = "asymptomatic";
  in.sampling_date = "2020-02-05";
  auto c = cases_->create(Actor::system(), in);
  ASSERT_TRUE(c.ok());
  Exposure e = expose(a, src, "household", "2020-01-31");
  EXPECT_EQ(e.category, ContactCategory::kNone);
  ASSERT_TRUE(
      cases_->reclassify(Actor::system(), c->id, {"confirmed", "2020-02-03", {}}, std::nullopt).ok());
  EXPECT_EQ(category_of(e.id), ContactCategory::kClose);  // window now from 2020-01-30
}

TEST_F(TracingTest, ExposureRefusals) {
  int64_t a = person("甲", grid_a_), b = person("乙", grid_a_), outside = person("丙", grid_b_);
  make_case(a, "confirmed", "2020-02-03");
  expose(b, a);
  // The same exposure again.
  auto dup = exposures_->create(Actor::system(), exposure(b, a, "household", "2020-02-03"));
  EXPECT_EQ(dup.status().code(), "duplicate_exposure");
  // A cycle: a exposed to b, b exposed (directly) to a.
  auto cycle = exposures_->create(Actor::system(), exposure(a, b, "household", "2020-02-03"));
  EXPECT_EQ(cycle.status().code(), "exposure_cycle");
  // A longer cycle: c exposed to b, then a exposed to c.
  int64_t c = person("丁", grid_a_);
  expose(c, b);
  EXPECT_EQ(exposures_->create(Actor::system(), exposure(a, c, "workplace", "2020-02-03"))
                .status()
                .code(),
            "exposure_cycle");
  // A person outside the jurisdiction is unknown to a confined actor: both fields named.
  auto far = exposures_->create(confined_to(grid_a_), exposure(outside, 99999, "household", "2020-02-03"));
  ASSERT_EQ(far.status().errors().size(), 2u);
  EXPECT_EQ(far.status().errors()[0].field, "person_id");
  EXPECT_EQ(far.status().errors()[1].field, "source_person_id");
  // And an exposure of a person outside is not found to the confined actor.
  Exposure e = expose(outside, a);
  EXPECT_EQ(exposures_->get(confined_to(grid_a_), e.id).status().code(), "exposure_not_found");
  EXPECT_TRUE(exposures_->get(confined_to(grid_b_), e.id).ok());
}

TEST_F(TracingTest, BulkContactsOfACaseAreAtomic) {
  int64_t src = person("源", grid_a_);
  Case c = make_case(src, "confirmed", "2020-02-03");
  std::vector<int64_t> table;
  for (int i = 0; i < 7; ++i) table.push_back(person("食客" + std::to_string(i), grid_a_));
  std::vector<ExposureInput> contacts;
  for (int64_t p : table) {
    ExposureInput in;
    in.person_id = p;
    in.setting = "shared_meal";
    in.last_date = "2020-02-02";
    in.place = "XX饭店 3号桌";
    contacts.push_back(in);
  }
  // One bad row (a person nobody knows) and one listed twice: nothing is written.
  auto bad = contacts;
  bad[3].person_id = 99999;
  bad.push_back(contacts[0]);
  auto refused = exposures_->create_for_case(Actor::system(), c.id, bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().errors().at(0).field, "contacts.7.person_id");
  EXPECT_EQ(refused.status().errors().at(0).code, "duplicate_in_request");
  bad.pop_back();
  refused = exposures_->create_for_case(Actor::system(), c.id, bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().errors().at(0).field, "contacts.3.person_id");
  EXPECT_TRUE(exposures_->contacts_of_case(Actor::system(), c.id)->close.empty());
  // A conflict in one row rolls back the rows before it.
  expose(table[6], src, "shared_meal", "2020-02-02");
  auto conflict = exposures_->create_for_case(Actor::system(), c.id, contacts);
  EXPECT_EQ(conflict.status().code(), "duplicate_exposure");
  EXPECT_EQ(exposures_->contacts_of_case(Actor::system(), c.id)->close.size(), 1u);
  contacts.pop_back();
  auto ok = exposures_->create_for_case(Actor::system(), c.id, contacts, std::string("table-3"));
  ASSERT_TRUE(ok.ok()) << ok.status().to_string();
  EXPECT_EQ(ok->size(), 6u);
  for (const auto& e : *ok) EXPECT_EQ(e.category, ContactCategory::kClose);
  auto retry = exposures_->create_for_case(Actor::system(), c.id, contacts, std::string("table-3"));
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->size(), 6u);
  EXPECT_EQ(exposures_->contacts_of_case(Actor::system(), c.id)->close.size(), 7u);
  // A row naming another source is refused; so is an empty list.
  std::vector<ExposureInput> wrong{contacts[0]};
  wrong[0].source_person_id = table[1];
  EXPECT_EQ(exposures_->create_for_case(Actor::system(), c.id, wrong).status().errors().at(0).code,
            "not_the_case");
  EXPECT_EQ(exposures_->create_for_case(Actor::system(), c.id, {}).status().errors().at(0).field,
            "contacts");
  EXPECT_EQ(exposures_->create_for_case(confined_to(grid_b_), c.id, contacts).status().code(),
            "case_not_found");
}

TEST_F(TracingTest, ImportKeepsExistingAndRejectsBadRows) {
  int64_t src = person("源", grid_a_), a = person("甲", grid_a_), b = person("乙", grid_a_);
  Case c = make_case(src, "confirmed", "2020-02-03");
  std::vector<ExposureInput> rows{exposure(a, 0, "household", "2020-02-03"),
                                  exposure(b, 0, "party", "2020-02-03"),
                                  exposure(99999, 0, "household", "2020-02-03")};
  auto first = exposures_->import_for_case(Actor::system(), c.id, rows);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)[0].outcome, ContactImportRow::Outcome::kCreated);
  EXPECT_EQ((*first)[1].outcome, ContactImportRow::Outcome::kRejected);
  EXPECT_EQ((*first)[1].status.errors().at(0).field, "setting");
  EXPECT_EQ((*first)[2].status.errors().at(0).code, "person_not_found");
  auto again = exposures_->import_for_case(Actor::system(), c.id, rows);
  EXPECT_EQ((*again)[0].outcome, ContactImportRow::Outcome::kExisting);
  EXPECT_EQ(exposures_->contacts_of_case(Actor::system(), c.id)->close.size(), 1u);
}

TEST_F(TracingTest, ChainsClustersAndSpreaders) {
  // 1 infects 2 and 3 (household), 3 infects 4 (meal); 5 alone; 6 exposed to both 2 and 4.
  std::vector<int64_t> p;
  for (int i = 0; i < 7; ++i) p.push_back(person("例" + std::to_string(i), grid_a_));
  int64_t outside = person("外", grid_b_);
  std::vector<Case> c(7);
  c[1] = make_case(p[1], "confirmed", "2020-01-25");
  for (int i : {2, 3}) expose(p[i], p[1], "household", "2020-01-26");
  expose(p[4], p[3], "shared_meal", "2020-02-01");
  expose(p[6], p[2], "workplace", "2020-02-02");
  expose(p[6], p[4], "transport", "2020-02-02");
  expose(outside, p[4], "transport", "2020-02-02");
  c[2] = make_case(p[2], "confirmed", "2020-01-28");
  c[3] = make_case(p[3], "asymptomatic", nullptr, "2020-01-30");
  c[4] = make_case(p[4], "confirmed", "2020-02-03");
  c[5] = make_case(p[5], "suspected", nullptr);
  c[6] = make_case(p[6], "confirmed", "2020-02-04");
  make_case(outside, "confirmed", "2020-02-04");

  auto chain = chains_->chain(Actor::system(), c[6].id);
  ASSERT_TRUE(chain.ok()) << chain.status().to_string();
  std::vector<analytics::ChainMember> want{{c[2].id, 1}, {c[4].id, 1}, {c[1].id, 2}, {c[3].id, 2}};
  std::sort(want.begin(), want.end(), [](auto& x, auto& y) {
    return x.distance != y.distance ? x.distance < y.distance : x.case_id < y.case_id;
  });
  EXPECT_EQ(chain->chain.ancestors, want);
  EXPECT_EQ(chain->generation, 3);  // via 2, the shorter way
  auto no_source = chains_->chain(Actor::system(), c[5].id);
  EXPECT_TRUE(no_source->chain.ancestors.empty() && no_source->chain.descendants.empty());
  EXPECT_EQ(chains_->chain(confined_to(grid_b_), c[1].id).status().code(), "case_not_found");

  auto clusters = chains_->clusters(Actor::system(), {});
  ASSERT_TRUE(clusters.ok());
  ASSERT_EQ(clusters->size(), 1u);  // the lone suspect is no cluster
  const auto& cl = (*clusters)[0];
  EXPECT_EQ(cl.case_ids.size(), 6u);  // 1..4, 6 and the case outside grid A
  EXPECT_EQ(cl.generations, 4);
  EXPECT_EQ(LocalDate::from_days(cl.first_day).to_string(), "2020-01-25");
  EXPECT_EQ(LocalDate::from_days(cl.last_day).to_string(), "2020-02-04");
  // Confined to grid A, the case in grid B is not part of it.
  ClusterQuery qa;
  qa.jurisdiction_id = grid_a_.id;
  EXPECT_EQ((*chains_->clusters(Actor::system(), qa))[0].case_ids.size(), 5u);
  EXPECT_EQ(chains_->clusters(confined_to(grid_a_), {}).value()[0].case_ids.size(), 5u);
  ClusterQuery bad;
  bad.min_size = "0";
  bad.limit = "x";
  EXPECT_EQ(chains_->clusters(Actor::system(), bad).status().errors().size(), 2u);

  auto top = chains_->top_spreaders(Actor::system(), std::nullopt, std::string("2"));
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(*top, (std::vector<analytics::Spreader>{{c[1].id, 2}, {c[4].id, 2}}));

  auto rates = chains_->attack_rates(Actor::system(), std::nullopt);
  ASSERT_TRUE(rates.ok());
  const auto& household = (*rates)[static_cast<size_t>(ExposureSetting::kHousehold)];
  EXPECT_EQ(household.contacts, 2);
  EXPECT_EQ(household.cases, 2);
  EXPECT_DOUBLE_EQ(household.rate, 1.0);
}

TEST_F(TracingTest, EpiCurveByOnsetAndReport) {
  make_case(person("甲", grid_a_), "confirmed", "2020-02-01", "2020-02-03");
  make_case(person("乙", grid_a_), "confirmed", "2020-02-01", "2020-02-04");
  make_case(person("丙", grid_a_), "asymptomatic", nullptr, "2020-02-04");
  make_case(person("丁", grid_b_), "suspected", "2020-02-02", "2020-02-04");
  EpiCurveQuery q;
  q.from = "2020-02-01";
  q.to = "2020-02-05";
  auto by_report = chains_->epi_curve(Actor::system(), q);
  ASSERT_TRUE(by_report.ok()) << by_report.status().to_string();
  ASSERT_EQ(by_report->days.size(), 5u);
  EXPECT_EQ(by_report->days[2].confirmed, 1);
  EXPECT_EQ(by_report->days[3].confirmed, 1);
  EXPECT_EQ(by_report->days[3].asymptomatic, 1);
  EXPECT_EQ(by_report->days[3].suspected, 1);
  EXPECT_EQ(by_report->days[0].total(), 0);
  q.by = "onset";
  auto by_onset = chains_->epi_curve(confined_to(grid_a_), q);
  ASSERT_TRUE(by_onset.ok());
  EXPECT_EQ(by_onset->days[0].confirmed, 2);
  EXPECT_EQ(by_onset->days[1].total(), 0);  // grid B's suspect is outside
  int64_t total = 0;
  for (const auto& d : by_onset->days) total += d.total();
  EXPECT_EQ(total, 2);  // the asymptomatic case has no onset
  // Defaults: the 30 days up to today.
  auto defaults = chains_->epi_curve(Actor::system(), {});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->days.size(), 30u);
  EXPECT_EQ(defaults->days.back().date.to_string(), "2020-02-05");
  EpiCurveQuery bad;
  bad.by = "death";
  bad.from = "2020-02-06";
  bad.to = "2020-02-01";
  EXPECT_EQ(chains_->epi_curve(Actor::system(), bad).status().errors().size(), 1u);  // by
  bad.by = std::nullopt;
  EXPECT_EQ(chains_->epi_curve(Actor::system(), bad).status().errors().at(0).code, "after_to");
  bad.from = "2018-01-01";
  EXPECT_EQ(chains_->epi_curve(Actor::system(), bad).status().errors().at(0).code,
            "range_too_long");
  EpiCurveQuery other;
  other.jurisdiction_id = grid_b_.id;
  EXPECT_EQ(chains_->epi_curve(confined_to(grid_a_), other).status().errors().at(0).field,
            "jurisdiction_id");
}

TEST_F(TracingTest, ChangesAndReadsAreAudited) {
  int64_t a = person("甲", grid_a_), b = person("乙", grid_a_);
  Case c = make_case(a, "suspected", nullptr);
  expose(b, a);
  ASSERT_TRUE(cases_->reclassify(Actor::system(), c.id, {"confirmed", {}, {}}, std::nullopt).ok());
  ASSERT_TRUE(cases_->get(confined_to(grid_a_), c.id).ok());
  ASSERT_TRUE(chains_->chain(Actor::system(), c.id).ok());
  EXPECT_EQ(audit("case.create").size(), 1u);
  EXPECT_EQ(audit("case.reclassify").size(), 1u);
  EXPECT_EQ(audit("exposure.create").size(), 1u);
  auto reads = audit("case.read");
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].actor_user_id, 42);
  EXPECT_EQ(reads[0].record_id, c.id);
  EXPECT_EQ(audit("case.chain").size(), 1u);
}

}  // namespace
}  // namespace cordon::service
