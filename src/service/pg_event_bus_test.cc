// Events between servers through PostgreSQL (Pg* tests need CORDON_TEST_PG; ctest's
// service.pg runs them on a throwaway cluster) and the JSON they travel in.
#include "service/pg_event_bus.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "store/postgres/pg_test_util.h"
#include "store/store.h"

namespace cordon::service {
namespace {

using namespace std::chrono_literals;

Event sample() {
  Event e;
  e.type = "task.created";
  e.resource_id = 42;
  e.unit_id = 7;
  e.role = "community_police";
  e.data = R"({"task_id":42,"title":"劝导"})";
  return e;
}

TEST(EventCodec, RoundTripsEveryField) {
  Event e = sample();
  e.user_id = 3;
  auto back = decode_event(encode_event(e));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->type, e.type);
  EXPECT_EQ(back->resource_id, 42);
  EXPECT_EQ(back->user_id, 3);
  EXPECT_EQ(back->unit_id, 7);
  EXPECT_EQ(back->role, "community_police");
  EXPECT_EQ(back->data, e.data);
}

TEST(EventCodec, DropsDataThatWouldPassTheNotifyLimit) {
  Event e = sample();
  e.data = std::string(kMaxEventPayload, 'x');
  std::string payload = encode_event(e);
  EXPECT_LE(payload.size(), kMaxEventPayload);
  auto back = decode_event(payload);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->resource_id, 42);
  EXPECT_EQ(back->unit_id, 7);
  EXPECT_TRUE(back->data.empty());
}

TEST(EventCodec, RejectsWhatIsNotAnEvent) {
  EXPECT_FALSE(decode_event("not json"));
  EXPECT_FALSE(decode_event("[1]"));
  EXPECT_FALSE(decode_event(R"({"type":"x"})"));
  EXPECT_FALSE(decode_event(R"({"type":1,"resource_id":2})"));
}

// What one subscriber received.
struct Received {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Event> events;
  bool wait_for_count(size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, [&] { return events.size() >= n; });
  }
  EventBus::Callback callback() {
    return [this](const Event& e) {
      {
        std::lock_guard lock(mu);
        events.push_back(e);
      }
      cv.notify_all();
    };
  }
};

// Two servers' buses on one database: what one announces inside a committed unit of
// work reaches the subscribers of both; a unit that rolls back announces nothing.
TEST(PgEventBus, AnnouncesCommittedEventsToEveryServer) {
  if (!std::getenv("CORDON_TEST_PG")) GTEST_SKIP() << "CORDON_TEST_PG is not set";
  std::string url = store::testing::fresh_postgres_database();
  store::StoreOptions options;
  options.location = url;
  options.read_connections = 1;
  auto store = store::open_store(options);
  ASSERT_TRUE(store.ok()) << store.status().to_string();
  PgEventBus a(url), b(url);
  ASSERT_TRUE(a.listen().ok());
  ASSERT_TRUE(b.listen().ok());
  ASSERT_TRUE(b.listen().ok());  // idempotent
  Received on_a, on_b, elsewhere;
  auto sa = a.subscribe(Audience{1, 7, "community_police"}, on_a.callback());
  auto sb = b.subscribe(Audience{2, 7, "community_police"}, on_b.callback());
  auto other = b.subscribe(Audience{3, 8, "community_police"}, elsewhere.callback());

  Event failed = sample();
  failed.resource_id = 41;
  EXPECT_EQ((*store)->write([&](store::SqlConnection& conn) -> Status {
              CORDON_RETURN_IF_ERROR(a.publish_in(conn, failed));
              return Status::conflict("rolled_back", "the unit fails after announcing");
            }).code(),
            "rolled_back");
  ASSERT_TRUE((*store)->write([&](store::SqlConnection& conn) {
                        return a.publish_in(conn, sample());
                      }).ok());
  a.publish(sample());  // after commit: nothing more, the listener delivers
  ASSERT_TRUE(on_b.wait_for_count(1, 5s));
  ASSERT_TRUE(on_a.wait_for_count(1, 5s));
  std::this_thread::sleep_for(200ms);
  for (Received* r : {&on_a, &on_b}) {
    std::lock_guard lock(r->mu);
    ASSERT_EQ(r->events.size(), 1u);
    EXPECT_EQ(r->events[0].resource_id, 42);
    EXPECT_EQ(r->events[0].data, sample().data);
  }
  std::lock_guard lock(elsewhere.mu);
  EXPECT_TRUE(elsewhere.events.empty());
}

TEST(PgEventBus, ListenFailsWithoutAServer) {
  PgEventBus bus("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  EXPECT_EQ(bus.listen().code(), "store_open_failed");
}

}  // namespace
}  // namespace cordon::service
