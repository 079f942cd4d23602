#include "core/policy.h"

#include "core/enum_names.h"

#include <cmath>
#include <set>
#include <utility>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace cordon {

namespace json = boost::json;

namespace {

constexpr EnumNames<PolicyCategory, 5> kCategories{{
    {PolicyCategory::kCloseContact, "close_contact"},
    {PolicyCategory::kSecondaryContact, "secondary_contact"},
    {PolicyCategory::kArrivalHigh, "arrival_high"},
    {PolicyCategory::kArrivalMedium, "arrival_medium"},
    {PolicyCategory::kArrivalLow, "arrival_low"},
}};
constexpr EnumNames<RiskLevel, 3> kLevels{{
    {RiskLevel::kLow, "low"},
    {RiskLevel::kMedium, "medium"},
    {RiskLevel::kHigh, "high"},
}};

constexpr int kMaxStageDays = 60;
constexpr int kMaxFollowupsPerDay = 6;

// Reads a policy object field by field, collecting every problem with its JSON path.
class Reader {
 public:
  explicit Reader(Validation& v) : v_(v) {}

  const json::value* field(const json::object& obj, const std::string& path, const char* name,
                           bool required) {
    auto it = obj.find(name);
    if (it == obj.end() || it->value().is_null()) {
      if (required) v_.add(path + name, "required", std::string(name) + " is required");
      return nullptr;
    }
    return &it->value();
  }

  std::optional<std::string> text(const json::object& obj, const std::string& path,
                                  const char* name, bool required) {
    const json::value* f = field(obj, path, name, required);
    if (!f) return std::nullopt;
    if (!f->is_string() || f->as_string().empty()) {
      v_.add(path + name, "not_a_string", std::string(name) + " must be a non-empty string");
      return std::nullopt;
    }
    return std::string(f->as_string());
  }

  // An integer in [lo, hi].
  std::optional<int> integer(const json::value& f, const std::string& where, int lo, int hi) {
    if (!f.is_int64() && !f.is_uint64()) {
      v_.add(where, "not_an_integer", where + " must be an integer");
      return std::nullopt;
    }
    int64_t n = f.is_int64() ? f.as_int64() : static_cast<int64_t>(f.as_uint64());
    if (n < lo || n > hi) {
      v_.add(where, "out_of_range",
             where + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
      return std::nullopt;
    }
    return static_cast<int>(n);
  }

  std::optional<int> integer(const json::object& obj, const std::string& path, const char* name,
                             bool required, int lo, int hi) {
    const json::value* f = field(obj, path, name, required);
    if (!f) return std::nullopt;
    return integer(*f, path + name, lo, hi);
  }

  const json::object* object(const json::value* f, const std::string& where) {
    if (!f) return nullptr;
    if (!f->is_object()) {
      v_.add(where, "not_an_object", where + " must be an object");
      return nullptr;
    }
    return &f->as_object();
  }

  // Adds `code` for `where` unless the object holds only `known` keys.
  void only_keys(const json::object& obj, const std::string& path,
                 std::initializer_list<const char*> known) {
    for (const auto& kv : obj) {
      bool ok = false;
      for (const char* k : known) ok = ok || kv.key() == k;
      if (!ok)
        v_.add(path + std::string(kv.key()), "unknown_field",
               "unknown field " + std::string(kv.key()));
    }
  }

  std::optional<PolicyStage> stage(const json::value& value, const std::string& path) {
    const json::object* obj = object(&value, path);
    if (!obj) return std::nullopt;
    const std::string p = path + ".";
    only_keys(*obj, p, {"kind", "days", "test_days", "release"});
    PolicyStage s;
    bool ok = true;
    if (auto k = text(*obj, p, "kind", true)) {
      if (auto kind = parse_order_kind(*k)) s.kind = *kind;
      else {
        v_.add(p + "kind", "invalid_kind", "kind must be centralized, home or home_monitoring");
        ok = false;
      }
    } else {
      ok = false;
    }
    auto days = integer(*obj, p, "days", true, 1, kMaxStageDays);
    if (days) s.days = *days;
    else ok = false;
    if (const json::value* t = field(*obj, p, "test_days", false)) {
      if (!t->is_array()) {
        v_.add(p + "test_days", "not_an_array", "test_days must be an array of day numbers");
        ok = false;
      } else {
        int previous = 0;
        for (size_t i = 0; i < t->as_array().size(); ++i) {
          std::string where = p + "test_days." + std::to_string(i);
          auto d = integer(t->as_array()[i], where, 1, days.value_or(kMaxStageDays));
          if (!d) {
            ok = false;
            continue;
          }
          if (*d <= previous) {
            v_.add(where, "not_ascending", "test days must be ascending and distinct");
            ok = false;
          }
          previous = *d;
          s.test_days.push_back(*d);
        }
      }
    }
    if (const json::object* r = object(field(*obj, p, "release", false), p + "release")) {
      only_keys(*r, p + "release.", {"negative_tests"});
      if (auto n = integer(*r, p + "release.", "negative_tests", false, 0, 10)) {
        s.release.negative_tests = *n;
        if (*n > static_cast<int>(s.test_days.size())) {
          v_.add(p + "release.negative_tests", "more_than_scheduled",
                 "a stage cannot require more negative tests than it schedules");
          ok = false;
        }
      }
    }
    if (!ok) return std::nullopt;
    return s;
  }

 private:
  Validation& v_;
};

}  // namespace

const char* policy_category_name(PolicyCategory c) { return enum_name(c, kCategories); }
std::optional<PolicyCategory> parse_policy_category(std::string_view t) {
  return enum_from_name(t, kCategories);
}
const char* risk_level_name(RiskLevel level) { return enum_name(level, kLevels); }
std::optional<RiskLevel> parse_risk_level(std::string_view t) { return enum_from_name(t, kLevels); }

PolicyCategory arrival_category(RiskLevel level) {
  switch (level) {
    case RiskLevel::kHigh: return PolicyCategory::kArrivalHigh;
    case RiskLevel::kMedium: return PolicyCategory::kArrivalMedium;
    case RiskLevel::kLow: break;
  }
  return PolicyCategory::kArrivalLow;
}

std::optional<PolicyCategory> contact_category(OrderReason reason) {
  switch (reason) {
    case OrderReason::kCloseContact: return PolicyCategory::kCloseContact;
    case OrderReason::kSecondaryContact: return PolicyCategory::kSecondaryContact;
    case OrderReason::kArrival: break;
  }
  return std::nullopt;
}

const std::vector<PolicyStage>* Policy::stages(PolicyCategory c) const {
  auto it = categories.find(c);
  return it == categories.end() ? nullptr : &it->second;
}

Result<Policy> parse_policy(std::string_view json_text) {
  boost::system::error_code ec;
  json::value doc = json::parse(json_text, ec);
  if (ec) return Status::malformed("policy.malformed_json", "not JSON: " + ec.message());
  Validation v;
  Reader r(v);
  const json::object* obj = r.object(&doc, "policy");
  if (!obj) return Status::invalid("policy.invalid", "a policy is a JSON object", {});
  r.only_keys(*obj, "",
              {"code", "version", "name", "effective_date", "fever_threshold_celsius",
               "followups_per_day", "contact_window_days", "categories", "notes"});
  Policy p;
  if (auto code = r.text(*obj, "", "code", true)) {
    p.code = *code;
    for (char c : p.code)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        v.add("code", "invalid_code", "code holds only lowercase letters, digits and '-'");
        break;
      }
  }
  if (auto version = r.integer(*obj, "", "version", true, 1, 1000000)) p.version = *version;
  if (auto name = r.text(*obj, "", "name", true)) p.name = *name;
  if (auto date = r.text(*obj, "", "effective_date", false)) {
    auto d = LocalDate::parse(*date, "effective_date");
    if (d.ok()) p.effective_date = *d;
    else v.add(d.status());
  }
  if (const json::value* f = r.field(*obj, "", "fever_threshold_celsius", true)) {
    if (!f->is_number()) {
      v.add("fever_threshold_celsius", "not_a_number", "fever_threshold_celsius must be a number");
    } else {
      double t = f->to_number<double>();
      if (!(t >= 36.0 && t <= 39.0))
        v.add("fever_threshold_celsius", "out_of_range",
              "fever_threshold_celsius must be between 36.0 and 39.0");
      else p.fever_threshold_celsius = t;
    }
  }
  if (auto n = r.integer(*obj, "", "followups_per_day", true, 1, kMaxFollowupsPerDay))
    p.followups_per_day = *n;
  p.contact_window_days = r.integer(*obj, "", "contact_window_days", false, 0, 21);
  if (auto notes = r.text(*obj, "", "notes", false)) p.notes = *notes;
  if (const json::object* cats = r.object(r.field(*obj, "", "categories", true), "categories")) {
    for (const auto& kv : *cats) {
      std::string path = "categories." + std::string(kv.key());
      auto category = parse_policy_category(kv.key());
      if (!category) {
        v.add(path, "unknown_category",
              "categories are close_contact, secondary_contact, arrival_high, arrival_medium "
              "and arrival_low");
        continue;
      }
      const json::object* cat = r.object(&kv.value(), path);
      if (!cat) continue;
      r.only_keys(*cat, path + ".", {"stages"});
      const json::value* stages = r.field(*cat, path + ".", "stages", true);
      if (!stages) continue;
      if (!stages->is_array() || stages->as_array().empty()) {
        v.add(path + ".stages", "not_an_array", "stages must be a non-empty array");
        continue;
      }
      std::vector<PolicyStage> out;
      for (size_t i = 0; i < stages->as_array().size(); ++i)
        if (auto s = r.stage(stages->as_array()[i], path + ".stages." + std::to_string(i)))
          out.push_back(std::move(*s));
      p.categories[*category] = std::move(out);
    }
  }
  if (!v.ok()) {
    Status s = v.status();
    return Status::invalid("policy.invalid", "the policy file is invalid: " + s.message(),
                           s.errors());
  }
  return p;
}

std::vector<StageDates> compute_stages(const std::vector<PolicyStage>& stages, LocalDate anchor) {
  std::vector<StageDates> out;
  LocalDate last = anchor;  // the day before the next stage
  for (size_t i = 0; i < stages.size(); ++i) {
    StageDates d;
    d.stage = static_cast<int>(i);
    d.kind = stages[i].kind;
    d.start_date = last.plus_days(1);
    d.end_date = last.plus_days(stages[i].days);
    last = d.end_date;
    out.push_back(d);
  }
  return out;
}

LocalDate compute_end_date(const std::vector<PolicyStage>& stages, int stage, LocalDate anchor) {
  int32_t days = 0;
  for (int i = 0; i <= stage && i < static_cast<int>(stages.size()); ++i) days += stages[i].days;
  return anchor.plus_days(days);
}

std::vector<LocalDate> test_dates(const PolicyStage& stage, LocalDate stage_start) {
  std::vector<LocalDate> out;
  for (int d : stage.test_days) out.push_back(stage_start.plus_days(d - 1));
  return out;
}

}  // namespace cordon
