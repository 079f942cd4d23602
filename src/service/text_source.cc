#include "service/text_source.h"

#include "core/text.h"

#include <sys/stat.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace cordon::service {

namespace {

constexpr std::size_t kChunk = 1 << 20;

Status read_failed(const std::string& path) {
  return Status::internal("read_failed", "cannot read " + path + ": " + std::strerror(errno));
}

Status unknown_encoding(const std::string& path, const std::string& detail) {
  return Status::invalid("unknown_encoding", path + " is neither UTF-8 nor GBK" + detail +
                                                 "; save it as UTF-8 (Excel: CSV UTF-8)");
}

// Length of the prefix of `s` that does not end inside a multi-byte sequence, so that a
// chunk can be checked on its own and the tail carried over to the next one.
std::size_t complete_prefix(const unsigned char* s, std::size_t n) {
  std::size_t i = n, back = 0;
  while (back < 3 && i > 0 && (s[i - 1] & 0xC0) == 0x80) {
    --i;
    ++back;
  }
  if (i == 0) return n;
  unsigned char lead = s[i - 1];
  std::size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return len > back + 1 ? i - 1 : n;
}

// Whether the file is UTF-8; sets `bad_line` to the first line that is not. Fails for
// files that cannot be read.
Result<bool> is_utf8_file(FileSource& file, int64_t& bad_line, bool& has_nul) {
  std::vector<unsigned char> buf(kChunk + 4);
  std::size_t carry = 0;
  int64_t line = 1;
  for (;;) {
    CORDON_ASSIGN_OR_RETURN(std::size_t got,
                            file.read(reinterpret_cast<char*>(buf.data()) + carry, kChunk));
    std::size_t n = carry + got;
    std::size_t whole = got == 0 ? n : complete_prefix(buf.data(), n);
    if (std::memchr(buf.data(), 0, n) != nullptr) {
      has_nul = true;
      return false;
    }
    std::size_t valid =
        utf8_valid_prefix(std::string_view(reinterpret_cast<const char*>(buf.data()), whole));
    line += std::count(buf.data(), buf.data() + valid, '\n');
    if (valid < whole || (got == 0 && whole < n)) {
      bad_line = line;
      return false;
    }
    if (got == 0) return true;
    carry = n - whole;
    std::memmove(buf.data(), buf.data() + whole, carry);
  }
}

}  // namespace

Result<std::unique_ptr<FileSource>> FileSource::open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    if (errno == ENOENT) return Status::not_found("file_not_found", path + ": no such file");
    return Status::internal("open_failed", "cannot open " + path + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
    std::fclose(f);
    return Status::internal("open_failed", "cannot read " + path + ": not a regular file");
  }
  return std::unique_ptr<FileSource>(new FileSource(f, path, static_cast<uint64_t>(st.st_size)));
}

FileSource::~FileSource() { std::fclose(f_); }

Result<std::size_t> FileSource::read(char* buf, std::size_t n) {
  std::size_t got = std::fread(buf, 1, n, f_);
  if (got < n && std::ferror(f_)) return read_failed(path_);
  position_.fetch_add(got, std::memory_order_relaxed);
  return got;
}

Gb18030Source::Gb18030Source(ByteSource& inner, UConverter* gb, UConverter* utf8)
    : inner_(inner), gb_(gb), utf8_(utf8), in_(kChunk), pivot_(4096),
      pivot_source_(pivot_.data()), pivot_target_(pivot_.data()) {}

Result<std::unique_ptr<Gb18030Source>> Gb18030Source::open(ByteSource& inner) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* gb = ucnv_open("GB18030", &err);
  UConverter* utf8 = U_SUCCESS(err) ? ucnv_open("UTF-8", &err) : nullptr;
  // Stop at the first illegal sequence instead of substituting U+FFFD: an unclean
  // conversion means the file is not GB18030 after all.
  if (U_SUCCESS(err))
    ucnv_setToUCallBack(gb, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  if (U_FAILURE(err)) {
    if (gb) ucnv_close(gb);
    if (utf8) ucnv_close(utf8);
    return Status::internal("icu_failed", std::string("cannot open the GB18030 converter: ") +
                                              u_errorName(err));
  }
  return std::unique_ptr<Gb18030Source>(new Gb18030Source(inner, gb, utf8));
}

Gb18030Source::~Gb18030Source() {
  ucnv_close(gb_);
  ucnv_close(utf8_);
}

Result<std::size_t> Gb18030Source::read(char* buf, std::size_t n) {
  char* target = buf;
  while (!done_ && target == buf && n > 0) {
    if (in_pos_ == in_end_ && !in_eof_) {
      CORDON_ASSIGN_OR_RETURN(std::size_t got, inner_.read(in_.data(), in_.size()));
      in_pos_ = 0;
      in_end_ = got;
      in_eof_ = got == 0;
    }
    const char* source = in_.data() + in_pos_;
    UErrorCode err = U_ZERO_ERROR;
    ucnv_convertEx(utf8_, gb_, &target, buf + n, &source, in_.data() + in_end_, pivot_.data(),
                   &pivot_source_, &pivot_target_, pivot_.data() + pivot_.size(), !started_,
                   in_eof_, &err);
    started_ = true;
    in_pos_ = source - in_.data();
    if (err == U_BUFFER_OVERFLOW_ERROR) break;  // `buf` is full; the rest waits in ICU
    if (U_FAILURE(err))
      return Status::invalid("not_gb18030", "the input is not GB18030 text");
    if (in_eof_) done_ = true;  // flushed: everything has been converted
  }
  return static_cast<std::size_t>(target - buf);
}

Result<TextEncoding> detect_encoding(const std::string& path) {
  int64_t bad_line = 0;
  bool has_nul = false;
  {
    CORDON_ASSIGN_OR_RETURN(auto file, FileSource::open(path));
    CORDON_ASSIGN_OR_RETURN(bool utf8, is_utf8_file(*file, bad_line, has_nul));
    if (utf8) return TextEncoding::kUtf8;
    if (has_nul) return unknown_encoding(path, " (it holds NUL bytes: UTF-16 or not text)");
  }
  CORDON_ASSIGN_OR_RETURN(auto file, FileSource::open(path));
  CORDON_ASSIGN_OR_RETURN(auto gb, Gb18030Source::open(*file));
  std::vector<char> sink(kChunk);
  for (;;) {
    auto got = gb->read(sink.data(), sink.size());
    if (!got.ok()) {
      if (got.status().code() == "not_gb18030")
        return unknown_encoding(path,
                                " (line " + std::to_string(bad_line) + " is not valid UTF-8)");
      return got.status();
    }
    if (*got == 0) return TextEncoding::kGb18030;
  }
}

Result<TextFile> open_text_file(const std::string& path) {
  TextFile out;
  CORDON_ASSIGN_OR_RETURN(out.encoding, detect_encoding(path));
  CORDON_ASSIGN_OR_RETURN(out.file, FileSource::open(path));
  if (out.encoding == TextEncoding::kGb18030) {
    CORDON_ASSIGN_OR_RETURN(out.converter, Gb18030Source::open(*out.file));
  }
  return out;
}

}  // namespace cordon::service
