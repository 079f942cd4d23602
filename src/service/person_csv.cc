#include "service/person_csv.h"

#include <charconv>

#include "core/text.h"

namespace cordon::service {

namespace {

// A file naming more distinct grids than this is not a file of one city's grids; stop
// caching rather than grow without bound.
constexpr std::size_t kMaxCachedReferences = 100000;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::optional<std::string> cell(const PersonCsvHeader& header,
                                const std::vector<std::string>& fields, PersonColumn c) {
  auto i = header.index(c);
  if (!i) return std::nullopt;
  std::string v = trim(fields[*i]);
  if (v.empty()) return std::nullopt;
  return v;
}

// "1.10101E+17", "1.10101199003078E+17": what a spreadsheet shows (and saves) for an
// 18-digit number in a cell not formatted as text. The digits past the 15th are gone.
bool looks_like_scientific(std::string_view s) {
  std::size_t e = s.find_first_of("eE");
  if (e == std::string_view::npos || e == 0 || e + 2 > s.size()) return false;
  for (std::size_t i = 0; i < e; ++i)
    if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '.') return false;
  std::size_t i = e + 1;
  if (s[i] == '+') ++i;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

std::vector<std::string> split_tags(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find_first_of(";|", start);
    if (end == std::string_view::npos) end = s.size();
    std::string tag = ascii_lower(trim(s.substr(start, end - start)));
    if (!tag.empty()) out.push_back(std::move(tag));
    start = end + 1;
  }
  return out;
}

Status grid_not_found(const std::string& reference, const std::string& why) {
  return Status::invalid_field("grid", "grid_not_found",
                               "no grid with code or path '" + reference + "'" + why);
}

}  // namespace

Result<PersonCsvHeader> PersonCsvHeader::parse(const std::vector<std::string>& names) {
  PersonCsvHeader h;
  std::size_t width = names.size();
  while (width > 0 && trim(names[width - 1]).empty()) --width;
  h.width_ = width;
  std::vector<std::string> unknown;
  Validation v;
  for (std::size_t i = 0; i < width; ++i) {
    std::string name = ascii_lower(trim(names[i]));
    if (name.empty()) {
      v.add("", "csv.unnamed_column", "column " + std::to_string(i + 1) + " has no name");
      continue;
    }
    std::size_t c = 0;
    while (c < kPersonColumnCount && kPersonColumnNames[c] != name) ++c;
    if (c == kPersonColumnCount) {
      unknown.push_back("'" + names[i] + "'");
    } else if (h.index_[c]) {
      v.add(name, "csv.duplicate_column", "column '" + name + "' appears twice");
    } else {
      h.index_[c] = i;
    }
  }
  if (!unknown.empty()) {
    std::string accepted;
    for (auto n : kPersonColumnNames) accepted += (accepted.empty() ? "" : ", ") + std::string(n);
    v.add("", "csv.unknown_columns",
          std::string(unknown.size() == 1 ? "unknown column " : "unknown columns ") +
              join(unknown) + " (accepted: " + accepted + ")");
  }
  std::vector<std::string> missing;
  if (!h.index(PersonColumn::kName)) missing.push_back("name");
  if (!h.index(PersonColumn::kIdNumber)) missing.push_back("id_number");
  if (!h.index(PersonColumn::kGrid) && !h.index(PersonColumn::kGridId))
    missing.push_back("grid (or grid_id)");
  if (!missing.empty())
    v.add("", "csv.missing_columns", "missing columns: " + join(missing));
  CORDON_RETURN_IF_ERROR(v.status());
  return h;
}

Result<PersonCsvRow> person_row_from_record(const PersonCsvHeader& header,
                                            const std::vector<std::string>& fields) {
  bool extra = false;
  for (std::size_t i = header.width(); i < fields.size() && !extra; ++i)
    extra = !trim(fields[i]).empty();
  if (fields.size() < header.width() || extra)
    return Status::invalid_field("", "column_count",
                                 "expected " + std::to_string(header.width()) +
                                     " fields as in the header, found " +
                                     std::to_string(fields.size()));
  PersonCsvRow row;
  PersonInput& in = row.input;
  in.name = cell(header, fields, PersonColumn::kName);
  in.id_type = cell(header, fields, PersonColumn::kIdType);
  in.id_number = cell(header, fields, PersonColumn::kIdNumber);
  in.sex = cell(header, fields, PersonColumn::kSex);
  in.birth_date = cell(header, fields, PersonColumn::kBirthDate);
  in.phone = cell(header, fields, PersonColumn::kPhone);
  in.address = cell(header, fields, PersonColumn::kAddress);
  if (auto tags = cell(header, fields, PersonColumn::kTags)) in.tags = split_tags(*tags);
  if (in.id_type) *in.id_type = ascii_lower(*in.id_type);
  if (in.sex) *in.sex = ascii_lower(*in.sex);

  Validation v;
  if (in.id_number && looks_like_scientific(*in.id_number))
    v.add("id_number", "excel_number",
          "'" + *in.id_number + "' is a number in scientific notation: a spreadsheet has " +
              "dropped digits; format the column as text and enter the numbers again");
  row.grid = cell(header, fields, PersonColumn::kGrid).value_or("");
  if (auto gid = cell(header, fields, PersonColumn::kGridId)) {
    int64_t id = 0;
    auto [end, ec] = std::from_chars(gid->data(), gid->data() + gid->size(), id);
    if (ec != std::errc() || end != gid->data() + gid->size() || id <= 0)
      v.add("grid_id", "invalid", "grid_id must be a positive integer, not '" + *gid + "'");
    else row.grid_id = id;
  } else if (row.grid.empty()) {
    v.add("grid", "required", "a grid is required (its code or its path of names)");
  }
  CORDON_RETURN_IF_ERROR(v.status());
  return row;
}

Result<int64_t> GridResolver::resolve(const std::string& reference) {
  if (auto it = cache_.find(reference); it != cache_.end()) return it->second;
  Result<int64_t> r = lookup(reference);
  bool store_failure = !r.ok() && r.status().kind() != Status::Kind::kInvalid;
  if (!store_failure && cache_.size() < kMaxCachedReferences) cache_.emplace(reference, r);
  return r;
}

Result<int64_t> GridResolver::lookup(const std::string& reference) {
  ++lookups_;
  std::optional<Node> node;
  auto by_code = places_.by_code(actor_, reference);
  if (by_code.ok()) {
    node = std::move(*by_code);
  } else if (by_code.status().kind() != Status::Kind::kNotFound) {
    return by_code.status();
  } else {
    auto chain = places_.resolve(actor_, reference);
    if (chain.ok()) node = std::move(chain->back());
    else if (chain.status().kind() == Status::Kind::kNotFound)
      return grid_not_found(reference, " (" + chain.status().message() + ")");
    else if (chain.status().kind() == Status::Kind::kInvalid)
      return grid_not_found(reference, "");
    else return chain.status();
  }
  if (node->kind != NodeKind::kGrid)
    return Status::invalid_field("grid", "not_a_grid",
                                 "'" + reference + "' is a " + node_kind_name(node->kind) +
                                     ", not a grid");
  return node->id;
}

Result<std::string> GridNamer::name(int64_t grid_id) {
  if (auto it = cache_.find(grid_id); it != cache_.end()) return it->second;
  CORDON_ASSIGN_OR_RETURN(auto chain, places_.lineage(actor_, grid_id));
  std::string name;
  if (chain.back().code) {
    name = *chain.back().code;
  } else {
    for (const auto& n : chain) name += (name.empty() ? "" : "/") + n.name;
  }
  cache_.emplace(grid_id, name);
  return name;
}

std::vector<std::string> person_to_record(const Person& p, const std::string& grid) {
  std::string tags;
  for (const auto& t : p.tags) tags += (tags.empty() ? "" : ";") + t;
  return {p.name,
          document_type_name(p.id_type),
          p.id_number.value_or(""),
          p.sex == Sex::kUnknown ? "" : sex_name(p.sex),
          p.birth_date ? p.birth_date->to_string() : "",
          p.phone.value_or(""),
          grid,
          p.address,
          tags};
}

}  // namespace cordon::service
