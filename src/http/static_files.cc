#include "http/static_files.h"

#include <array>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>

namespace cordon::http {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kAssetsPrefix = "assets/";
constexpr std::string_view kIndex = "index.html";
// Scripts and styles only from this server (every script is bundled); inline styles are
// allowed because the chart library sets them; the app may not be framed.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

struct ContentType {
  std::string_view extension;
  std::string_view type;
};
constexpr std::array<ContentType, 16> kContentTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".webp", "image/webp"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
}};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_within(const fs::path& root, const fs::path& candidate) {
  auto r = root.begin();
  auto c = candidate.begin();
  for (; r != root.end(); ++r, ++c) {
    if (c == candidate.end() || *r != *c) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> safe_relative_path(std::string_view url_path) {
  if (url_path.empty() || url_path.front() != '/') return std::nullopt;
  std::string_view rest = url_path.substr(1);
  if (rest.empty()) return std::string();
  if (rest.find('\\') != std::string_view::npos || rest.find('\0') != std::string_view::npos)
    return std::nullopt;
  std::size_t start = 0;
  while (start <= rest.size()) {
    std::size_t end = rest.find('/', start);
    if (end == std::string_view::npos) end = rest.size();
    std::string_view segment = rest.substr(start, end - start);
    // A trailing slash leaves one empty last segment: "/persons/" is the SPA route.
    bool last = end == rest.size();
    if (segment.empty() && !(last && start == rest.size())) return std::nullopt;
    if (segment == "." || segment == "..") return std::nullopt;
    start = end + 1;
  }
  return std::string(rest);
}

std::string_view content_type_for(std::string_view file_name) {
  for (const auto& [extension, type] : kContentTypes)
    if (ends_with(file_name, extension)) return type;
  return "application/octet-stream";
}

StaticFiles::StaticFiles(const fs::path& root) {
  std::error_code ec;
  root_ = fs::weakly_canonical(root, ec);
  if (ec) root_ = root;
}

std::optional<Response> StaticFiles::file_response(const std::string& relative) const {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(root_ / relative, ec);
  if (ec || !is_within(root_, canonical) || !fs::is_regular_file(canonical, ec)) return std::nullopt;
  std::ifstream in(canonical, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream body;
  body << in.rdbuf();
  if (in.bad()) return std::nullopt;
  Response resp;
  resp.content_type = std::string(content_type_for(relative));
  resp.body = std::move(body).str();
  const bool hashed = relative.starts_with(kAssetsPrefix);
  resp.set_header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  resp.set_header("X-Content-Type-Options", "nosniff");
  if (ends_with(relative, ".html")) {
    resp.set_header("Content-Security-Policy", std::string(kContentSecurityPolicy));
    resp.set_header("Referrer-Policy", "same-origin");
  }
  return resp;
}

Response StaticFiles::serve(const Request& request) const {
  auto relative = safe_relative_path(request.path);
  if (!relative) return problem_response(404, "not_found", "no resource at this path");
  if (!relative->empty() && relative->back() != '/') {
    if (auto file = file_response(*relative)) return std::move(*file);
    if (relative->starts_with(kAssetsPrefix))
      return problem_response(404, "not_found", "no such file");
  }
  if (auto index = file_response(std::string(kIndex))) return std::move(*index);
  return problem_response(404, "not_found", "the web UI is not built (npm run build in web/)");
}

Route StaticFiles::fallback_route() const {
  RouteDoc doc;
  doc.summary = "The web UI's files, and index.html for its routes";
  doc.permission = "public";
  doc.tag = "web";
  return Route{"GET", "/{path}", [this](const Request& r) { return serve(r); }, std::move(doc)};
}

}  // namespace cordon::http
