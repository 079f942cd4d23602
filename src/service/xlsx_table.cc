#include "service/xlsx_table.h"

#include <xlsxwriter.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace cordon::service {

namespace {

constexpr lxw_row_t kMaxRowsPerSheet = 1048576;

Status lxw_failure(const std::string& what, lxw_error e) {
  return Status::internal("write_failed", what + ": " + lxw_strerror(e));
}

}  // namespace

struct XlsxTable::Impl {
  std::string path;
  std::string sheet_name;
  std::vector<std::string> header;
  lxw_workbook* workbook = nullptr;
  lxw_worksheet* sheet = nullptr;
  lxw_format* bold = nullptr;
  lxw_row_t row = 0;  // the next row to write on `sheet`
  int sheets = 0;

  Status start_sheet() {
    ++sheets;
    std::string name = sheets == 1 ? sheet_name : sheet_name + " " + std::to_string(sheets);
    sheet = workbook_add_worksheet(workbook, name.c_str());
    if (sheet == nullptr) return Status::internal("write_failed", "cannot add sheet " + name);
    row = 0;
    for (size_t c = 0; c < header.size(); ++c) {
      lxw_error e = worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c),
                                           header[c].c_str(), bold);
      if (e != LXW_NO_ERROR) return lxw_failure(path, e);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    row = 1;
    return Status();
  }

  ~Impl() {
    if (workbook != nullptr) {
      // Abandoned: let the library release its temporary files, then drop the output.
      workbook_close(workbook);
      std::remove(path.c_str());
    }
  }
};

XlsxTable::XlsxTable(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxTable::~XlsxTable() = default;

Result<std::unique_ptr<XlsxTable>> XlsxTable::create(const std::string& path,
                                                     std::string_view sheet,
                                                     const std::vector<std::string>& header) {
  // The library creates the file only when closing; find an unwritable place now.
  if (std::FILE* probe = std::fopen(path.c_str(), "wb")) {
    std::fclose(probe);
  } else {
    return Status::internal("write_failed",
                            "cannot create " + path + ": " + std::strerror(errno));
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->sheet_name = std::string(sheet);
  impl->header = header;
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.use_zip64 = LXW_TRUE;  // a million rows passes 4 GB of XML uncompressed
  impl->workbook = workbook_new_opt(path.c_str(), &options);
  if (impl->workbook == nullptr)
    return Status::internal("write_failed", "cannot create " + path);
  impl->bold = workbook_add_format(impl->workbook);
  format_set_bold(impl->bold);
  CORDON_RETURN_IF_ERROR(impl->start_sheet());
  return std::unique_ptr<XlsxTable>(new XlsxTable(std::move(impl)));
}

Status XlsxTable::add_row(const std::vector<std::string>& cells) {
  if (impl_->workbook == nullptr)
    return Status::internal("write_failed", impl_->path + " is already closed");
  if (impl_->row >= kMaxRowsPerSheet) CORDON_RETURN_IF_ERROR(impl_->start_sheet());
  for (size_t c = 0; c < cells.size(); ++c) {
    if (cells[c].empty()) continue;
    lxw_error e = worksheet_write_string(impl_->sheet, impl_->row, static_cast<lxw_col_t>(c),
                                         cells[c].c_str(), nullptr);
    if (e != LXW_NO_ERROR) return lxw_failure(impl_->path, e);
  }
  ++impl_->row;
  ++rows_;
  return Status();
}

Status XlsxTable::close() {
  if (impl_->workbook == nullptr)
    return Status::internal("write_failed", impl_->path + " is already closed");
  lxw_error e = workbook_close(impl_->workbook);
  impl_->workbook = nullptr;
  if (e != LXW_NO_ERROR) {
    std::remove(impl_->path.c_str());
    return lxw_failure(impl_->path, e);
  }
  return Status();
}

}  // namespace cordon::service
