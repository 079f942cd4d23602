// StaticFiles: serves the built web UI (web/dist) from a directory.
//
// GET answers, in order: a file below the root when the path names one; 404 for a
// missing file below /assets/ (a stale hashed name must not receive HTML); otherwise
// index.html, so the single-page app's own routes ("/persons/12") load the app. Files
// below /assets/ carry content hashes in their names and are cached for a year as
// immutable; everything else (index.html first) is served with "no-cache" so a new build
// is picked up at once. HTML carries a Content-Security-Policy that allows scripts only
// from this server and forbids framing.
//
// A path that could leave the root (a ".." or "." segment, a backslash, a NUL byte, an
// empty segment) is refused with 404 before the file system is touched, and a file whose
// canonical location lies outside the root (through a symbolic link) is refused too.
//
// Stateless apart from the root; safe to use from many threads at once.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"
#include "http/router.h"

namespace cordon::http {

// The relative file path a URL path names below the web root ("/assets/a.js" ->
// "assets/a.js", "/" -> ""), or nullopt when the path is unsafe (see above).
std::optional<std::string> safe_relative_path(std::string_view url_path);

// The Content-Type for a file name, by extension; "application/octet-stream" if unknown.
std::string_view content_type_for(std::string_view file_name);

class StaticFiles {
 public:
  // `root` holds index.html; it is canonicalized once here.
  explicit StaticFiles(const std::filesystem::path& root);

  // Answers a GET (see above). Never throws on I/O errors: an unreadable file is 404.
  Response serve(const Request& request) const;

  // The route to install as the router's fallback (Router::set_fallback). `this` must
  // outlive the router.
  Route fallback_route() const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::optional<Response> file_response(const std::string& relative) const;

  std::filesystem::path root_;
};

}  // namespace cordon::http
