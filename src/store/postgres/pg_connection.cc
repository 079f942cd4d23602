#include "store/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace cordon::store {

namespace {

class ResultRow final : public SqlRow {
 public:
  ResultRow(const PGresult* res, int row) : res_(res), row_(row) {}
  bool is_null(int c) const override { return PQgetisnull(res_, row_, c); }
  int64_t int64(int c) const override {
    const char* v = PQgetvalue(res_, row_, c);
    if (v[0] == 't' && v[1] == '\0') return 1;
    if (v[0] == 'f' && v[1] == '\0') return 0;
    return std::strtoll(v, nullptr, 10);
  }
  double real(int c) const override { return std::strtod(PQgetvalue(res_, row_, c), nullptr); }
  std::string text(int c) const override {
    return std::string(PQgetvalue(res_, row_, c), PQgetlength(res_, row_, c));
  }

 private:
  const PGresult* res_;
  int row_;
};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// The one mapping from PostgreSQL errors to the Store's statuses (see sql.h).
Status status_for(const PGresult* res, pg_conn* conn, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string msg = std::string(what) + ": " + (primary ? primary : PQerrorMessage(conn));
  std::string_view code = state ? state : "";
  if (code == "23505") return Status::conflict("unique_violation", msg);
  if (code.starts_with("23")) return Status::conflict("constraint_violation", msg);
  // Serialization failures and deadlocks: the unit may succeed when retried.
  if (code == "40001" || code == "40P01" || code == "55P03")
    return Status::unavailable("store_busy", msg);
  if (code.starts_with("08") || code.starts_with("57P") || PQstatus(conn) == CONNECTION_BAD)
    return Status::unavailable("store_unavailable", msg);
  return Status::internal("store_error", msg);
}

std::string param_text(const SqlValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    return buf;
  }
  return std::get<std::string>(v);
}

}  // namespace

std::string number_parameters(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {  // copy a quoted literal or identifier whole
      size_t end = sql.find(c, i + 1);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  if (count) *count = n;
  return out;
}

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& url) {
  pg_conn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = conn ? PQerrorMessage(conn) : "out of memory";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(conn);
    return Status::unavailable("store_open_failed", "cannot connect to PostgreSQL: " + msg);
  }
  std::unique_ptr<PgConnection> out(new PgConnection(conn));
  // Dates and instants are TEXT columns; only the messages and the client encoding
  // need pinning so that text comes back as UTF-8 whatever the server's defaults.
  Status s = out->execute_script("SET client_encoding = 'UTF8'; SET client_min_messages = warning");
  if (!s.ok()) return Status::unavailable("store_open_failed", s.message());
  return out;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

void PgConnection::reset_if_dropped() {
  if (PQstatus(conn_) != CONNECTION_BAD) return;
  PQreset(conn_);
  statements_.clear();
  if (PQstatus(conn_) == CONNECTION_OK) {
    ResultPtr r(PQexec(conn_, "SET client_encoding = 'UTF8'; SET client_min_messages = warning"));
  }
}

Result<const std::string*> PgConnection::prepare(std::string_view sql) {
  std::string key(sql);
  auto it = statements_.find(key);
  if (it != statements_.end()) return &it->second;
  std::string name = "s" + std::to_string(statements_.size() + 1);
  int count = 0;
  std::string numbered = number_parameters(sql, &count);
  ResultPtr res(PQprepare(conn_, name.c_str(), numbered.c_str(), 0, nullptr));
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK)
    return status_for(res.get(), conn_, "prepare");
  auto [pos, _] = statements_.emplace(std::move(key), std::move(name));
  return &pos->second;
}

Result<int64_t> PgConnection::run(std::string_view sql, const std::vector<SqlValue>& params,
                                  const std::function<void(const SqlRow&)>* on_row) {
  CORDON_ASSIGN_OR_RETURN(const std::string* name, prepare(sql));
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    if (std::holds_alternative<std::monostate>(params[i])) continue;  // NULL
    texts[i] = param_text(params[i]);
    values[i] = texts[i].c_str();
  }
  ResultPtr res(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()),
                               values.data(), nullptr, nullptr, 0));
  ExecStatusType st = PQresultStatus(res.get());
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return status_for(res.get(), conn_, "run");
  if (on_row && st == PGRES_TUPLES_OK) {
    int rows = PQntuples(res.get());
    for (int r = 0; r < rows; ++r) (*on_row)(ResultRow(res.get(), r));
  }
  const char* changed = PQcmdTuples(res.get());
  int64_t n = 0;
  if (changed && *changed) std::from_chars(changed, changed + std::strlen(changed), n);
  return n;
}

Status PgConnection::query(std::string_view sql, const std::vector<SqlValue>& params,
                           const std::function<void(const SqlRow&)>& on_row) {
  return run(sql, params, &on_row).status();
}

Result<int64_t> PgConnection::execute(std::string_view sql, const std::vector<SqlValue>& params) {
  return run(sql, params, nullptr);
}

Status PgConnection::execute_script(std::string_view sql) {
  // Only where a transaction starts: a statement of a transaction that the drop broke
  // must fail, not run alone on a fresh connection.
  if (sql.starts_with("BEGIN")) reset_if_dropped();
  std::string text(sql);
  ResultPtr res(PQexec(conn_, text.c_str()));
  ExecStatusType st = PQresultStatus(res.get());
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && st != PGRES_EMPTY_QUERY)
    return status_for(res.get(), conn_, "script");
  return Status();
}

}  // namespace cordon::store
