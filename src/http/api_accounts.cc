// Routes of accounts: signing in and out, one's own password and API tokens, and the
// administration of accounts.
#include "core/permissions.h"
#include "http/api_internal.h"
#include "service/auth.h"
#include "service/cursor.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

const json::value& user_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"username", "string"}, {"display_name", "string"},
       {"role", "string"}, {"jurisdiction_id", "integer"}, {"disabled", "boolean"},
       {"must_change_password", "boolean"}, {"created_at", "string"}, {"updated_at", "string"}});
  return kSchema;
}

json::object token_json(const service::ApiToken& t) {
  json::object o;
  o["id"] = t.id;
  o["name"] = t.name;
  o["created_at"] = t.created_at.to_string();
  o["revoked_at"] = t.revoked_at ? json::value(t.revoked_at->to_string()) : json::value(nullptr);
  return o;
}

// The session cookie: HttpOnly so scripts cannot read it, SameSite=Strict so other sites
// cannot send it, and the CSRF token in a readable cookie for the web UI to echo.
void set_session_cookies(Response& resp, const service::LoginResult& login) {
  resp.set_header("Set-Cookie", "cordon_session=" + login.session_token +
                                    "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200");
  resp.set_header("Set-Cookie",
                  "cordon_csrf=" + login.csrf_token + "; Path=/; SameSite=Strict; Max-Age=43200");
}

void clear_session_cookies(Response& resp) {
  resp.set_header("Set-Cookie", "cordon_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  resp.set_header("Set-Cookie", "cordon_csrf=; Path=/; SameSite=Strict; Max-Age=0");
}

json::object me_json(const Actor& a) {
  json::object o;
  o["id"] = a.user_id;
  o["username"] = a.name;
  o["role"] = a.role;
  o["jurisdiction_id"] = a.jurisdiction_id ? json::value(*a.jurisdiction_id) : json::value(nullptr);
  o["must_change_password"] = a.must_change_password;
  json::array perms;
  if (auto role = parse_role(a.role))
    for (auto p : all_permissions())
      if (role_has(*role, p)) perms.push_back(json::value(std::string(p)));
  o["permissions"] = std::move(perms);
  return o;
}

Result<int64_t> path_id(const Request& r) { return parse_id(r.path_param("id")); }

}  // namespace

void register_accounts(Routes& routes) {
  service::AuthService& auth = routes.services().auth;

  routes.add({"POST", "/api/v1/session",
              [&auth](const Request& r, const Actor&) {
                RequestFields f(r);
                auto username = f.text("username");
                auto password = f.text("password");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto login = auth.login(username.value_or(""), password.value_or(""),
                                        r.remote_address);
                if (!login.ok()) return respond(login.status());
                json::object o = to_json(login->user);
                o["csrf_token"] = login->csrf_token;
                o["expires_at"] = login->expires_at.to_string();
                Response resp = json_response(201, o);
                set_session_cookies(resp, *login);
                return resp;
              },
              {"Sign in; sets the session cookie and returns the CSRF token", std::string(kPublic),
               "session", object_schema({{"username", "string"}, {"password", "string"}},
                                        {"username", "password"}),
               user_schema(), {}, {{401, "wrong username or password"},
                                   {429, "too many failed attempts; account or address locked"}}}});

  routes.add({"GET", "/api/v1/session",
              [](const Request&, const Actor& actor) { return json_response(200, me_json(actor)); },
              {"Who am I: the signed-in account, its role and permissions",
               std::string(kAuthenticated), "session"}});

  routes.add({"DELETE", "/api/v1/session",
              [&auth](const Request& r, const Actor&) {
                if (auto token = cookie(r, "cordon_session")) (void)auth.logout(*token);
                Response resp = respond(Status());
                clear_session_cookies(resp);
                return resp;
              },
              {"Sign out", std::string(kAuthenticated), "session"}});

  routes.add({"POST", "/api/v1/session/password",
              [&auth](const Request& r, const Actor& actor) {
                RequestFields f(r);
                auto current = f.text("current_password");
                auto next = f.text("new_password");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                Status s = auth.change_password(actor, current.value_or(""), next.value_or(""));
                Response resp = respond(s);
                if (s.ok()) clear_session_cookies(resp);  // every session ends; sign in again
                return resp;
              },
              {"Change one's own password; ends every session of the account",
               std::string(kAuthenticated), "session",
               object_schema({{"current_password", "string"}, {"new_password", "string"}},
                             {"current_password", "new_password"})}});

  routes.add({"POST", "/api/v1/api-tokens",
              [&auth](const Request& r, const Actor& actor) {
                RequestFields f(r);
                auto name = f.text("name");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto created = auth.create_api_token(actor, name);
                if (!created.ok()) return respond(created.status());
                json::object o = token_json(created->token);
                o["token"] = created->secret;
                return json_response(201, o);
              },
              {"Create an API token for an integration; the token is shown only in this answer",
               std::string(kAuthenticated), "session", object_schema({{"name", "string"}}, {"name"})}});

  routes.add({"GET", "/api/v1/api-tokens",
              [&auth](const Request&, const Actor& actor) {
                auto tokens = auth.list_api_tokens(actor);
                if (!tokens.ok()) return respond(tokens.status());
                json::array items;
                for (const auto& t : *tokens) items.push_back(token_json(t));
                return json_response(200, json::object{{"items", std::move(items)},
                                                       {"next_cursor", nullptr}});
              },
              {"List one's own API tokens (never their secrets)", std::string(kAuthenticated),
               "session"}});

  routes.add({"POST", "/api/v1/api-tokens/{id}/revoke",
              [&auth](const Request& r, const Actor& actor) {
                auto id = path_id(r);
                if (!id.ok()) return respond(id.status());
                return respond(auth.revoke_api_token(actor, *id));
              },
              {"Revoke one of one's own API tokens", std::string(kAuthenticated), "session"}});

  routes.add({"POST", "/api/v1/users",
              [&auth](const Request& r, const Actor& actor) {
                RequestFields f(r);
                service::UserInput in;
                in.username = f.text("username");
                in.display_name = f.text("display_name");
                in.role = f.text("role");
                in.jurisdiction_id = f.integer("jurisdiction_id");
                in.password = f.text("password");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto created = auth.create_user(actor, in);
                if (!created.ok()) return respond(created.status());
                json::object o = to_json(created->user);
                if (created->one_time_password) o["one_time_password"] = *created->one_time_password;
                Response resp = json_response(201, o);
                resp.set_header("Location", "/api/v1/users/" + std::to_string(created->user.id));
                return resp;
              },
              {"Create an account inside one's jurisdiction; without a password a one-time "
               "password is returned once",
               "users.manage", "users",
               object_schema({{"username", "string"}, {"display_name", "string"},
                              {"role", "string"}, {"jurisdiction_id", "integer"},
                              {"password", "string"}},
                             {"username", "role"}),
               user_schema(), {}, {{409, "the username is taken"}}}});

  routes.add({"GET", "/api/v1/users",
              [&auth](const Request& r, const Actor& actor) {
                auto limit = service::parse_limit(r.query_param("limit"));
                if (!limit.ok()) return respond(limit.status());
                auto after = parse_optional_int(r.query_param("cursor"), "cursor");
                if (!after.ok()) return respond(Status::malformed("invalid_cursor", "bad cursor"));
                auto users = auth.list_users(actor, after->value_or(0), *limit + 1);
                if (!users.ok()) return respond(users.status());
                std::optional<std::string> next;
                if (static_cast<int>(users->size()) > *limit) {
                  users->resize(*limit);
                  next = std::to_string(users->back().id);
                }
                return json_response(200, page_json(*users, next));
              },
              {"List the accounts of one's jurisdiction", "users.manage", "users", nullptr,
               page_schema(user_schema()), {"cursor", "limit"}}});

  routes.add({"GET", "/api/v1/users/{id}",
              [&auth](const Request& r, const Actor& actor) {
                auto id = path_id(r);
                if (!id.ok()) return respond(id.status());
                return respond(auth.get_user(actor, *id));
              },
              {"Read an account", "users.manage", "users", nullptr, user_schema()}});

  for (bool disable : {true, false}) {
    routes.add({"POST", disable ? "/api/v1/users/{id}/disable" : "/api/v1/users/{id}/enable",
                [&auth, disable](const Request& r, const Actor& actor) {
                  auto id = path_id(r);
                  if (!id.ok()) return respond(id.status());
                  return respond(auth.set_disabled(actor, *id, disable));
                },
                {disable ? "Disable an account and end its sessions" : "Enable an account",
                 "users.manage", "users", nullptr, user_schema()}});
  }

  routes.add({"POST", "/api/v1/users/{id}/reset-password",
              [&auth](const Request& r, const Actor& actor) {
                auto id = path_id(r);
                if (!id.ok()) return respond(id.status());
                auto password = auth.reset_password(actor, *id);
                if (!password.ok()) return respond(password.status());
                return json_response(200, json::object{{"one_time_password", *password}});
              },
              {"Give an account a new one-time password (shown once); it must change it",
               "users.manage", "users"}});
}

}  // namespace cordon::http::api
