#include "service/transfers.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>

#include <boost/json.hpp>

namespace cordon::service {

namespace {

// Writes `data` to a new file in `dir`; returns its path.
Result<std::string> store_upload(const std::string& dir, const std::string& data) {
  std::string path = dir + "/cordon-import-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0)
    return Status::internal("upload_unwritable",
                            "cannot store the upload in " + dir + ": " + std::strerror(errno));
  std::size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s = Status::internal("upload_unwritable",
                                  "cannot store the upload: " + std::string(std::strerror(errno)));
      ::close(fd);
      std::remove(path.c_str());
      return s;
    }
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return path;
}

}  // namespace

const char* import_state_name(ImportJob::State s) {
  switch (s) {
    case ImportJob::State::kRunning: return "running";
    case ImportJob::State::kDone: return "done";
    case ImportJob::State::kFailed: return "failed";
  }
  return "running";
}

TransferService::TransferService(Context& ctx, PersonService& persons, PlaceService& places,
                                   EventBus& events, std::string temp_dir)
    : ctx_(ctx), persons_(persons), places_(places), events_(events),
      temp_dir_(std::move(temp_dir)) {}

TransferService::~TransferService() { wait_idle(); }

void TransferService::wait_idle() {
  for (;;) {
    std::map<int64_t, std::thread> threads;
    {
      std::lock_guard lock(mu_);
      threads.swap(threads_);
    }
    if (threads.empty()) return;
    for (auto& [id, t] : threads) t.join();
  }
}

void TransferService::join_finished() {
  std::vector<std::thread> done;
  {
    std::lock_guard lock(mu_);
    for (auto it = threads_.begin(); it != threads_.end();) {
      if (jobs_[it->first].state != ImportJob::State::kRunning) {
        done.push_back(std::move(it->second));
        it = threads_.erase(it);
      } else {
        ++it;
      }
    }
  }
  // A finished job's thread has at most its last event left to publish.
  for (auto& t : done) t.join();
}

Result<ImportJob> TransferService::start_person_import(const Actor& actor,
                                                        const std::string& csv) {
  join_finished();
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, job] : jobs_)
      if (job.user_id == actor.user_id && job.state == ImportJob::State::kRunning)
        return Status::conflict("import_running",
                                "import " + std::to_string(id) +
                                    " of this account is still running; wait for it to end");
  }
  CORDON_ASSIGN_OR_RETURN(std::string path, store_upload(temp_dir_, csv));
  auto import = PersonFileImport::open(path, "the file");
  if (!import.ok()) {
    std::remove(path.c_str());
    return import.status();
  }
  ImportJob job;
  job.user_id = actor.user_id;
  job.encoding = (*import)->encoding() == TextEncoding::kGb18030 ? "gb18030" : "utf-8";
  job.bytes_total = (*import)->size();
  job.started_at = ctx_.clock.now();
  {
    std::lock_guard lock(mu_);
    // Checked again: two uploads of one account may have raced past the first check.
    for (const auto& [id, other] : jobs_)
      if (other.user_id == actor.user_id && other.state == ImportJob::State::kRunning) {
        std::remove(path.c_str());
        return Status::conflict("import_running", "import " + std::to_string(id) +
                                                      " of this account is still running");
      }
    job.id = next_id_++;
    jobs_[job.id] = job;
    threads_.emplace(job.id, std::thread(&TransferService::run, this, job.id, std::move(*import),
                                         actor, path));
  }
  publish(job);
  return job;
}

Result<ImportJob> TransferService::get(const Actor& actor, int64_t id) {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second.user_id != actor.user_id)
    return Status::not_found("import_not_found", "no such import");
  return it->second;
}

void TransferService::run(int64_t id, std::unique_ptr<PersonFileImport> import, Actor actor,
                           std::string path) {
  std::vector<ImportProblem> problems;
  bool truncated = false;
  auto snapshot = [&](const ImportCounts& counts) {
    ImportJob copy;
    {
      std::lock_guard lock(mu_);
      ImportJob& job = jobs_[id];
      job.counts = counts;
      job.bytes_read = import->position();
      for (auto& p : problems) job.problems.push_back(std::move(p));
      problems.clear();
      job.problems_truncated = truncated;
      copy = job;
    }
    publish(copy);
  };
  Status s = import->run(
      persons_, places_, actor, ImportMode::kChunked, kChunkRows,
      [&](const ImportProblem& p) {
        std::size_t held;
        {
          std::lock_guard lock(mu_);
          held = jobs_[id].problems.size();
        }
        if (held + problems.size() < kMaxProblems) problems.push_back(p);
        else truncated = true;
      },
      snapshot);
  snapshot(import->counts());
  std::remove(path.c_str());
  ImportJob copy;
  {
    std::lock_guard lock(mu_);
    ImportJob& job = jobs_[id];
    job.bytes_read = job.bytes_total;
    job.state = s.ok() ? ImportJob::State::kDone : ImportJob::State::kFailed;
    if (!s.ok()) job.failure = s;
    job.finished_at = ctx_.clock.now();
    copy = job;
  }
  publish(copy);
}

void TransferService::publish(const ImportJob& job) {
  boost::json::object data{{"id", job.id},
                           {"state", import_state_name(job.state)},
                           {"bytes_read", job.bytes_read},
                           {"bytes_total", job.bytes_total},
                           {"rows_read", job.counts.rows_read},
                           {"created", job.counts.created},
                           {"existing", job.counts.existing},
                           {"rejected", job.counts.rejected}};
  Event e;
  e.type = "import.progress";
  e.resource_id = job.id;
  e.user_id = job.user_id;
  e.data = boost::json::serialize(data);
  events_.announce(ctx_.store, e);
}

}  // namespace cordon::service
