#include "http/static_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace cordon::http {
namespace {

namespace fs = std::filesystem;

std::string header_of(const Response& response, std::string_view name) {
  for (const auto& [k, v] : response.headers)
    if (k == name) return v;
  return "<absent>";
}

Request get(std::string path) {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  return r;
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("cordon_static_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    root_ = base_ / "dist";
    write_file(root_ / "index.html", "<html>app</html>");
    write_file(root_ / "assets" / "index-3f2a.js", "console.log(1)");
    write_file(root_ / "assets" / "index-3f2a.css", "body{}");
    write_file(root_ / "favicon.svg", "<svg/>");
    write_file(base_ / "secret.txt", "secret");
  }
  void TearDown() override { fs::remove_all(base_); }

  fs::path base_;
  fs::path root_;
};

TEST(SafeRelativePath, AcceptsPlainPaths) {
  EXPECT_EQ(safe_relative_path("/"), "");
  EXPECT_EQ(safe_relative_path("/assets/a-1.js"), "assets/a-1.js");
  EXPECT_EQ(safe_relative_path("/persons/"), "persons/");
  EXPECT_EQ(safe_relative_path("/persons/12"), "persons/12");
  EXPECT_EQ(safe_relative_path("/..."), "...");  // a name, not a parent
}

TEST(SafeRelativePath, RefusesTraversal) {
  const std::string_view kBad[] = {"", "assets/a.js", "/..", "/../secret.txt", "/assets/../../secret.txt", "/a/./b",
        "/.", "//etc/passwd", "/a//b", "/..\\secret.txt", "/assets\\..\\x",
                                   std::string_view("/a\0b", 4)};
  for (std::string_view bad : kBad) {
    EXPECT_EQ(safe_relative_path(bad), std::nullopt) << bad;
  }
}

TEST(ContentType, ByExtension) {
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("assets/a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("assets/a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("f.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("f.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("f.unknown"), "application/octet-stream");
  EXPECT_EQ(content_type_for("Makefile"), "application/octet-stream");
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
  StaticFiles files(root_);
  Response r = files.serve(get("/assets/index-3f2a.js"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log(1)");
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header_of(r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(files.serve(get("/assets/index-3f2a.css")).content_type, "text/css; charset=utf-8");
}

TEST_F(StaticFilesTest, IndexAndOtherFilesAreRevalidated) {
  StaticFiles files(root_);
  for (const char* path : {"/", "/index.html"}) {
    Response r = files.serve(get(path));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, "<html>app</html>");
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(header_of(r, "Cache-Control"), "no-cache");
  }
  const std::string csp = header_of(files.serve(get("/")), "Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  Response icon = files.serve(get("/favicon.svg"));
  EXPECT_EQ(icon.content_type, "image/svg+xml");
  EXPECT_EQ(header_of(icon, "Cache-Control"), "no-cache");
  EXPECT_EQ(header_of(icon, "Content-Security-Policy"), "<absent>");
}

TEST_F(StaticFilesTest, ClientRoutesGetTheApp) {
  StaticFiles files(root_);
  for (const char* path : {"/persons", "/persons/12", "/persons/", "/audit?x"}) {
    Response r = files.serve(get(path));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, "<html>app</html>") << path;
    EXPECT_EQ(header_of(r, "Cache-Control"), "no-cache");
  }
}

TEST_F(StaticFilesTest, MissingAssetIsNotFoundNotTheApp) {
  StaticFiles files(root_);
  Response r = files.serve(get("/assets/index-old.js"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json");
}

TEST_F(StaticFilesTest, TraversalNeverReadsOutsideTheRoot) {
  StaticFiles files(root_);
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/..", "/a//b"}) {
    Response r = files.serve(get(path));
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << path;
  }
}

TEST_F(StaticFilesTest, SymbolicLinkOutOfTheRootIsRefused) {
  fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
  StaticFiles files(root_);
  Response r = files.serve(get("/leak.txt"));
  // Not the linked file: the app shell (as for any unknown path), never the secret.
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
  EXPECT_EQ(r.body, "<html>app</html>");
}

TEST_F(StaticFilesTest, DirectoryIsNotListed) {
  StaticFiles files(root_);
  Response r = files.serve(get("/assets"));
  EXPECT_EQ(r.body, "<html>app</html>");
}

TEST_F(StaticFilesTest, UnbuiltAppAnswersNotFound) {
  fs::remove(root_ / "index.html");
  StaticFiles files(root_);
  Response r = files.serve(get("/persons"));
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("not built"), std::string::npos);
}

}  // namespace
}  // namespace cordon::http
