// `cordon init` (a database and its first administrator) and `cordon user ...` (accounts
// managed from the machine itself, acting as the system).
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/runtime.h"

namespace cordon::cli {

namespace {

std::unique_ptr<Runtime> open_or_exit(const RuntimeOptions& options) {
  auto runtime = Runtime::open(options);
  if (!runtime.ok()) {
    std::cerr << "cordon: " << runtime.status().message() << "\n";
    throw CLI::RuntimeError(1);
  }
  return std::move(*runtime);
}

[[noreturn]] void fail(const Status& s) {
  std::cerr << "cordon: " << s.message() << "\n";
  for (const auto& e : s.errors())
    if (!e.field.empty()) std::cerr << "  " << e.field << ": " << e.message << "\n";
  throw CLI::RuntimeError(s.kind() == Status::Kind::kNotFound ? 4 : 2);
}

}  // namespace

void add_init_command(CLI::App& app) {
  struct Opts {
    RuntimeOptions runtime;
    std::string admin = "admin";
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "init", "create (or migrate) a database and its first administrator");
  add_runtime_options(*cmd, opts->runtime);
  cmd->add_option("--admin", opts->admin, "username of the first administrator")
      ->capture_default_str();
  cmd->callback([opts] {
    auto runtime = open_or_exit(opts->runtime);
    std::cout << "cordon: database ready at " << opts->runtime.db << std::endl;
    auto created = runtime->auth().create_first_administrator(opts->admin);
    if (!created.ok()) {
      if (created.status().code() == "already_initialized") {
        std::cout << "cordon: accounts exist already; none created" << std::endl;
        return;
      }
      fail(created.status());
    }
    std::cout << "cordon: administrator '" << opts->admin
              << "' created; one-time password: " << *created->one_time_password
              << "\ncordon: sign in and change it; it works for nothing else" << std::endl;
  });
}

void add_user_command(CLI::App& app) {
  auto runtime_opts = std::make_shared<RuntimeOptions>();
  CLI::App* user = app.add_subcommand("user", "manage staff accounts");
  user->require_subcommand(1);

  auto add = std::make_shared<service::UserInput>();
  auto username = std::make_shared<std::string>();
  auto role = std::make_shared<std::string>();
  auto jurisdiction = std::make_shared<int64_t>(0);
  CLI::App* add_cmd = user->add_subcommand("add", "create an account with a one-time password");
  add_cmd->add_option("username", *username, "login name")->required();
  add_cmd->add_option("--role", *role, "administrator, commander, health_staff, community_police, "
                                       "auxiliary_police, grid_worker, community_worker, "
                                       "site_staff or hotel_front_desk")->required();
  add_cmd->add_option("--jurisdiction", *jurisdiction, "id of the place the account is confined to");
  add_runtime_options(*add_cmd, *runtime_opts);
  add_cmd->callback([=] {
    auto runtime = open_or_exit(*runtime_opts);
    service::UserInput in;
    in.username = *username;
    in.role = *role;
    if (*jurisdiction) in.jurisdiction_id = *jurisdiction;
    auto created = runtime->auth().create_user(service::Actor::system(), in);
    if (!created.ok()) fail(created.status());
    std::cout << "cordon: account '" << created->user.username << "' (" << created->user.role
              << ") created with id " << created->user.id
              << "; one-time password: " << *created->one_time_password << std::endl;
  });

  CLI::App* list_cmd = user->add_subcommand("list", "list accounts");
  add_runtime_options(*list_cmd, *runtime_opts);
  list_cmd->callback([=] {
    auto runtime = open_or_exit(*runtime_opts);
    int64_t after = 0;
    for (;;) {
      auto users = runtime->auth().list_users(service::Actor::system(), after, 500);
      if (!users.ok()) fail(users.status());
      for (const auto& u : *users)
        std::cout << u.id << "\t" << u.username << "\t" << u.role << "\t"
                  << (u.jurisdiction_id ? std::to_string(*u.jurisdiction_id) : "-") << "\t"
                  << (u.disabled ? "disabled" : "active") << "\n";
      if (users->size() < 500) break;
      after = users->back().id;
    }
  });

  auto target = std::make_shared<std::string>();
  auto find_id = [](Runtime& runtime, const std::string& name) -> int64_t {
    auto user = runtime.auth().get_user_by_name(service::Actor::system(), name);
    if (!user.ok()) fail(user.status());
    return user->id;
  };

  CLI::App* disable_cmd = user->add_subcommand("disable", "disable an account and end its sessions");
  disable_cmd->add_option("username", *target)->required();
  add_runtime_options(*disable_cmd, *runtime_opts);
  disable_cmd->callback([=] {
    auto runtime = open_or_exit(*runtime_opts);
    auto r = runtime->auth().set_disabled(service::Actor::system(), find_id(*runtime, *target), true);
    if (!r.ok()) fail(r.status());
    std::cout << "cordon: account '" << *target << "' disabled" << std::endl;
  });

  CLI::App* reset_cmd = user->add_subcommand("reset-password", "give an account a one-time password");
  reset_cmd->add_option("username", *target)->required();
  add_runtime_options(*reset_cmd, *runtime_opts);
  reset_cmd->callback([=] {
    auto runtime = open_or_exit(*runtime_opts);
    auto r = runtime->auth().reset_password(service::Actor::system(), find_id(*runtime, *target));
    if (!r.ok()) fail(r.status());
    std::cout << "cordon: one-time password for '" << *target << "': " << *r << std::endl;
  });
}

}  // namespace cordon::cli
