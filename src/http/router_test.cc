#include "http/router.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

namespace cordon::http {
namespace {

namespace json = boost::json;

Handler answer(std::string name) {
  return [name](const Request& request) {
    json::object body{{"handler", name}};
    json::object params;
    for (const auto& [k, v] : request.path_params) params[k] = v;
    body["params"] = std::move(params);
    return json_response(200, body);
  };
}

Route route(std::string method, std::string pattern, Handler handler, RouteDoc doc = {}) {
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.handler = std::move(handler);
  r.doc = std::move(doc);
  return r;
}

Request request(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

json::object body_of(const Response& response) { return json::parse(response.body).as_object(); }

std::string header_of(const Response& response, std::string_view name) {
  for (const auto& [k, v] : response.headers) {
    if (k == name) return v;
  }
  return "<absent>";
}

// Checks the problem+json shape every error answer must have.
void expect_problem(const Response& response, int status, std::string_view code) {
  EXPECT_EQ(response.status, status);
  EXPECT_EQ(response.content_type, "application/problem+json");
  auto body = body_of(response);
  EXPECT_EQ(body.at("type"), "about:blank");
  EXPECT_EQ(body.at("status"), status);
  EXPECT_EQ(body.at("code"), json::value(json::string(code)));
  EXPECT_TRUE(body.at("title").is_string());
  EXPECT_FALSE(body.at("title").as_string().empty());
  EXPECT_TRUE(body.at("detail").is_string());
  EXPECT_TRUE(body.at("errors").is_array());
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The pattern is registered before the exact path on purpose: exact must still win.
    router_.add(route("GET", "/api/v1/persons/{id}", answer("person")));
    router_.add(route("GET", "/api/v1/persons/search", answer("search")));
    router_.add(route("PATCH", "/api/v1/persons/{id}", answer("patch_person")));
    router_.add(route("DELETE", "/api/v1/persons/{id}", answer("delete_person")));
    router_.add(route("GET", "/api/v1/sites/{site}/rooms/{room}", answer("room")));
    router_.add(route("POST", "/api/v1/sites/{site}/rooms/{room}/check-in", answer("check_in")));
    router_.add(route("GET", "/boom", [](const Request&) -> Response {
      throw std::runtime_error("secret: SELECT * FROM persons WHERE id_number='110101'");
    }));
  }

  std::string handler_of(const std::string& method, const std::string& path) {
    Response r = router_.dispatch(request(method, path));
    if (r.status != 200) return "status " + std::to_string(r.status);
    return std::string(body_of(r).at("handler").as_string());
  }

  Router router_;
};

TEST_F(RouterTest, ExactPathWinsOverPatternRegisteredEarlier) {
  EXPECT_EQ(handler_of("GET", "/api/v1/persons/search"), "search");
  EXPECT_EQ(handler_of("GET", "/api/v1/persons/12"), "person");
}

TEST_F(RouterTest, PatternOfAnotherMethodStillMatchesBesideAnExactPath) {
  // DELETE exists only as a pattern; the exact GET route must not hide it.
  EXPECT_EQ(handler_of("DELETE", "/api/v1/persons/search"), "delete_person");
}

TEST_F(RouterTest, FillsPathParams) {
  auto m = router_.match("GET", "/api/v1/sites/s7/rooms/301");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/sites/{site}/rooms/{room}");
  EXPECT_EQ(m.path_params, (std::map<std::string, std::string>{{"site", "s7"}, {"room", "301"}}));

  auto body = body_of(router_.dispatch(request("POST", "/api/v1/sites/s7/rooms/301/check-in")));
  EXPECT_EQ(body.at("handler"), "check_in");
  EXPECT_EQ(body.at("params").at("room"), "301");
}

TEST_F(RouterTest, ParameterNeedsOneNonEmptySegment) {
  EXPECT_EQ(handler_of("GET", "/api/v1/persons/"), "status 404");
  EXPECT_EQ(handler_of("GET", "/api/v1/persons/1/2"), "status 404");
  EXPECT_EQ(handler_of("GET", "/api/v1/persons"), "status 404");
  EXPECT_EQ(handler_of("GET", "/api/v1/sites//rooms/1"), "status 404");
}

TEST_F(RouterTest, UnknownPathIsNotFoundProblem) {
  Response r = router_.dispatch(request("GET", "/api/v1/nothing"));
  expect_problem(r, 404, "not_found");
  EXPECT_TRUE(body_of(r).at("errors").as_array().empty());
  EXPECT_EQ(header_of(r, "Allow"), "<absent>");
}

TEST_F(RouterTest, OtherMethodIsMethodNotAllowedWithSortedAllow) {
  Response r = router_.dispatch(request("POST", "/api/v1/persons/12"));
  expect_problem(r, 405, "method_not_allowed");
  EXPECT_EQ(header_of(r, "Allow"), "DELETE, GET, PATCH");

  // An exact path and the patterns it also matches contribute their methods.
  Response s = router_.dispatch(request("PUT", "/api/v1/persons/search"));
  expect_problem(s, 405, "method_not_allowed");
  EXPECT_EQ(header_of(s, "Allow"), "DELETE, GET, PATCH");
}

TEST_F(RouterTest, HandlerExceptionIsInternalWithoutLeakingTheMessage) {
  Response r = router_.dispatch(request("GET", "/boom"));
  expect_problem(r, 500, "internal");
  EXPECT_EQ(r.body.find("secret"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos) << r.body;
}

TEST_F(RouterTest, NonStdExceptionIsInternalToo) {
  Router router;
  router.add(route("GET", "/x", [](const Request&) -> Response { throw 42; }));
  expect_problem(router.dispatch(request("GET", "/x")), 500, "internal");
}

TEST(RouterDeathTest, DuplicateRouteAborts) {
  Router router;
  router.add(route("GET", "/persons/{id}", answer("a")));
  EXPECT_DEATH(router.add(route("GET", "/persons/{pid}", answer("b"))), "duplicate route");
}

TEST(RouterDeathTest, MalformedPatternAborts) {
  Router router;
  EXPECT_DEATH(router.add(route("GET", "/persons/{id", answer("a"))), "malformed");
  EXPECT_DEATH(router.add(route("GET", "/persons/x{id}", answer("a"))), "malformed");
  EXPECT_DEATH(router.add(route("GET", "/persons/{}", answer("a"))), "malformed");
  EXPECT_DEATH(router.add(route("GET", "persons", answer("a"))), "start with");
  EXPECT_DEATH(router.add(route("GET", "/a/{id}/b/{id}", answer("a"))), "duplicate parameter");
}

TEST(MessageTest, StatusKindsMapToHttpStatuses) {
  using K = Status::Kind;
  EXPECT_EQ(http_status_for(K::kMalformed), 400);
  EXPECT_EQ(http_status_for(K::kInvalid), 422);
  EXPECT_EQ(http_status_for(K::kUnauthenticated), 401);
  EXPECT_EQ(http_status_for(K::kForbidden), 403);
  EXPECT_EQ(http_status_for(K::kNotFound), 404);
  EXPECT_EQ(http_status_for(K::kConflict), 409);
  EXPECT_EQ(http_status_for(K::kTooManyRequests), 429);
  EXPECT_EQ(http_status_for(K::kUnavailable), 503);
  EXPECT_EQ(http_status_for(K::kInternal), 500);
}

TEST(MessageTest, ProblemCarriesEveryFieldError) {
  Status s = Status::invalid("validation_failed", "two fields are wrong");
  s.add({"id_number", "bad_checksum", "checksum does not match"});
  s.add({"address.grid_id", "unknown", "no such grid"});
  Response r = problem_response(s);
  expect_problem(r, 422, "validation_failed");
  auto body = body_of(r);
  EXPECT_EQ(body.at("title"), "Unprocessable Content");
  EXPECT_EQ(body.at("detail"), "two fields are wrong");
  const auto& errors = body.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[1].at("field"), "address.grid_id");
  EXPECT_EQ(errors[1].at("code"), "unknown");
  EXPECT_EQ(errors[1].at("message"), "no such grid");
  EXPECT_EQ(header_of(r, "Retry-After"), "<absent>");
}

TEST(MessageTest, RetryAfterOnlyOnTooManyRequestsAndUnavailable) {
  EXPECT_EQ(
      header_of(problem_response(Status::too_many_requests("rate", "slow down")), "Retry-After"),
      "1");
  EXPECT_EQ(header_of(problem_response(Status::unavailable("overloaded", "busy")), "Retry-After"),
            "1");
  EXPECT_EQ(header_of(problem_response(Status::conflict("dup", "duplicate")), "Retry-After"),
            "<absent>");
  EXPECT_EQ(header_of(problem_response(Status::not_found("x", "y")), "Retry-After"), "<absent>");
}

TEST(MessageTest, ProblemOfOkStatusIsInternal) {
  expect_problem(problem_response(Status()), 500, "internal");
}

TEST(MessageTest, JsonResponseSerializes) {
  Response r = json_response(201, json::object{{"id", 7}, {"name", "刘东升"}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(json::parse(r.body), (json::object{{"id", 7}, {"name", "刘东升"}}));
}

TEST(MessageTest, ParseJsonObject) {
  Request r;
  r.body = R"({"name": "liu", "age": 30})";
  auto ok = parse_json_object(r);
  ASSERT_TRUE(ok.ok()) << ok.status().to_string();
  EXPECT_EQ(ok->at("name"), "liu");

  for (const char* bad : {"", "{", "[1, 2]", "\"text\"", "{\"a\": 1} trailing", "nul"}) {
    r.body = bad;
    auto result = parse_json_object(r);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.status().kind(), Status::Kind::kMalformed) << bad;
    EXPECT_EQ(result.status().code(), "malformed_json") << bad;
  }
}

TEST(MessageTest, RequestHelpers) {
  Request r;
  r.query = {{"q", "first"}, {"q", "second"}, {"limit", "10"}};
  r.headers = {{"idempotency-key", "abc"}};
  r.path_params = {{"id", "12"}};
  EXPECT_EQ(r.query_param("q"), "first");
  EXPECT_EQ(r.query_param("limit"), "10");
  EXPECT_EQ(r.query_param("cursor"), std::nullopt);
  EXPECT_EQ(r.header("idempotency-key"), "abc");
  EXPECT_EQ(r.header("authorization"), std::nullopt);
  EXPECT_EQ(r.path_param("id"), "12");
  EXPECT_EQ(r.path_param("other"), "");
}

TEST(OpenApiTest, DescribesEveryRoute) {
  Router router;
  RouteDoc get_doc;
  get_doc.summary = "Read a person";
  get_doc.permission = "persons.read";
  get_doc.tag = "persons";
  get_doc.response_schema = json::object{{"type", "object"}};
  router.add(route("GET", "/api/v1/persons/{id}", answer("a"), get_doc));

  RouteDoc create_doc;
  create_doc.summary = "Register a person";
  create_doc.permission = "persons.write";
  create_doc.tag = "persons";
  create_doc.request_schema = json::object{{"type", "object"}, {"required", json::array{"name"}}};
  create_doc.responses = {{201, "Created"}, {409, "duplicate id_number"}};
  router.add(route("POST", "/api/v1/persons", answer("b"), create_doc));

  RouteDoc list_doc;
  list_doc.permission = "persons.read";
  list_doc.query_params = {"limit", "cursor"};
  router.add(route("GET", "/api/v1/persons", answer("c"), list_doc));

  RouteDoc health_doc;
  health_doc.permission = "public";
  Route health = route("GET", "/healthz", answer("d"), health_doc);
  health.inline_handler = true;
  router.add(std::move(health));

  json::value doc = router.openapi("cordon", "0.1.0");
  SCOPED_TRACE(json::serialize(doc));
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  EXPECT_EQ(doc.at("info").at("title"), "cordon");
  EXPECT_EQ(doc.at("info").at("version"), "0.1.0");

  const auto& paths = doc.at("paths").as_object();
  for (const Route& r : router.routes()) {
    std::string method = r.method == "GET" ? "get" : "post";
    ASSERT_TRUE(paths.contains(r.pattern)) << r.pattern;
    ASSERT_TRUE(paths.at(r.pattern).as_object().contains(method)) << r.pattern;
    EXPECT_EQ(paths.at(r.pattern).at(method).at("x-permission"), json::value(r.doc.permission))
        << r.pattern;
  }

  const auto& get = paths.at("/api/v1/persons/{id}").at("get");
  EXPECT_EQ(get.at("summary"), "Read a person");
  EXPECT_EQ(get.at("tags"), (json::array{"persons"}));
  const auto& param = get.at("parameters").at(0);
  EXPECT_EQ(param.at("name"), "id");
  EXPECT_EQ(param.at("in"), "path");
  EXPECT_EQ(param.at("required"), true);
  EXPECT_EQ(get.at("responses").at("200").at("content").at("application/json").at("schema"),
            (json::object{{"type", "object"}}));
  EXPECT_TRUE(get.at("responses").as_object().contains("404"));
  EXPECT_TRUE(get.at("responses").as_object().contains("401"));
  EXPECT_TRUE(get.at("responses").as_object().contains("403"));
  EXPECT_FALSE(get.at("responses").as_object().contains("422"));
  EXPECT_FALSE(get.as_object().contains("requestBody"));

  const auto& post = paths.at("/api/v1/persons").at("post");
  EXPECT_EQ(post.at("requestBody").at("content").at("application/json").at("schema").at("required"),
            (json::array{"name"}));
  const auto& post_responses = post.at("responses").as_object();
  EXPECT_TRUE(post_responses.contains("201"));
  EXPECT_FALSE(post_responses.contains("200"));
  EXPECT_TRUE(post_responses.contains("400"));
  EXPECT_TRUE(post_responses.contains("422"));
  EXPECT_FALSE(post_responses.contains("404"));
  EXPECT_EQ(post_responses.at("409").at("description"), "duplicate id_number");
  EXPECT_EQ(
      post_responses.at("409").at("content").at("application/problem+json").at("schema").at("$ref"),
      "#/components/schemas/Problem");

  const auto& list = paths.at("/api/v1/persons").at("get");
  ASSERT_EQ(list.at("parameters").as_array().size(), 2u);
  EXPECT_EQ(list.at("parameters").at(0).at("name"), "limit");
  EXPECT_EQ(list.at("parameters").at(0).at("in"), "query");

  const auto& healthz = paths.at("/healthz").at("get");
  EXPECT_FALSE(healthz.at("responses").as_object().contains("401"));
  EXPECT_FALSE(healthz.at("responses").as_object().contains("503"));

  // Every $ref points at something the document defines.
  const auto& components = doc.at("components");
  EXPECT_TRUE(components.at("schemas").as_object().contains("Problem"));
  for (const auto& [status, response] : get.at("responses").as_object()) {
    if (!response.as_object().contains("$ref")) continue;
    std::string ref(response.at("$ref").as_string());
    std::string prefix = "#/components/responses/";
    ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
    EXPECT_TRUE(components.at("responses").as_object().contains(ref.substr(prefix.size()))) << ref;
  }
}

TEST(RouterFallback, AnswersUnknownGetOutsideApiOnly) {
  Router router;
  router.add(route("GET", "/api/v1/persons", answer("persons")));
  router.add(route("POST", "/login", answer("login")));
  router.set_fallback(route("GET", "/{path}", answer("web")));

  EXPECT_EQ(body_of(router.dispatch(request("GET", "/persons/12"))).at("handler"), "web");
  EXPECT_EQ(body_of(router.dispatch(request("GET", "/"))).at("handler"), "web");
  EXPECT_EQ(body_of(router.dispatch(request("GET", "/api/v1/persons"))).at("handler"), "persons");
  expect_problem(router.dispatch(request("GET", "/api/v1/nothing")), 404, "not_found");
  expect_problem(router.dispatch(request("GET", "/api")), 404, "not_found");
  expect_problem(router.dispatch(request("POST", "/persons/12")), 404, "not_found");
  // A path that exists with another method still answers 405, not the web UI.
  expect_problem(router.dispatch(request("GET", "/login")), 405, "method_not_allowed");
  EXPECT_EQ(router.routes().size(), 2u);
  EXPECT_EQ(router.openapi("t", "1").at("paths").as_object().size(), 2u);
}

}  // namespace
}  // namespace cordon::http
