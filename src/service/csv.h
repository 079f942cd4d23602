// CSV per RFC 4180, streamed: a reader that pulls bytes from a ByteSource and hands out
// one record at a time, and a writer that quotes what needs quoting.
//
// The reader accepts quoted fields with doubled quotes, commas and line breaks inside
// quotes, and CRLF, LF or a lone CR between records. It strips a UTF-8 byte order mark at
// the very start. It does not decode: what it hands out is the bytes of the source.
//
// Neither class is synchronized; use one from one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace cordon::service {

// Where a reader's bytes come from.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `buf`; returns how many, 0 only at the end of the input.
  // Fails (typically internal "read_failed" or invalid for undecodable input) when the
  // input cannot be read; the source is then unusable.
  virtual Result<std::size_t> read(char* buf, std::size_t n) = 0;
};

// A ByteSource over a string; for tests and small inputs. Hands out at most `max_chunk`
// bytes per read so tests can exercise records split across reads.
class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string data, std::size_t max_chunk = SIZE_MAX)
      : data_(std::move(data)), max_chunk_(max_chunk) {}
  Result<std::size_t> read(char* buf, std::size_t n) override;

 private:
  std::string data_;
  std::size_t pos_ = 0;
  std::size_t max_chunk_;
};

struct CsvRecord {
  std::vector<std::string> fields;
  // Line of the input on which the record starts, counting from 1 (a record with a
  // quoted line break spans several lines and reports its first).
  int64_t line = 0;
  // Set when the record is malformed (text after a closing quote, a quote that is never
  // closed); the fields then hold what could be read and the reader has moved on to the
  // next record. Empty for a good record.
  std::string error;
};

class CsvReader {
 public:
  // `source` must outlive the reader.
  explicit CsvReader(ByteSource& source, std::size_t buffer_size = 1 << 16);

  // Reads the next record into `record` (reusing its storage). Returns false at the end
  // of the input. Fails with the source's status when the source fails. A record that is
  // one empty unquoted field (a blank line) is skipped.
  Result<bool> next(CsvRecord& record);

  // Lines started so far (the line number the next record would begin on, minus one).
  int64_t lines() const { return line_ - 1; }

 private:
  enum class Stop { kComma, kEndOfRecord };
  // Makes `k` unread bytes available, reading more as needed; false when the input ends
  // before that (what remains stays readable).
  Result<bool> ensure(std::size_t k);
  // Consumes the CR, LF or CRLF at pos_.
  Status consume_line_end();
  Result<Stop> read_unquoted(std::string& field);
  // pos_ is just past the opening quote. Sets `error` for a malformed field.
  Result<Stop> read_quoted(std::string& field, std::string& error);

  ByteSource& source_;
  std::vector<char> buf_;
  std::size_t pos_ = 0;  // next unread byte in buf_
  std::size_t end_ = 0;  // one past the last valid byte in buf_
  bool eof_ = false;
  bool started_ = false;  // whether the BOM check has run
  int64_t line_ = 1;
};

// Writes CSV records to a FILE with CRLF line ends (what RFC 4180 and Excel expect),
// quoting a field only when it holds a comma, a quote, a CR or an LF. Buffers; call
// flush() before closing the file.
class CsvWriter {
 public:
  // `out` must outlive the writer; the writer does not close it.
  explicit CsvWriter(std::FILE* out) : out_(out) {}
  ~CsvWriter() { (void)flush(); }
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  // Writes the UTF-8 byte order mark; call first, if at all.
  void write_bom() { buf_ += "\xEF\xBB\xBF"; }
  void write(const std::vector<std::string>& fields);
  // Hands everything written so far to the FILE and flushes it. Fails internal
  // "write_failed" when the FILE refused bytes at any point (disk full, closed pipe).
  Status flush();

 private:
  void drain();

  std::FILE* out_;
  std::string buf_;
  std::string failure_;  // the first write error, if any
};

// Appends `field` to `out` as one CSV field, quoted when needed.
void append_csv_field(std::string& out, std::string_view field);

}  // namespace cordon::service
