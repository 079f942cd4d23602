#include "core/report.h"

#include <array>

#include "core/enum_list.h"
#include "core/text.h"

namespace cordon {

namespace {

constexpr EnumNames<ReportCategory, 7> kCategories{{
    {ReportCategory::kGathering, "gathering"},
    {ReportCategory::kRefusingQuarantine, "refusing_quarantine"},
    {ReportCategory::kLeavingQuarantineEarly, "leaving_quarantine_early"},
    {ReportCategory::kSanitation, "sanitation"},
    {ReportCategory::kArrivalFromRiskArea, "arrival_from_risk_area"},
    {ReportCategory::kNeedsHelp, "needs_help"},
    {ReportCategory::kMedical, "medical"},
}};
constexpr EnumNames<ReportStatus, 6> kStatuses{{
    {ReportStatus::kReceived, "received"},
    {ReportStatus::kTriaged, "triaged"},
    {ReportStatus::kDispatched, "dispatched"},
    {ReportStatus::kVerified, "verified"},
    {ReportStatus::kResolved, "resolved"},
    {ReportStatus::kRejected, "rejected"},
}};

// Minutes allowed for the step after received, triaged, dispatched, verified; in the
// order of ReportCategory. docs/reports.md is the same table.
constexpr std::array<std::array<int64_t, 4>, 7> kReportDeadlines = {{
    {15, 15, 60, 240},       // gathering: police on site within 90 minutes of the call
    {30, 30, 120, 480},      // refusing_quarantine
    {15, 15, 60, 240},       // leaving_quarantine_early
    {480, 1440, 2880, 4320}, // sanitation (free-range poultry): days, not hours
    {30, 60, 240, 1440},     // arrival_from_risk_area
    {60, 120, 480, 1440},    // needs_help
    {10, 10, 60, 240},       // medical
}};

}  // namespace

std::string_view report_category_name(ReportCategory c) { return enum_name(c, kCategories); }
std::optional<ReportCategory> parse_report_category(std::string_view t) {
  return enum_from_name(t, kCategories);
}
std::string report_category_list() { return enum_name_list(kCategories); }
std::string_view report_status_name(ReportStatus s) { return enum_name(s, kStatuses); }
std::optional<ReportStatus> parse_report_status(std::string_view t) {
  return enum_from_name(t, kStatuses);
}

bool is_open(ReportStatus s) { return s != ReportStatus::kResolved && s != ReportStatus::kRejected; }

bool report_may_move(ReportStatus from, ReportStatus to) {
  if (!is_open(from)) return false;
  if (to == ReportStatus::kRejected) return true;
  return static_cast<int>(to) == static_cast<int>(from) + 1;
}

std::optional<int64_t> report_step_seconds(ReportCategory c, ReportStatus status) {
  if (!is_open(status)) return std::nullopt;
  return kReportDeadlines[static_cast<size_t>(c)][static_cast<size_t>(status)] * 60;
}

std::optional<std::string> normalize_reference(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == ' ' || ch == '-') continue;
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (kReferenceAlphabet.find(ch) == std::string_view::npos) return std::nullopt;
    out += ch;
    if (out.size() > kReferenceLength) return std::nullopt;
  }
  if (out.size() != kReferenceLength) return std::nullopt;
  return out;
}

std::string checked_text(Validation& v, const char* field, const std::optional<std::string>& text,
                         std::size_t max, bool required) {
  if (!text || trim_view(*text).empty()) {
    if (required) v.add(field, "required", std::string(field) + " is required");
    return "";
  }
  if (!is_valid_utf8(*text)) {
    v.add(field, "invalid_utf8", std::string(field) + " is not valid UTF-8");
    return "";
  }
  for (unsigned char ch : *text) {
    if ((ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') || ch == 0x7f) {
      v.add(field, "control_character", std::string(field) + " holds a control character");
      return "";
    }
  }
  std::string trimmed = trim(*text);
  if (utf8_length(trimmed) > max) {
    v.add(field, "too_long", std::string(field) + " is longer than " + std::to_string(max) +
                                 " characters");
    return "";
  }
  return trimmed;
}

Result<ValidReport> validate_report_input(const ReportInput& in) {
  Validation v;
  ValidReport out{};
  if (!in.category) {
    v.add("category", "required", "category is required");
  } else if (auto c = parse_report_category(*in.category)) {
    out.category = *c;
  } else {
    v.add("category", "unknown_category", "category must be one of " + report_category_list());
  }
  out.address = checked_text(v, "address", in.address, kMaxReportAddress, false);
  out.place_id = in.place_id;
  if (in.place_id && *in.place_id <= 0)
    v.add("place_id", "not_found", "no such place");
  if (out.address.empty() && !in.place_id && !(in.address && !trim_view(*in.address).empty()))
    v.add("address", "required", "give an address or a place_id");
  out.description = checked_text(v, "description", in.description, kMaxReportDescription, true);
  out.contact = checked_text(v, "contact", in.contact, kMaxReportContact, false);
  CORDON_RETURN_IF_ERROR(v.status());
  return out;
}

}  // namespace cordon
