#include "http/api_codec.h"

namespace cordon::http {

namespace {
template <typename T>
boost::json::value nullable(const std::optional<T>& v) {
  if (!v) return nullptr;
  return boost::json::value(*v);
}
}  // namespace

boost::json::object to_json(const Node& n) {
  boost::json::object o;
  o["id"] = n.id;
  o["parent_id"] = nullable(n.parent_id);
  o["kind"] = node_kind_name(n.kind);
  o["name"] = n.name;
  o["code"] = nullable(n.code);
  o["depth"] = n.depth;
  o["created_at"] = n.created_at.to_string();
  o["updated_at"] = n.updated_at.to_string();
  return o;
}

boost::json::object to_json(const Person& p) {
  boost::json::object o;
  o.reserve(17);  // every list page builds one per person: no rehashing on the way
  o["id"] = p.id;
  o["name"] = p.name;
  o["name_simplified"] = p.name_keys.simplified;
  o["name_pinyin"] = p.name_keys.pinyin;
  o["name_initials"] = p.name_keys.initials;
  o["id_type"] = document_type_name(p.id_type);
  o["id_number"] = p.id_number ? boost::json::value(mask_document_number(p.id_type, *p.id_number))
                               : boost::json::value(nullptr);
  o["sex"] = sex_name(p.sex);
  o["birth_date"] = p.birth_date ? boost::json::value(p.birth_date->to_string())
                                 : boost::json::value(nullptr);
  o["phone"] = p.phone ? boost::json::value(mask_phone(*p.phone)) : boost::json::value(nullptr);
  o["grid_id"] = p.grid_id;
  o["address_id"] = nullable(p.address_id);
  o["address"] = p.address;
  boost::json::array tags;
  for (const auto& t : p.tags) tags.push_back(boost::json::value(t));
  o["tags"] = std::move(tags);
  o["created_at"] = p.created_at.to_string();
  o["updated_at"] = p.updated_at.to_string();
  o["version"] = p.version;
  return o;
}

boost::json::object identifiers_json(const Person& p) {
  boost::json::object o;
  o["id"] = p.id;
  o["id_type"] = document_type_name(p.id_type);
  o["id_number"] = nullable(p.id_number);
  o["phone"] = nullable(p.phone);
  return o;
}

boost::json::object to_json(const service::User& u) {
  boost::json::object o;
  o["id"] = u.id;
  o["username"] = u.username;
  o["display_name"] = u.display_name;
  o["role"] = u.role;
  o["jurisdiction_id"] = nullable(u.jurisdiction_id);
  o["disabled"] = u.disabled;
  o["must_change_password"] = u.must_change_password;
  o["created_at"] = u.created_at.to_string();
  o["updated_at"] = u.updated_at.to_string();
  return o;
}

}  // namespace cordon::http
