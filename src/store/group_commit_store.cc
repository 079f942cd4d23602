#include "store/group_commit_store.h"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <thread>

namespace cordon::store {

namespace {

// A unit of work waiting for the writer, and where its outcome goes. A detached job owns
// its work and has no one waiting.
struct WriteJob {
  const Work* work;
  std::promise<Status> done;
  std::unique_ptr<Work> owned;
  bool detached = false;
  std::chrono::steady_clock::time_point queued_at{};

  void finish(Status s) {
    if (!detached) {
      done.set_value(std::move(s));
      return;
    }
    if (!s.ok()) std::fprintf(stderr, "cordon: detached write failed: %s\n", s.to_string().c_str());
    delete this;
  }
};

// Runs `work`, turning an escaping exception into an internal status so the writer
// thread never dies with a batch in flight.
Status run_guarded(const Work& work, SqlConnection& conn) {
  try {
    return work(conn);
  } catch (const std::exception& e) {
    return Status::internal("unit_of_work_threw", e.what());
  } catch (...) {
    return Status::internal("unit_of_work_threw", "unknown exception");
  }
}

class GroupCommitStore final : public Store {
 public:
  GroupCommitStore(std::unique_ptr<SqlConnection> writer,
                   std::vector<std::unique_ptr<SqlConnection>> readers,
                   EngineStatements statements, int max_batch,
                   std::chrono::milliseconds detached_delay)
      : writer_(std::move(writer)),
        statements_(std::move(statements)),
        max_batch_(max_batch),
        detached_delay_(detached_delay) {
    for (auto& r : readers) idle_readers_.push_back(std::move(r));
    writer_thread_ = std::thread([this] { write_loop(); });
  }

  ~GroupCommitStore() override { close(); }

  Status write(const Work& work) override {
    WriteJob job{&work, {}};
    std::future<Status> result = job.done.get_future();
    {
      std::lock_guard lock(write_mu_);
      if (closed_) return Status::unavailable("store_closed", "the store is closed");
      pending_.push_back(&job);
      ++durable_pending_;
    }
    write_cv_.notify_one();
    return result.get();
  }

  void write_detached(Work work) override {
    auto* job = new WriteJob{nullptr, {}, std::make_unique<Work>(std::move(work)), true};
    job->work = job->owned.get();
    job->queued_at = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(write_mu_);
      if (closed_) {
        job->finish(Status::unavailable("store_closed", "the store is closed"));
        return;
      }
      pending_.push_back(job);
    }
    write_cv_.notify_one();
  }

  Status read(const Work& work) override {
    std::unique_ptr<SqlConnection> conn;
    {
      std::unique_lock lock(read_mu_);
      read_cv_.wait(lock, [&] { return closed_readers_ || !idle_readers_.empty(); });
      if (closed_readers_) return Status::unavailable("store_closed", "the store is closed");
      conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
    Status s = conn->execute_script(statements_.begin_read);
    if (s.ok()) {
      s = run_guarded(work, *conn);
      Status end = conn->execute_script(s.ok() ? "COMMIT" : "ROLLBACK");
      if (s.ok()) s = end;
    }
    {
      std::lock_guard lock(read_mu_);
      idle_readers_.push_back(std::move(conn));
    }
    read_cv_.notify_one();
    return s;
  }

  Dialect dialect() const override { return statements_.dialect; }

  StoreStats stats() const override {
    return StoreStats{write_units_.load(), batches_.load()};
  }

  void close() override {
    {
      std::lock_guard lock(write_mu_);
      if (closed_) return;
      closed_ = true;
    }
    write_cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
    {
      std::unique_lock lock(read_mu_);
      closed_readers_ = true;
    }
    read_cv_.notify_all();
  }

 private:
  void write_loop() {
    std::vector<WriteJob*> batch;
    for (;;) {
      {
        std::unique_lock lock(write_mu_);
        write_cv_.wait(lock, [&] { return closed_ || !pending_.empty(); });
        if (pending_.empty() && closed_) return;
        if (durable_pending_ == 0 && detached_delay_.count() > 0) {
          // Only detached units: wait for a durable one, a full batch, closing, or the
          // delay since the oldest of them.
          write_cv_.wait_until(lock, pending_.front()->queued_at + detached_delay_, [&] {
            return closed_ || durable_pending_ > 0 ||
                   static_cast<int>(pending_.size()) >= max_batch_;
          });
        }
        while (!pending_.empty() && static_cast<int>(batch.size()) < max_batch_) {
          if (!pending_.front()->detached) --durable_pending_;
          batch.push_back(pending_.front());
          pending_.pop_front();
        }
      }
      commit_batch(batch);
      batch.clear();
    }
  }

  // One transaction for the whole batch; a savepoint per job so that a failing job
  // undoes only its own statements.
  void commit_batch(std::vector<WriteJob*>& batch) {
    std::vector<Status> results(batch.size());
    Status begin = writer_->execute_script(statements_.begin_write);
    if (!begin.ok()) {
      // A begin of several statements may have opened the transaction before failing.
      (void)writer_->execute_script("ROLLBACK");
      for (auto* job : batch) job->finish(begin);
      return;
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      Status s = writer_->execute_script("SAVEPOINT unit");
      if (s.ok()) {
        s = run_guarded(*batch[i]->work, *writer_);
        if (!s.ok()) (void)writer_->execute_script("ROLLBACK TO unit");
        Status release = writer_->execute_script("RELEASE unit");
        if (s.ok() && !release.ok()) s = release;
      }
      results[i] = std::move(s);
    }
    Status commit = writer_->execute_script("COMMIT");
    if (!commit.ok()) {
      (void)writer_->execute_script("ROLLBACK");
      commit = Status::internal("commit_failed", "the write batch could not be committed: " +
                                                     commit.message());
    }
    write_units_ += static_cast<int64_t>(batch.size());
    ++batches_;
    for (size_t i = 0; i < batch.size(); ++i)
      batch[i]->finish(commit.ok() ? std::move(results[i]) : commit);
  }

  std::unique_ptr<SqlConnection> writer_;
  const EngineStatements statements_;
  const int max_batch_;
  const std::chrono::milliseconds detached_delay_;

  std::mutex write_mu_;
  std::condition_variable write_cv_;
  std::deque<WriteJob*> pending_;  // guarded by write_mu_
  int durable_pending_ = 0;        // jobs in pending_ someone waits for; guarded by write_mu_
  bool closed_ = false;            // guarded by write_mu_
  std::thread writer_thread_;

  std::mutex read_mu_;
  std::condition_variable read_cv_;
  std::vector<std::unique_ptr<SqlConnection>> idle_readers_;  // guarded by read_mu_
  bool closed_readers_ = false;                                   // guarded by read_mu_

  std::atomic<int64_t> write_units_{0};
  std::atomic<int64_t> batches_{0};
};

}  // namespace

Result<std::unique_ptr<Store>> make_group_commit_store(
    std::unique_ptr<SqlConnection> writer, std::vector<std::unique_ptr<SqlConnection>> readers,
    EngineStatements statements, int max_batch, std::chrono::milliseconds detached_delay) {
  return std::unique_ptr<Store>(new GroupCommitStore(std::move(writer), std::move(readers),
                                                     std::move(statements),
                                                     std::max(1, max_batch), detached_delay));
}

}  // namespace cordon::store
