#include "service/csv.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace cordon::service {
namespace {

using Fields = std::vector<std::string>;

// Every record of `text`, read through chunks of `chunk` bytes and a reader buffer of
// `buffer` bytes, so that records, quotes and line ends fall across every boundary.
std::vector<CsvRecord> read_all(const std::string& text, std::size_t chunk = SIZE_MAX,
                                std::size_t buffer = 1 << 16) {
  StringSource source(text, chunk);
  CsvReader reader(source, buffer);
  std::vector<CsvRecord> out;
  CsvRecord r;
  for (;;) {
    auto more = reader.next(r);
    EXPECT_TRUE(more.ok()) << more.status().to_string();
    if (!more.ok() || !*more) break;
    out.push_back(r);
  }
  return out;
}

TEST(CsvReader, PlainRecordsWithLf) {
  auto rs = read_all("a,b,c\n1,2,3\n");
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(rs[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(rs[0].line, 1);
  EXPECT_EQ(rs[1].line, 2);
}

TEST(CsvReader, CrlfAndLoneCrAndNoFinalNewline) {
  auto rs = read_all("a,b\r\n1,2\r3,4");
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[1].fields, (Fields{"1", "2"}));
  EXPECT_EQ(rs[2].fields, (Fields{"3", "4"}));
  EXPECT_EQ(rs[2].line, 3);
}

TEST(CsvReader, QuotedFieldsWithCommasQuotesAndNewlines) {
  auto rs = read_all("name,address\r\n\"刘, 东升\",\"3栋\"\"2\"\"单元\r\n501室\"\r\nx,y\r\n");
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[1].fields, (Fields{"刘, 东升", "3栋\"2\"单元\r\n501室"}));
  EXPECT_EQ(rs[1].line, 2);
  // The quoted line break moved the next record down one line.
  EXPECT_EQ(rs[2].line, 4);
}

TEST(CsvReader, LineNumbersAfterLfAndLoneCrInsideQuotes) {
  auto rs = read_all("h\n\"a\nb\rc\r\nd\"\nnext\n");
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[1].fields[0], "a\nb\rc\r\nd");
  EXPECT_EQ(rs[2].line, 6);
}

TEST(CsvReader, EmptyFieldsAndEmptyQuotedField) {
  auto rs = read_all(",,\n\"\",x,\n");
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].fields, (Fields{"", "", ""}));
  EXPECT_EQ(rs[1].fields, (Fields{"", "x", ""}));
}

TEST(CsvReader, BlankLinesAreSkippedButCounted) {
  auto rs = read_all("a\n\n\r\nb\n\n");
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[1].fields, (Fields{"b"}));
  EXPECT_EQ(rs[1].line, 4);
}

TEST(CsvReader, QuotedEmptyLineIsARecord) {
  auto rs = read_all("a\n\"\"\nb\n");
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[1].fields, (Fields{""}));
}

TEST(CsvReader, StripsBomOnlyAtStart) {
  auto rs = read_all("\xEF\xBB\xBFname\n\xEF\xBB\xBFx\n", 1);
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].fields[0], "name");
  EXPECT_EQ(rs[1].fields[0], "\xEF\xBB\xBFx");
}

TEST(CsvReader, ShortInputsAroundTheBomCheck) {
  EXPECT_TRUE(read_all("").empty());
  EXPECT_TRUE(read_all("\xEF\xBB\xBF").empty());
  auto rs = read_all("a");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].fields[0], "a");
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsLiteral) {
  auto rs = read_all("ab\"c,d\n");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].fields, (Fields{"ab\"c", "d"}));
  EXPECT_TRUE(rs[0].error.empty());
}

TEST(CsvReader, TextAfterClosingQuoteFlagsTheRecordAndReadsOn) {
  auto rs = read_all("\"ab\"c,d\nnext,1\n");
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_FALSE(rs[0].error.empty());
  EXPECT_EQ(rs[0].fields, (Fields{"abc", "d"}));
  EXPECT_TRUE(rs[1].error.empty());
  EXPECT_EQ(rs[1].fields, (Fields{"next", "1"}));
  EXPECT_EQ(rs[1].line, 2);
}

TEST(CsvReader, UnclosedQuoteFlagsTheLastRecord) {
  auto rs = read_all("a,b\n1,\"open\n2,3\n");
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_TRUE(rs[0].error.empty());
  EXPECT_NE(rs[1].error.find("never closed"), std::string::npos);
  EXPECT_EQ(rs[1].line, 2);
}

TEST(CsvReader, ClosingQuoteAtEndOfInput) {
  auto rs = read_all("\"a\"\"\"");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].fields[0], "a\"");
  EXPECT_TRUE(rs[0].error.empty());
}

TEST(CsvReader, SameResultWhateverTheChunking) {
  std::string text =
      "\xEF\xBB\xBFname,note\r\n\"x\"\"y\",\"1\r\n2\"\r\nplain,\"\"\r\n\"q\"tail,z\r\n\"\",\"\"\"\"\n";
  auto whole = read_all(text);
  for (std::size_t chunk : {1, 2, 3, 5, 7}) {
    for (std::size_t buffer : {16, 17, 64}) {
      auto parts = read_all(text, chunk, buffer);
      ASSERT_EQ(parts.size(), whole.size()) << chunk << "/" << buffer;
      for (std::size_t i = 0; i < whole.size(); ++i) {
        EXPECT_EQ(parts[i].fields, whole[i].fields) << chunk << "/" << buffer << " #" << i;
        EXPECT_EQ(parts[i].line, whole[i].line);
        EXPECT_EQ(parts[i].error, whole[i].error);
      }
    }
  }
}

TEST(CsvReader, FieldLongerThanTheBuffer) {
  std::string big(1000, 'x');
  auto rs = read_all(big + ",\"" + big + "\"\n", 3, 16);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].fields, (Fields{big, big}));
}

class FailingSource : public ByteSource {
 public:
  Result<std::size_t> read(char* buf, std::size_t n) override {
    if (calls_++ == 0) {
      buf[0] = 'a';
      return std::size_t{1};
    }
    return Status::internal("read_failed", "disk on fire");
  }

 private:
  int calls_ = 0;
};

TEST(CsvReader, SourceFailureIsReturned) {
  FailingSource source;
  CsvReader reader(source);
  CsvRecord r;
  auto more = reader.next(r);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.status().code(), "read_failed");
}

TEST(CsvField, QuotesOnlyWhatNeedsQuoting) {
  auto field = [](std::string_view s) {
    std::string out;
    append_csv_field(out, s);
    return out;
  };
  EXPECT_EQ(field("plain 文本"), "plain 文本");
  EXPECT_EQ(field(""), "");
  EXPECT_EQ(field("a,b"), "\"a,b\"");
  EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(field("1\n2"), "\"1\n2\"");
  EXPECT_EQ(field("1\r2"), "\"1\r2\"");
}

TEST(CsvWriter, WritesWhatTheReaderReadsBack) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Fields tricky{"刘东升", "a,b", "\"q\"", "line1\r\nline2", "", " spaced "};
  {
    CsvWriter w(f);
    w.write_bom();
    w.write({"h1", "h2", "h3", "h4", "h5", "h6"});
    w.write(tricky);
    ASSERT_TRUE(w.flush().ok());
  }
  std::rewind(f);
  std::string text;
  char buf[256];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  EXPECT_TRUE(text.starts_with("\xEF\xBB\xBFh1,h2"));
  auto rs = read_all(text);
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[1].fields, tricky);
}

TEST(CsvWriter, ReportsAFileThatRefusesBytes) {
  std::FILE* f = std::fopen("/dev/full", "wb");
  if (f == nullptr) GTEST_SKIP() << "no /dev/full";
  {
    CsvWriter w(f);
    w.write({"x"});
    Status s = w.flush();
    EXPECT_EQ(s.code(), "write_failed");
  }
  std::fclose(f);
}

}  // namespace
}  // namespace cordon::service
