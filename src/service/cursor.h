// Opaque pagination cursors: clients pass back `next_cursor` verbatim. The cursor is the
// store's resume point, encoded as base64url so its shape is not a contract.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/persons.h"

namespace cordon::service {

std::string encode_cursor(const store::PersonCursor& c);
// Fails malformed ("invalid_cursor", field "cursor") for anything encode_cursor did not
// make.
Result<store::PersonCursor> decode_cursor(std::string_view text);

// Parses the `limit` query value: 1..kMaxPageSize, default kDefaultPageSize.
Result<int> parse_limit(const std::optional<std::string>& text);

}  // namespace cordon::service
