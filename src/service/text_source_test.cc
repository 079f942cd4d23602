#include "service/text_source.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/test_util.h"

namespace cordon::service {
namespace {

using store::testing::TempDir;

// 刘东升 in GB18030/GBK (checked with `printf '刘东升' | iconv -t GB18030 | xxd`).
constexpr char kLiuDongshengGbk[] = "\xC1\xF5\xB6\xAB\xC9\xFD";

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_all(ByteSource& source, std::size_t chunk = 4096) {
  std::string out;
  std::vector<char> buf(chunk);
  for (;;) {
    auto got = source.read(buf.data(), buf.size());
    EXPECT_TRUE(got.ok()) << got.status().to_string();
    if (!got.ok() || *got == 0) return out;
    out.append(buf.data(), *got);
  }
}

TEST(TextSource, Utf8WithAndWithoutBom) {
  TempDir dir;
  write_file(dir.file("plain.csv"), "name\n刘东升\n");
  write_file(dir.file("bom.csv"), "\xEF\xBB\xBFname\n刘东升\n");
  for (const char* name : {"plain.csv", "bom.csv"}) {
    auto enc = detect_encoding(dir.file(name));
    ASSERT_TRUE(enc.ok()) << enc.status().to_string();
    EXPECT_EQ(*enc, TextEncoding::kUtf8) << name;
  }
  auto text = open_text_file(dir.file("bom.csv"));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(read_all(text->utf8()), "\xEF\xBB\xBFname\n刘东升\n");
  EXPECT_EQ(text->file->position(), text->file->size());
}

TEST(TextSource, GbkIsDetectedAndConverted) {
  TempDir dir;
  write_file(dir.file("gbk.csv"), std::string("name\r\n") + kLiuDongshengGbk + "\r\n");
  auto text = open_text_file(dir.file("gbk.csv"));
  ASSERT_TRUE(text.ok()) << text.status().to_string();
  EXPECT_EQ(text->encoding, TextEncoding::kGb18030);
  EXPECT_EQ(read_all(text->utf8()), "name\r\n刘东升\r\n");
}

TEST(TextSource, GbkConversionInTinyReadsLosesNothing) {
  TempDir dir;
  std::string gbk, utf8;
  for (int i = 0; i < 500; ++i) {
    gbk += std::string(kLiuDongshengGbk) + ",";
    utf8 += "刘东升,";
  }
  write_file(dir.file("gbk.csv"), gbk);
  for (std::size_t chunk : {1, 2, 5}) {
    auto text = open_text_file(dir.file("gbk.csv"));
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(read_all(text->utf8(), chunk), utf8) << chunk;
  }
}

TEST(TextSource, Utf8SequencesAcrossTheScanChunkBoundary) {
  TempDir dir;
  // 3-byte characters past 1 MiB: some character straddles each chunk boundary.
  std::string text;
  for (int i = 0; i < 400000; ++i) text += "刘";
  write_file(dir.file("big.csv"), text);
  auto enc = detect_encoding(dir.file("big.csv"));
  ASSERT_TRUE(enc.ok()) << enc.status().to_string();
  EXPECT_EQ(*enc, TextEncoding::kUtf8);
}

TEST(TextSource, NeitherUtf8NorGbkIsRefusedWithAdvice) {
  TempDir dir;
  // Latin-1 "café": 0xE9 followed by a line feed is no GB18030 sequence either.
  write_file(dir.file("latin1.csv"), "name\nok\ncaf\xE9\n");
  auto enc = detect_encoding(dir.file("latin1.csv"));
  ASSERT_FALSE(enc.ok());
  EXPECT_EQ(enc.status().code(), "unknown_encoding");
  const std::string& m = enc.status().message();
  EXPECT_NE(m.find("latin1.csv is neither UTF-8 nor GBK"), std::string::npos) << m;
  EXPECT_NE(m.find("line 3"), std::string::npos) << m;
  EXPECT_NE(m.find("save it as UTF-8 (Excel: CSV UTF-8)"), std::string::npos) << m;
  EXPECT_FALSE(open_text_file(dir.file("latin1.csv")).ok());
}

TEST(TextSource, TruncatedSequenceAtTheEndIsRefused) {
  TempDir dir;
  write_file(dir.file("cut.csv"), "name\nab\xE5");
  auto enc = detect_encoding(dir.file("cut.csv"));
  ASSERT_FALSE(enc.ok());
  EXPECT_EQ(enc.status().code(), "unknown_encoding");
}

TEST(TextSource, Utf16IsRefused) {
  TempDir dir;
  write_file(dir.file("utf16.csv"), std::string("\xFF\xFEn\0a\0m\0e\0", 10));
  auto enc = detect_encoding(dir.file("utf16.csv"));
  ASSERT_FALSE(enc.ok());
  EXPECT_EQ(enc.status().code(), "unknown_encoding");
  EXPECT_NE(enc.status().message().find("NUL"), std::string::npos);
}

TEST(TextSource, OverlongAndSurrogateFormsAreNotUtf8) {
  TempDir dir;
  // C0 AF is an overlong '/', ED A0 80 a surrogate; neither is GB18030 followed by '\n'
  // or ASCII either, so both files are refused rather than misread.
  write_file(dir.file("overlong.csv"), "a\xC0\n");
  write_file(dir.file("surrogate.csv"), "a\xED\xA0\x80\n");
  EXPECT_EQ(detect_encoding(dir.file("overlong.csv")).status().code(), "unknown_encoding");
  auto s = detect_encoding(dir.file("surrogate.csv"));
  // ED A0 is a valid GBK pair and 80 is not: refused either way.
  EXPECT_EQ(s.status().code(), "unknown_encoding");
}

TEST(TextSource, MissingFile) {
  TempDir dir;
  auto enc = detect_encoding(dir.file("nope.csv"));
  ASSERT_FALSE(enc.ok());
  EXPECT_EQ(enc.status().kind(), Status::Kind::kNotFound);
  EXPECT_NE(enc.status().message().find("nope.csv"), std::string::npos);
}

TEST(TextSource, DirectoryIsNotAFile) {
  TempDir dir;
  auto f = FileSource::open(dir.file(""));
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), "open_failed");
}

TEST(Gb18030Source, StopsAtAnIllegalSequence) {
  StringSource bytes(std::string(kLiuDongshengGbk) + "\x80\x0A");
  auto gb = Gb18030Source::open(bytes);
  ASSERT_TRUE(gb.ok());
  char buf[64];
  Status failure;
  for (int i = 0; i < 10 && failure.ok(); ++i) {
    auto got = (*gb)->read(buf, sizeof buf);
    if (!got.ok()) failure = got.status();
    else if (*got == 0) break;
  }
  EXPECT_EQ(failure.code(), "not_gb18030");
}

}  // namespace
}  // namespace cordon::service
