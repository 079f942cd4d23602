// Reading a text file whatever encoding its author's tools chose: UTF-8 (with or without
// a byte order mark) is read as it is; GB18030 — a superset of GBK and GB2312, what Excel
// on a Chinese Windows writes when told to save "CSV" — is converted to UTF-8 while it is
// read; anything else is refused before a single record is read, so an import never
// stores half a file of mojibake.
//
// Not synchronized, except FileSource::position(), which another thread may read.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "service/csv.h"
#include "core/status.h"

struct UConverter;

namespace cordon::service {

enum class TextEncoding { kUtf8, kGb18030 };

// The bytes of a file, counting how many have been read (for a progress bar).
class FileSource final : public ByteSource {
 public:
  // Fails not_found "file_not_found" (or internal "open_failed") naming the path.
  static Result<std::unique_ptr<FileSource>> open(const std::string& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<std::size_t> read(char* buf, std::size_t n) override;
  uint64_t position() const { return position_.load(std::memory_order_relaxed); }
  uint64_t size() const { return size_; }

 private:
  FileSource(std::FILE* f, std::string path, uint64_t size)
      : f_(f), path_(std::move(path)), size_(size) {}

  std::FILE* f_;
  std::string path_;
  uint64_t size_;
  std::atomic<uint64_t> position_{0};
};

// Converts GB18030 from `inner` (which must outlive it) to UTF-8. read() fails invalid
// "not_gb18030" at the first byte sequence that is not GB18030.
class Gb18030Source final : public ByteSource {
 public:
  static Result<std::unique_ptr<Gb18030Source>> open(ByteSource& inner);
  ~Gb18030Source() override;
  Gb18030Source(const Gb18030Source&) = delete;
  Gb18030Source& operator=(const Gb18030Source&) = delete;

  Result<std::size_t> read(char* buf, std::size_t n) override;

 private:
  Gb18030Source(ByteSource& inner, UConverter* gb, UConverter* utf8);

  ByteSource& inner_;
  UConverter* gb_;
  UConverter* utf8_;
  std::vector<char> in_;
  std::size_t in_pos_ = 0;
  std::size_t in_end_ = 0;
  bool in_eof_ = false;
  bool started_ = false;
  bool done_ = false;
  std::vector<char16_t> pivot_;
  char16_t* pivot_source_;
  char16_t* pivot_target_;
};

// Reads the whole file once and decides how to decode it: UTF-8 when every byte sequence
// is UTF-8, else GB18030 when every one is GB18030. Fails not_found "file_not_found" for
// a missing file, and invalid "unknown_encoding" — "FILE is neither UTF-8 nor GBK; save
// it as UTF-8 (Excel: CSV UTF-8)" — for anything else, including any file holding a NUL
// byte (UTF-16 text, spreadsheets, binaries), since no CSV of persons holds one.
Result<TextEncoding> detect_encoding(const std::string& path);

// A file opened for reading as UTF-8.
struct TextFile {
  TextEncoding encoding = TextEncoding::kUtf8;
  std::unique_ptr<FileSource> file;          // the raw bytes; position() for progress
  std::unique_ptr<Gb18030Source> converter;  // set for GB18030

  ByteSource& utf8() { return converter ? static_cast<ByteSource&>(*converter) : *file; }
};

// detect_encoding(), then opens the file (through a converter when it is GB18030).
Result<TextFile> open_text_file(const std::string& path);

}  // namespace cordon::service
