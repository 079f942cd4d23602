// Persons in and out over the API: downloads of a jurisdiction's persons, and imports
// run in the background. An import: the request hands over
// the CSV, is answered at once with the job, and the job reports its progress (bytes
// and rows read, created, already registered, rejected, and the problems with their line
// numbers) to GET /imports/{id} and, as "import.progress" events, to the account that
// started it.
//
// The file is checked (encoding, header) before the job starts, so a refused file
// answers at once and writes nothing. Rows are imported as the requesting actor
// (PersonFileImport): a grid outside the actor's jurisdiction is "grid_not_found". Jobs
// live in memory: a restart forgets them (the persons they created stay, and re-running
// the file is safe).
//
// Thread-safe. Each job runs on its own thread; the destructor waits for them, so
// destroy the service before the services it uses.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "service/context.h"
#include "service/events.h"
#include "service/person_transfer.h"

namespace cordon::service {

struct ImportJob {
  enum class State { kRunning, kDone, kFailed };

  int64_t id = 0;
  int64_t user_id = 0;  // who started it; nobody else sees it
  State state = State::kRunning;
  std::string encoding;  // "utf-8" or "gb18030"
  uint64_t bytes_total = 0;
  uint64_t bytes_read = 0;
  ImportCounts counts;
  // The first kMaxProblems problems, in line order; `problems_truncated` when more came.
  std::vector<ImportProblem> problems;
  bool problems_truncated = false;
  Instant started_at;
  std::optional<Instant> finished_at;
  std::optional<Status> failure;  // set when State is kFailed
};

const char* import_state_name(ImportJob::State s);  // "running", "done", "failed"

class TransferService {
 public:
  static constexpr std::size_t kMaxProblems = 1000;
  // Rows per write: small enough that the bar moves on a file of a few thousand rows.
  static constexpr std::size_t kChunkRows = 500;

  // `temp_dir` holds each upload while its job runs.
  TransferService(Context& ctx, PersonService& persons, PlaceService& places, EventBus& events,
                   std::string temp_dir);
  ~TransferService();
  TransferService(const TransferService&) = delete;
  TransferService& operator=(const TransferService&) = delete;

  // Starts importing `csv`. Conflict ("import_running") while the actor has a job
  // running; invalid with PersonFileImport::open's codes for a refused file (then nothing
  // is written); internal ("upload_unwritable") when the upload cannot be stored.
  Result<ImportJob> start_person_import(const Actor& actor, const std::string& csv);

  // A job the actor started; not found ("import_not_found") for any other.
  Result<ImportJob> get(const Actor& actor, int64_t id);

  // The persons of `jurisdiction_id` (the actor's whole scope when nullopt) as a table to
  // download; see persons_table().
  Result<ExportTable> export_persons(const Actor& actor, std::optional<int64_t> jurisdiction_id) {
    return persons_table(ctx_, persons_, places_, actor, jurisdiction_id);
  }

  // Blocks until no job is running; for tests and shutdown.
  void wait_idle();

 private:
  void run(int64_t id, std::unique_ptr<PersonFileImport> import, Actor actor, std::string path);
  void publish(const ImportJob& job);
  void join_finished();

  Context& ctx_;
  PersonService& persons_;
  PlaceService& places_;
  EventBus& events_;
  std::string temp_dir_;

  std::mutex mu_;
  int64_t next_id_ = 1;               // GUARDED_BY(mu_)
  std::map<int64_t, ImportJob> jobs_;  // GUARDED_BY(mu_)
  // GUARDED_BY(mu_): the thread of each job not yet joined; a finished job's thread is
  // joined when the next import starts, the rest by the destructor.
  std::map<int64_t, std::thread> threads_;
};

}  // namespace cordon::service
