// Reports, tasks and events at the use-case level, where the clock can be moved: step
// deadlines and the overdue list, rate limits, the inbox, event delivery.
#include <gtest/gtest.h>

#include "service/assist.h"
#include "service/events.h"
#include "service/rate_limit.h"
#include "service/reports.h"
#include "service/tasks.h"
#include "service/test_fixture.h"
#include "store/accounts.h"

namespace cordon::service {
namespace {

class WorkTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    tasks_ = std::make_unique<TaskService>(*ctx_, bus_);
    reports_ = std::make_unique<ReportService>(*ctx_, *tasks_);
  }

  // An account of `role` confined to `node` (created in the store: tasks refer to it).
  Actor worker_in(const Node& node, int64_t number, std::string role = "grid_worker") {
    store::User u;
    u.username = "user" + std::to_string(number) + "_" + std::to_string(node.id) + role;
    u.display_name = u.username;
    u.role = role;
    u.jurisdiction_id = node.id;
    u.password_hash = "-";
    u.created_at = u.updated_at = clock_.now();
    int64_t user_id = 0;
    Status made = store_->write([&](store::SqlConnection& conn) -> Status {
      auto existing = store::find_user_by_name(conn, u.username);
      if (!existing.ok()) return existing.status();
      if (*existing) {
        user_id = (*existing)->id;
        return Status();
      }
      auto inserted = store::insert_user(conn, u);
      if (!inserted.ok()) return inserted.status();
      user_id = inserted->id;
      return Status();
    });
    EXPECT_TRUE(made.ok()) << made.to_string();
    Actor a = confined_to(node);
    a.user_id = user_id;
    a.name = u.username;
    a.jurisdiction_id = node.id;
    a.role = std::move(role);
    return a;
  }

  int64_t file(const std::string& category, const Node& place) {
    ReportInput in;
    in.category = category;
    in.place_id = place.id;
    in.description = "description";
    auto r = reports_->file(Actor::system(), in);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? r->id : 0;
  }

  LocalEventBus bus_;
  std::unique_ptr<TaskService> tasks_;
  std::unique_ptr<ReportService> reports_;
};

TEST_F(WorkTest, BreachedDeadlinesAreListedUntilTheStepIsTaken) {
  int64_t gathering = file("gathering", grid_a_);
  int64_t poultry = file("sanitation", grid_a_);
  Actor grid = worker_in(grid_a_, 7);
  clock_.advance_seconds(14 * 60);
  EXPECT_TRUE(reports_->overdue(grid)->empty());
  clock_.advance_seconds(2 * 60);  // 16 minutes: the gathering should have been triaged
  auto overdue = reports_->overdue(grid);
  ASSERT_TRUE(overdue.ok());
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ(overdue->front().id, gathering);
  ASSERT_TRUE(reports_->triage(grid, gathering, {}).ok());
  EXPECT_TRUE(reports_->overdue(grid)->empty());
  clock_.advance_seconds(8 * 3600);  // the poultry's triage allows 8 hours
  overdue = reports_->overdue(grid);
  ASSERT_EQ(overdue->size(), 2u);
  EXPECT_EQ(overdue->back().id, poultry);
  // Another grid's worker sees neither.
  EXPECT_TRUE(reports_->overdue(worker_in(grid_b_, 8))->empty());
}

TEST_F(WorkTest, DispatchCreatesTheVerificationTaskAndAnnouncesIt) {
  int64_t id = file("gathering", grid_a_);
  Actor grid = worker_in(grid_a_, 7);
  std::vector<Event> heard;
  auto sub = bus_.subscribe(Audience{9, grid_a_.id, "community_police"},
                            [&](const Event& e) { heard.push_back(e); });
  ASSERT_TRUE(reports_->triage(grid, id, {}).ok());
  ReportStep step;
  step.unit_id = grid_b_.id;  // outside the dispatcher's jurisdiction
  auto refused = reports_->dispatch(grid, id, step);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().errors().front().field, "unit_id");
  EXPECT_EQ(reports_->get(grid, id)->report.status, ReportStatus::kTriaged);  // nothing half-done
  step.unit_id = grid_a_.id;
  step.assignee_role = "community_police";
  auto done = reports_->dispatch(grid, id, step);
  ASSERT_TRUE(done.ok()) << done.status().to_string();
  EXPECT_EQ(done->second.source, TaskSource::kReport);
  EXPECT_EQ(done->second.due_at, *done->first.due_at);
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(heard[0].type, "task.created");
  EXPECT_EQ(heard[0].resource_id, done->second.id);
  // The inbox of a police officer of that unit holds it; a grid worker's does not.
  EXPECT_EQ(tasks_->inbox(worker_in(grid_a_, 9, "community_police"))->size(), 1u);
  EXPECT_TRUE(tasks_->inbox(grid)->empty());
}

TEST_F(WorkTest, InboxIsOrderedByDueTimeAndAcceptTakesTheTask) {
  Actor grid = worker_in(grid_a_, 7);
  Instant now = clock_.now();
  TaskSpec later{TaskKind::kVisit, TaskSource::kAlert, 5, std::nullopt, grid_a_.id,
                 std::nullopt, std::nullopt, now.plus_seconds(7200), "", ""};
  TaskSpec sooner = later;
  sooner.kind = TaskKind::kReferral;
  sooner.due_at = now.plus_seconds(600);
  auto a = tasks_->create_for(Actor::system(), later);
  auto b = tasks_->create_for(Actor::system(), sooner);
  ASSERT_TRUE(a.ok() && b.ok());
  auto inbox = tasks_->inbox(grid);
  ASSERT_EQ(inbox->size(), 2u);
  EXPECT_EQ((*inbox)[0].id, b->id);
  EXPECT_EQ((*inbox)[0].title, "referral");
  auto accepted = tasks_->accept(grid, b->id);
  ASSERT_TRUE(accepted.ok()) << accepted.status().to_string();
  auto again = tasks_->accept(worker_in(grid_a_, 8), b->id);
  EXPECT_EQ(again.status().code(), "task_taken");
  // Taken by user 7: no longer in user 8's inbox.
  EXPECT_EQ(tasks_->inbox(worker_in(grid_a_, 8))->size(), 1u);
  EXPECT_EQ(tasks_->get(worker_in(grid_b_, 8), a->id).status().kind(), Status::Kind::kNotFound);
}

TEST_F(WorkTest, TasksAreListedByThePersonTheyAreAbout) {
  PersonInput in;
  in.name = "刘东升";
  in.grid_id = grid_a_.id;
  auto liu = persons_->create(Actor::system(), in);
  in.name = "王芳";
  auto wang = persons_->create(Actor::system(), in);
  ASSERT_TRUE(liu.ok() && wang.ok());
  TaskSpec spec{TaskKind::kPersuasion, TaskSource::kManual, 0, liu->id, grid_a_.id,
                std::nullopt, std::nullopt, clock_.now().plus_seconds(3600), "", ""};
  ASSERT_TRUE(tasks_->create_for(Actor::system(), spec).ok());
  spec.subject_person_id = wang->id;
  ASSERT_TRUE(tasks_->create_for(Actor::system(), spec).ok());
  spec.subject_person_id = std::nullopt;
  ASSERT_TRUE(tasks_->create_for(Actor::system(), spec).ok());

  TaskListQuery q;
  q.person_id = liu->id;
  auto about_liu = tasks_->list(worker_in(grid_a_, 7), q);
  ASSERT_TRUE(about_liu.ok()) << about_liu.status().to_string();
  ASSERT_EQ(about_liu->items.size(), 1u);
  EXPECT_EQ(about_liu->items[0].subject_person_id, liu->id);
  // Outside the jurisdiction the same filter finds nothing.
  auto elsewhere = tasks_->list(worker_in(grid_b_, 8), q);
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_TRUE(elsewhere->items.empty());
  EXPECT_EQ(tasks_->list(worker_in(grid_a_, 7), TaskListQuery{})->items.size(), 3u);
}

TEST(RateLimiter, RefusesPastTheLimitUntilTheWindowMoves) {
  RateLimiter limiter(2, std::chrono::seconds(60));
  Instant t = Instant::from_seconds(1000);
  EXPECT_FALSE(limiter.acquire("a", t));
  EXPECT_FALSE(limiter.acquire("a", t.plus_seconds(10)));
  EXPECT_EQ(limiter.acquire("a", t.plus_seconds(20)), 40);
  EXPECT_FALSE(limiter.acquire("b", t.plus_seconds(20)));
  EXPECT_FALSE(limiter.acquire("a", t.plus_seconds(61)));
}

TEST(LocalEventBus, DeliversToTheAudienceAndStopsAtUnsubscribe) {
  LocalEventBus bus;
  int user = 0, unit = 0;
  auto a = bus.subscribe(Audience{1, 10, "grid_worker"}, [&](const Event&) { ++user; });
  auto b = bus.subscribe(Audience{2, 20, "community_police"}, [&](const Event&) { ++unit; });
  Event for_user;
  for_user.user_id = 1;
  bus.publish(for_user);
  Event for_police;
  for_police.unit_id = 20;
  for_police.role = "community_police";
  bus.publish(for_police);
  for_police.role = "grid_worker";
  bus.publish(for_police);
  EXPECT_EQ(user, 1);
  EXPECT_EQ(unit, 1);
  b.reset();
  for_police.role.reset();
  bus.publish(for_police);
  EXPECT_EQ(unit, 1);
  EXPECT_EQ(bus.subscribers(), 1u);
}

}  // namespace
}  // namespace cordon::service
