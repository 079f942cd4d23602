#include "service/lab_tests.h"

#include <set>

#include "core/text.h"
#include "service/audit.h"
#include "service/cursor.h"
#include "service/orders.h"
#include "service/scope.h"
#include "store/audit.h"
#include "store/idempotency.h"
#include "store/quarantine_records.h"

namespace cordon::service {

namespace {

Status sample_not_found() { return Status::not_found("test_not_found", "no such test"); }
Status tube_not_found() { return Status::not_found("pooled_tube_not_found", "no such pooled tube"); }

void parse_kind(Validation& v, const std::optional<std::string>& text, TestKind& out) {
  if (!text) {
    v.add("kind", "required", "kind is required (pcr or antigen)");
    return;
  }
  if (auto k = parse_test_kind(*text)) out = *k;
  else v.add("kind", "invalid_kind", "kind must be pcr or antigen");
}

// A final result and its date (default `today`), not before `sampled_on` when known.
void parse_result(Validation& v, const ResultInput& in, LocalDate today,
                  std::optional<TestResult>& result, std::optional<LocalDate>& on) {
  if (!in.result) v.add("result", "required", "result is required (negative or positive)");
  else if (auto r = parse_test_result(*in.result); r && *r != TestResult::kPending) result = r;
  else v.add("result", "invalid_result", "result must be negative or positive");
  parse_date_field(v, in.resulted_on, "resulted_on", on);
  if (!in.resulted_on) on = today;
  if (on && *on > today) v.add("resulted_on", "in_future", "resulted_on is after today");
}

Result<LabSample> load_visible_sample(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto s, store::find_sample(conn, id));
  if (!s) return sample_not_found();
  CORDON_ASSIGN_OR_RETURN(bool visible, grid_visible(conn, actor, s->grid_id));
  if (!visible) return sample_not_found();
  return std::move(*s);
}

Result<TubeDetail> load_visible_tube(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto tube, store::find_tube(conn, id));
  if (!tube) return tube_not_found();
  CORDON_ASSIGN_OR_RETURN(bool visible, grid_visible(conn, actor, tube->grid_id));
  if (!visible) return tube_not_found();
  TubeDetail out{std::move(*tube), {}};
  store::SampleFilter f;
  f.tube_id = id;
  CORDON_ASSIGN_OR_RETURN(auto page, store::list_samples(conn, f, 0, kMaxPageSize));
  out.members = std::move(page.items);
  return out;
}

}  // namespace

Result<LabSample> LabService::record_sample(const Actor& actor, const SampleInput& in,
                                            const std::optional<std::string>& idempotency_key) {
  Validation v;
  LabSample s;
  LocalDate today = ctx_.today();
  if (!in.person_id) v.add("person_id", "required", "person_id is required");
  parse_kind(v, in.kind, s.kind);
  std::optional<LocalDate> sampled;
  if (!in.sampled_on) v.add("sampled_on", "required", "sampled_on is required");
  parse_date_field(v, in.sampled_on, "sampled_on", sampled);
  if (sampled && *sampled > today) v.add("sampled_on", "in_future", "sampled_on is after today");
  std::optional<TestResult> result;
  std::optional<LocalDate> resulted_on;
  if (in.result && *in.result != "pending")
    parse_result(v, ResultInput{in.result, in.resulted_on}, today, result, resulted_on);
  else if (in.resulted_on)
    v.add("resulted_on", "without_result", "resulted_on needs a result");
  if (sampled && resulted_on && *resulted_on < *sampled)
    v.add("resulted_on", "before_sampled", "resulted_on is before sampled_on");
  CORDON_RETURN_IF_ERROR(v.status());
  Instant now = ctx_.clock.now();
  s.sampled_on = *sampled;
  s.result = result.value_or(TestResult::kPending);
  s.resulted_on = resulted_on;
  s.created_at = s.updated_at = now;
  LabSample out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen, store::recall_idempotent(conn, *idempotency_key, "test"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(out, load_visible_sample(conn, actor, *seen));
        return Status();
      }
    }
    CORDON_ASSIGN_OR_RETURN(Person person, load_person_input(conn, actor, *in.person_id));
    s.person_id = person.id;
    s.grid_id = person.grid_id;
    if (in.order_id) {
      auto order = load_visible_order(conn, actor, *in.order_id);
      if (!order.ok() || order->person_id != person.id)
        return Status::invalid_field("order_id", "order_not_found",
                                     "no such order of this person");
      s.order_id = order->id;
    }
    CORDON_ASSIGN_OR_RETURN(out, store::insert_sample(conn, s));
    if (out.result != TestResult::kPending)
      CORDON_RETURN_IF_ERROR(store::clear_retest(conn, out.person_id, out.sampled_on, now));
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "test.record", "test", out.id,
                          "person " + std::to_string(out.person_id) + ", " +
                              test_kind_name(out.kind) + " " + test_result_name(out.result))));
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(store::remember_idempotent(conn, *idempotency_key, "test", out.id, now));
    return Status();
  }));
  return out;
}

Result<LabSample> LabService::record_result(const Actor& actor, int64_t sample_id,
                                            const ResultInput& in) {
  Validation v;
  std::optional<TestResult> result;
  std::optional<LocalDate> on;
  parse_result(v, in, ctx_.today(), result, on);
  CORDON_RETURN_IF_ERROR(v.status());
  Instant now = ctx_.clock.now();
  LabSample out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible_sample(conn, actor, sample_id));
    if (out.tube_id)
      return Status::conflict("test.pooled_sample",
                              "this sample went into a pooled tube: record the tube's result");
    if (out.result != TestResult::kPending)
      return Status::conflict("test.result_already_recorded",
                              std::string("the result is already ") + test_result_name(out.result));
    if (*on < out.sampled_on)
      return Status::invalid_field("resulted_on", "before_sampled",
                                   "resulted_on is before sampled_on");
    out.result = *result;
    out.resulted_on = on;
    out.updated_at = now;
    CORDON_RETURN_IF_ERROR(store::update_sample_result(conn, out));
    CORDON_RETURN_IF_ERROR(store::clear_retest(conn, out.person_id, out.sampled_on, now));
    return store::append_audit(conn, audit_entry(ctx_, actor, "test.result", "test", out.id,
                                                 test_result_name(out.result)));
  }));
  return out;
}

Result<LabSample> LabService::get_sample(const Actor& actor, int64_t id) {
  LabSample out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible_sample(conn, actor, id));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "test.read", "test", id));
  return out;
}

Result<SampleList> LabService::list_samples(const Actor& actor, const SampleQuery& q) {
  Validation v;
  store::SampleFilter f;
  f.person_id = q.person_id;
  f.order_id = q.order_id;
  if (q.retest_required) {
    if (*q.retest_required == "true") f.retest_required = true;
    else if (*q.retest_required == "false") f.retest_required = false;
    else v.add("retest_required", "invalid_boolean", "retest_required is true or false");
  }
  auto limit = parse_limit(q.limit);
  if (!limit.ok()) v.add(limit.status());
  CORDON_RETURN_IF_ERROR(v.status());
  CORDON_ASSIGN_OR_RETURN(int64_t after, cursor_after_id(q.cursor));
  SampleList out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(GridScope scope, resolve_scope(conn, actor, q.grid_id, "grid_id"));
    f.grid_id = scope.grid_id;
    f.node_path = scope.node_path;
    CORDON_ASSIGN_OR_RETURN(auto page, store::list_samples(conn, f, after, *limit));
    out.items = std::move(page.items);
    out.next_cursor = id_cursor(page.next_after_id);
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "test.list", "test", 0,
                                std::to_string(out.items.size()) + " results"));
  return out;
}

Result<TubeDetail> LabService::create_tube(const Actor& actor, const TubeInput& in,
                                           const std::optional<std::string>& idempotency_key) {
  Validation v;
  PooledTube tube;
  LocalDate today = ctx_.today();
  tube.code = trim(in.code.value_or(""));
  if (tube.code.empty()) v.add("code", "required", "code (the tube's barcode) is required");
  parse_kind(v, in.kind, tube.kind);
  std::optional<LocalDate> sampled;
  if (!in.sampled_on) v.add("sampled_on", "required", "sampled_on is required");
  parse_date_field(v, in.sampled_on, "sampled_on", sampled);
  if (sampled && *sampled > today) v.add("sampled_on", "in_future", "sampled_on is after today");
  std::vector<int64_t> members = in.member_person_ids.value_or(std::vector<int64_t>{});
  if (members.size() < 2 || members.size() > kMaxTubeMembers)
    v.add("member_person_ids", "member_count",
          "a pooled tube holds 2 to " + std::to_string(kMaxTubeMembers) + " persons");
  if (std::set<int64_t>(members.begin(), members.end()).size() != members.size())
    v.add("member_person_ids", "duplicate_member", "a person appears twice in the tube");
  CORDON_RETURN_IF_ERROR(v.status());
  Instant now = ctx_.clock.now();
  tube.sampled_on = *sampled;
  tube.created_at = tube.updated_at = now;
  TubeDetail out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen, store::recall_idempotent(conn, *idempotency_key, "pooled_tube"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(out, load_visible_tube(conn, actor, *seen));
        return Status();
      }
    }
    std::vector<Person> persons;
    for (size_t i = 0; i < members.size(); ++i) {
      std::string field = "member_person_ids." + std::to_string(i);
      CORDON_ASSIGN_OR_RETURN(Person p, load_person_input(conn, actor, members[i], field.c_str()));
      persons.push_back(std::move(p));
    }
    tube.grid_id = persons.front().grid_id;
    CORDON_ASSIGN_OR_RETURN(out.tube, store::insert_tube(conn, tube));
    for (const auto& p : persons) {
      LabSample s;
      s.person_id = p.id;
      s.grid_id = p.grid_id;
      s.tube_id = out.tube.id;
      s.kind = tube.kind;
      s.sampled_on = tube.sampled_on;
      s.created_at = s.updated_at = now;
      CORDON_ASSIGN_OR_RETURN(auto stored, store::insert_sample(conn, s));
      out.members.push_back(std::move(stored));
    }
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "pooled_tube.create", "pooled_tube", out.tube.id,
                          out.tube.code + ", " + std::to_string(persons.size()) + " members")));
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(
          store::remember_idempotent(conn, *idempotency_key, "pooled_tube", out.tube.id, now));
    return Status();
  }));
  return out;
}

Result<TubeDetail> LabService::record_tube_result(const Actor& actor, int64_t tube_id,
                                                  const ResultInput& in) {
  Validation v;
  std::optional<TestResult> result;
  std::optional<LocalDate> on;
  parse_result(v, in, ctx_.today(), result, on);
  CORDON_RETURN_IF_ERROR(v.status());
  Instant now = ctx_.clock.now();
  TubeDetail out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible_tube(conn, actor, tube_id));
    if (out.tube.result != TestResult::kPending)
      return Status::conflict("test.result_already_recorded",
                              std::string("the tube's result is already ") +
                                  test_result_name(out.tube.result));
    if (*on < out.tube.sampled_on)
      return Status::invalid_field("resulted_on", "before_sampled",
                                   "resulted_on is before sampled_on");
    out.tube.result = *result;
    out.tube.resulted_on = on;
    out.tube.updated_at = now;
    CORDON_RETURN_IF_ERROR(store::update_tube_result(conn, out.tube));
    for (auto& s : out.members) {
      if (*result == TestResult::kNegative) {
        s.result = TestResult::kNegative;
        s.resulted_on = on;
      } else {
        s.retest_required = true;  // someone in the tube is positive: retest each alone
      }
      s.updated_at = now;
      CORDON_RETURN_IF_ERROR(store::update_sample_result(conn, s));
    }
    return store::append_audit(
        conn, audit_entry(ctx_, actor, "pooled_tube.result", "pooled_tube", tube_id,
                          std::string(test_result_name(*result)) + ", " +
                              std::to_string(out.members.size()) + " members"));
  }));
  return out;
}

Result<TubeDetail> LabService::get_tube(const Actor& actor, int64_t id) {
  TubeDetail out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible_tube(conn, actor, id));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "pooled_tube.read", "pooled_tube", id));
  return out;
}

}  // namespace cordon::service
