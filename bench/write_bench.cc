// Durable write throughput: cordon's group-committing writer against the fsync limit.
//
// The limit is plain SQLite on the same disk in the same run: WAL, synchronous=FULL, one
// row per transaction, so one fsync per row. cordon's Store runs the same insert from
// many threads at once; its writer gathers them into batches with one fsync each. Each
// figure is the median of several rounds because the machine is shared and noisy.
//
//   write_bench [--threads 64] [--seconds 2] [--rounds 3] [--dir /tmp]
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS checks (id INTEGER PRIMARY KEY, person_id INTEGER, "
    "temperature REAL, recorded_at TEXT)";

// One row per transaction, synchronous=FULL: the rate the disk's fsync allows.
double fsync_limit(const std::string& path, double seconds) {
  std::filesystem::remove(path);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr);
  sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO checks (person_id, temperature, recorded_at) VALUES (?, ?, ?)",
                     -1, &stmt, nullptr);
  auto start = Clock::now();
  int64_t rows = 0;
  while (seconds_since(start) < seconds) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_bind_int64(stmt, 1, rows);
    sqlite3_bind_double(stmt, 2, 36.6);
    sqlite3_bind_text(stmt, 3, "2020-02-05T02:00:00Z", -1, SQLITE_STATIC);
    sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    ++rows;
  }
  double rate = rows / seconds_since(start);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rate;
}

double cordon_writer(const std::string& path, int threads, double seconds) {
  std::filesystem::remove(path);
  cordon::store::StoreOptions options;
  options.location = path;
  options.read_connections = 1;
  auto store = cordon::store::open_store(options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().to_string().c_str());
    std::exit(1);
  }
  (void)(*store)->write([](cordon::store::SqlConnection& c) { return c.execute_script(kSchema); });
  std::atomic<int64_t> rows{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> pool;
  auto start = Clock::now();
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      int64_t n = 0;
      while (!stop.load()) {
        auto s = (*store)->write([&](cordon::store::SqlConnection& c) {
          return c.execute(
              "INSERT INTO checks (person_id, temperature, recorded_at) VALUES (?, ?, ?)",
              {int64_t{t * 1000000 + n}, 36.6, std::string("2020-02-05T02:00:00Z")}).status();
        });
        if (s.ok()) rows++;
        ++n;
      }
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : pool) th.join();
  double rate = rows.load() / seconds_since(start);
  (*store)->close();
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 64, rounds = 3;
  double seconds = 2;
  std::string dir = std::filesystem::temp_directory_path();
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--rounds")) rounds = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  std::vector<double> limit, ours;
  for (int r = 0; r < rounds; ++r) {
    limit.push_back(fsync_limit(dir + "/cordon-bench-fsync.db", seconds));
    ours.push_back(cordon_writer(dir + "/cordon-bench-writer.db", threads, seconds));
  }
  double l = median(limit), o = median(ours);
  std::printf("durable writes, %d writer threads (median of %d rounds of %.1f s)\n", threads,
              rounds, seconds);
  std::printf("  fsync limit (sqlite, 1 row/commit, synchronous=FULL): %10.0f rows/s\n", l);
  std::printf("  cordon store writer (group commit):                   %10.0f rows/s\n", o);
  std::printf("  ratio: %.1fx  (goal >= 10x)  %s\n", o / l, o / l >= 10 ? "MET" : "MISSED");
  std::printf("{\"figure\": \"durable_writes\", \"limit\": %.0f, \"value\": %.0f, \"ratio\": %.2f, \"goal\": 10}\n",
              l, o, o / l);
  for (const char* f : {"cordon-bench-fsync.db", "cordon-bench-writer.db"})
    for (const char* ext : {"", "-wal", "-shm"})
      std::filesystem::remove(dir + "/" + f + ext);
  return 0;
}
