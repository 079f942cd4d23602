// Persons as CSV rows: which columns a file may have, how a row becomes a PersonInput,
// how a grid named in a row (by code or by path) becomes a grid id, and how a person
// becomes a row again for export.
//
// PersonCsvHeader and the free functions are pure. GridResolver and GridNamer call the
// place service and cache what they learn; use each from one thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/person.h"
#include "core/status.h"
#include "service/places.h"

namespace cordon::service {

enum class PersonColumn {
  kName, kIdType, kIdNumber, kSex, kBirthDate, kPhone, kGrid, kGridId, kAddress, kTags,
};
inline constexpr std::size_t kPersonColumnCount = 10;

// The header name of each column, in PersonColumn order.
inline constexpr std::array<std::string_view, kPersonColumnCount> kPersonColumnNames = {
    "name", "id_type", "id_number", "sex", "birth_date", "phone", "grid", "grid_id",
    "address", "tags"};

// What an export writes, in order. Not grid_id: ids mean nothing in another database,
// while a grid's code or path does.
inline constexpr std::array<std::string_view, 9> kPersonExportColumns = {
    "name", "id_type", "id_number", "sex", "birth_date", "phone", "grid", "address", "tags"};

// Where each column sits in a file's records.
class PersonCsvHeader {
 public:
  // Reads a header row. Names are matched ignoring case and surrounding spaces; empty
  // names at the end of the row are ignored (spreadsheets leave them), and so are the
  // matching empty fields of each record. Fails invalid, naming every problem:
  // "csv.unknown_columns", "csv.unnamed_column", "csv.duplicate_column",
  // "csv.missing_columns" (name, id_number, and grid or grid_id are required).
  static Result<PersonCsvHeader> parse(const std::vector<std::string>& names);

  std::optional<std::size_t> index(PersonColumn c) const {
    return index_[static_cast<std::size_t>(c)];
  }
  // Number of named columns.
  std::size_t width() const { return width_; }

 private:
  std::array<std::optional<std::size_t>, kPersonColumnCount> index_{};
  std::size_t width_ = 0;
};

// One record read as a person, except for its grid, which needs the database.
struct PersonCsvRow {
  PersonInput input;               // grid_id unset; empty cells are "not given"
  std::string grid;                // the grid cell, trimmed; empty when absent
  std::optional<int64_t> grid_id;  // the grid_id cell
};

// Maps a record's fields by `header`. Fails invalid with field errors: "column_count"
// (field "": fewer fields than the header, or non-empty fields past it), "grid_id"
// "invalid" (not a positive integer), "grid" "required" (neither grid nor grid_id),
// "id_number" "excel_number" (a spreadsheet has turned the number into "1.10101E+17").
// Everything else is validated by the person service.
Result<PersonCsvRow> person_row_from_record(const PersonCsvHeader& header,
                                            const std::vector<std::string>& fields);

// Finds the grid a row names. A reference is tried as a node code first, then as a path
// of names from a root ("牙克石市/胜利街道/胜利社区/网格1"). Each distinct reference is
// looked up once; answers (failures too) are cached.
class GridResolver {
 public:
  // `places` must outlive the resolver.
  GridResolver(PlaceService& places, Actor actor)
      : places_(places), actor_(std::move(actor)) {}

  // The grid's id. Fails invalid with field "grid": "grid_not_found" or "not_a_grid"
  // (the place exists but is, say, a community); any other failure comes from the store
  // and is not cached.
  Result<int64_t> resolve(const std::string& reference);

  std::size_t lookups() const { return lookups_; }  // references sent to the service

 private:
  Result<int64_t> lookup(const std::string& reference);

  PlaceService& places_;
  Actor actor_;
  std::unordered_map<std::string, Result<int64_t>> cache_;
  std::size_t lookups_ = 0;
};

// Names grids for export: the grid's code when it has one, else its path of names from
// the root (names never hold '/', so the path reads back unambiguously). Cached.
class GridNamer {
 public:
  GridNamer(PlaceService& places, Actor actor)
      : places_(places), actor_(std::move(actor)) {}
  Result<std::string> name(int64_t grid_id);

 private:
  PlaceService& places_;
  Actor actor_;
  std::unordered_map<int64_t, std::string> cache_;
};

// A person as a record of kPersonExportColumns; `grid` is the grid's reference. Tags are
// joined with ';'; an unknown sex is left empty.
std::vector<std::string> person_to_record(const Person& person, const std::string& grid);

}  // namespace cordon::service
