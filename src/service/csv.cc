#include "service/csv.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace cordon::service {

Result<std::size_t> StringSource::read(char* buf, std::size_t n) {
  std::size_t k = std::min({n, max_chunk_, data_.size() - pos_});
  std::memcpy(buf, data_.data() + pos_, k);
  pos_ += k;
  return k;
}

CsvReader::CsvReader(ByteSource& source, std::size_t buffer_size)
    : source_(source), buf_(std::max<std::size_t>(buffer_size, 16)) {}

Result<bool> CsvReader::ensure(std::size_t k) {
  while (end_ - pos_ < k && !eof_) {
    if (pos_ > 0) {
      std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
      end_ -= pos_;
      pos_ = 0;
    }
    CORDON_ASSIGN_OR_RETURN(std::size_t got, source_.read(buf_.data() + end_, buf_.size() - end_));
    if (got == 0) eof_ = true;
    end_ += got;
  }
  return end_ - pos_ >= k;
}

Status CsvReader::consume_line_end() {
  char c = buf_[pos_++];
  ++line_;
  if (c == '\r') {
    CORDON_ASSIGN_OR_RETURN(bool have, ensure(1));
    if (have && buf_[pos_] == '\n') ++pos_;
  }
  return Status();
}

Result<CsvReader::Stop> CsvReader::read_unquoted(std::string& field) {
  for (;;) {
    CORDON_ASSIGN_OR_RETURN(bool have, ensure(1));
    if (!have) return Stop::kEndOfRecord;
    const char* p = buf_.data() + pos_;
    const char* e = buf_.data() + end_;
    const char* s = p;
    while (s < e && *s != ',' && *s != '\n' && *s != '\r') ++s;
    field.append(p, s);
    pos_ += s - p;
    if (s == e) continue;
    if (*s == ',') {
      ++pos_;
      return Stop::kComma;
    }
    CORDON_RETURN_IF_ERROR(consume_line_end());
    return Stop::kEndOfRecord;
  }
}

Result<CsvReader::Stop> CsvReader::read_quoted(std::string& field, std::string& error) {
  // A line break inside the field is CRLF, LF or a lone CR; each counts once.
  char prev = '"';
  for (;;) {
    CORDON_ASSIGN_OR_RETURN(bool have, ensure(1));
    if (!have) {
      error = "a quoted field is never closed (a quote is missing)";
      return Stop::kEndOfRecord;
    }
    const char* p = buf_.data() + pos_;
    const char* e = buf_.data() + end_;
    const char* s = p;
    for (; s < e && *s != '"'; ++s) {
      if (*s == '\r' || (*s == '\n' && prev != '\r')) ++line_;
      prev = *s;
    }
    field.append(p, s);
    pos_ += s - p;
    if (s == e) continue;
    ++pos_;  // the quote
    CORDON_ASSIGN_OR_RETURN(bool more, ensure(1));
    if (!more) return Stop::kEndOfRecord;
    char c = buf_[pos_];
    if (c == '"') {  // a doubled quote stands for one
      field += '"';
      prev = '"';
      ++pos_;
      continue;
    }
    if (c == ',') {
      ++pos_;
      return Stop::kComma;
    }
    if (c == '\r' || c == '\n') {
      CORDON_RETURN_IF_ERROR(consume_line_end());
      return Stop::kEndOfRecord;
    }
    // RFC 4180 allows nothing here; keep the text (as spreadsheets do) but flag the record.
    if (error.empty()) error = "text after the closing quote of a field";
    return read_unquoted(field);
  }
}

Result<bool> CsvReader::next(CsvRecord& record) {
  if (!started_) {
    started_ = true;
    CORDON_ASSIGN_OR_RETURN(bool three, ensure(3));
    if (three && std::memcmp(buf_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  }
  for (;;) {
    CORDON_ASSIGN_OR_RETURN(bool have, ensure(1));
    if (!have) {
      record.fields.clear();
      return false;
    }
    record.line = line_;
    record.error.clear();
    std::size_t n = 0;
    bool quoted = false;
    for (Stop stop = Stop::kComma; stop == Stop::kComma;) {
      // Reuse the strings of the previous record: most fields fit in their old capacity.
      if (n == record.fields.size()) record.fields.emplace_back();
      std::string& field = record.fields[n++];
      field.clear();
      CORDON_ASSIGN_OR_RETURN(bool any, ensure(1));
      if (any && buf_[pos_] == '"') {
        ++pos_;
        quoted = true;
        CORDON_ASSIGN_OR_RETURN(stop, read_quoted(field, record.error));
      } else {
        CORDON_ASSIGN_OR_RETURN(stop, read_unquoted(field));
      }
    }
    record.fields.resize(n);
    if (n == 1 && !quoted && record.fields[0].empty()) continue;  // a blank line
    return true;
  }
}

void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void CsvWriter::write(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) buf_ += ',';
    append_csv_field(buf_, fields[i]);
  }
  buf_ += "\r\n";
  if (buf_.size() >= (1 << 16)) drain();
}

void CsvWriter::drain() {
  if (failure_.empty() && !buf_.empty() &&
      std::fwrite(buf_.data(), 1, buf_.size(), out_) != buf_.size())
    failure_ = std::strerror(errno);
  buf_.clear();
}

Status CsvWriter::flush() {
  drain();
  if (failure_.empty() && std::fflush(out_) != 0) failure_ = std::strerror(errno);
  if (!failure_.empty()) return Status::internal("write_failed", "cannot write: " + failure_);
  return Status();
}

}  // namespace cordon::service
