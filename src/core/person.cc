#include "core/person.h"

#include <algorithm>

#include "core/phone.h"
#include "core/text.h"

namespace cordon {

Result<Person> validate_person(const PersonInput& in, LocalDate today) {
  Validation v;
  Person p;

  std::string name = in.name ? trim(*in.name) : std::string();
  if (name.empty()) {
    v.add("name", "required", "a name is required");
  } else if (utf8_length(name) > 50) {
    v.add("name", "too_long", "a name has at most 50 characters");
  } else if (!is_valid_utf8(name)) {
    v.add("name", "invalid_encoding", "the name is not valid UTF-8");
  } else {
    p.name = name;
    p.name_keys = name_keys(name);
  }

  std::optional<DocumentType> type = DocumentType::kResidentId;
  if (in.id_type) {
    type = parse_document_type(*in.id_type);
    if (!type) v.add("id_type", "invalid", "id_type must be resident_id, passport or other");
  }
  std::optional<ResidentId> rid;
  if (type) p.id_type = *type;
  if (type && in.id_number && !trim(*in.id_number).empty()) {
    if (*type == DocumentType::kResidentId) {
      auto parsed = parse_resident_id(*in.id_number, today, "id_number");
      if (parsed.ok()) {
        rid = *parsed;
        p.id_number = parsed->number;
      } else {
        v.add(parsed.status());
      }
    } else {
      auto canonical = canonical_document_number(*type, *in.id_number, "id_number");
      if (canonical.ok()) p.id_number = *canonical;
      else v.add(canonical.status());
    }
  }

  if (in.sex && !in.sex->empty()) {
    auto sex = parse_sex(*in.sex);
    if (!sex) v.add("sex", "invalid", "sex must be male, female or unknown");
    else if (rid && *sex != Sex::kUnknown && *sex != rid->sex)
      v.add("sex", "contradicts_id_number", "sex does not match the resident ID number");
    else p.sex = *sex;
  }
  if (rid) p.sex = rid->sex;

  if (in.birth_date && !in.birth_date->empty()) {
    auto date = LocalDate::parse(*in.birth_date, "birth_date");
    if (!date.ok()) v.add(date.status());
    else if (*date > today) v.add("birth_date", "in_future", "the birth date is in the future");
    else if (rid && *date != rid->birth_date)
      v.add("birth_date", "contradicts_id_number",
            "the birth date does not match the resident ID number");
    else p.birth_date = *date;
  }
  if (rid) p.birth_date = rid->birth_date;

  if (in.phone && !trim(*in.phone).empty()) {
    auto phone = normalize_mobile(*in.phone, "phone");
    if (phone.ok()) p.phone = *phone;
    else v.add(phone.status());
  }

  if (!in.grid_id) v.add("grid_id", "required", "grid_id is required");
  else p.grid_id = *in.grid_id;
  p.address_id = in.address_id;
  if (in.address) {
    p.address = trim(*in.address);
    if (utf8_length(p.address) > 200)
      v.add("address", "too_long", "an address has at most 200 characters");
  }

  if (in.tags) {
    for (const auto& tag : *in.tags) {
      if (std::find(std::begin(kPersonTags), std::end(kPersonTags), tag) == std::end(kPersonTags))
        v.add("tags", "unknown_tag", "unknown tag: " + tag);
      else if (std::find(p.tags.begin(), p.tags.end(), tag) == p.tags.end())
        p.tags.push_back(tag);
    }
  }

  if (!v.ok()) return v.status();
  return p;
}

PersonInput merge_person_input(const Person& current, const PersonInput& patch) {
  PersonInput in;
  in.name = patch.name ? patch.name : current.name;
  in.id_type = patch.id_type ? patch.id_type : std::string(document_type_name(current.id_type));
  in.id_number = patch.id_number ? patch.id_number : current.id_number;
  // A new resident ID decides sex and birth date afresh; otherwise keep the current ones.
  bool new_id = patch.id_number.has_value() || patch.id_type.has_value();
  if (patch.sex) in.sex = patch.sex;
  else if (!new_id) in.sex = std::string(sex_name(current.sex));
  if (patch.birth_date) in.birth_date = patch.birth_date;
  else if (!new_id && current.birth_date) in.birth_date = current.birth_date->to_string();
  in.phone = patch.phone ? patch.phone : current.phone;
  in.grid_id = patch.grid_id ? patch.grid_id : current.grid_id;
  in.address_id = patch.address_id ? patch.address_id : current.address_id;
  in.address = patch.address ? patch.address : current.address;
  in.tags = patch.tags ? patch.tags : current.tags;
  return in;
}

namespace {
std::string mask_middle(std::string_view s, size_t head, size_t tail) {
  if (s.size() <= head + tail) return std::string(s.size(), '*');
  return std::string(s.substr(0, head)) + std::string(s.size() - head - tail, '*') +
         std::string(s.substr(s.size() - tail));
}
}  // namespace

std::string mask_document_number(DocumentType type, std::string_view number) {
  return type == DocumentType::kResidentId ? mask_middle(number, 3, 4) : mask_middle(number, 2, 2);
}

std::string mask_phone(std::string_view phone) { return mask_middle(phone, 3, 4); }

}  // namespace cordon
