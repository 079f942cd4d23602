// Routes of tasks (inbox, dispatch, accept, outcome) and assist requests (联动).
#include "http/api_internal.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

const json::value& task_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"kind", "string"}, {"status", "string"}, {"title", "string"},
       {"detail", "string"}, {"source", "string"}, {"source_id", "integer"},
       {"subject_person_id", "integer"}, {"unit_id", "integer"}, {"assignee_user_id", "integer"},
       {"assignee_role", "string"}, {"due_at", "string"}, {"created_by_user_id", "integer"},
       {"created_at", "string"}, {"updated_at", "string"}, {"result", "string"},
       {"outcome", "string"}, {"version", "integer"}});
  return kSchema;
}

const json::value& timeline_schema() {
  static const json::value kSchema = page_schema(
      object_schema({{"at", "string"}, {"actor_user_id", "integer"}, {"actor_name", "string"},
                     {"action", "string"}, {"note", "string"}}));
  return kSchema;
}

const json::value& assist_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"subject_type", "string"}, {"subject_id", "integer"},
       {"from_user_id", "integer"}, {"from_unit_id", "integer"}, {"to_unit_id", "integer"},
       {"to_role", "string"}, {"status", "string"}, {"message", "string"},
       {"accepted_by_user_id", "integer"}, {"created_at", "string"}, {"updated_at", "string"}});
  return kSchema;
}

const json::value& note_schema() {
  static const json::value kSchema = object_schema({{"note", "string"}});
  return kSchema;
}

// Routes that take {"note"} and return one record.
template <typename T>
using NoteAction = std::function<Result<T>(const Actor&, int64_t, const std::optional<std::string>&)>;

template <typename T>
ActorHandler note_action(NoteAction<T> action) {
  return with_id([action](const Request& r, const Actor& actor, int64_t id) {
    RequestFields f(r);
    auto note = f.text("note");
    if (Status s = f.finish(); !s.ok()) return respond(s);
    return respond(action(actor, id, note));
  });
}

}  // namespace

void register_tasks(Routes& routes) {
  service::TaskService& tasks = routes.services().tasks;
  service::AssistService& assist = routes.services().assist;

  routes.add({"POST", "/api/v1/tasks",
              [&tasks](const Request& r, const Actor& actor) {
                RequestFields f(r);
                service::TaskInput in;
                in.kind = f.text("kind");
                in.title = f.text("title");
                in.detail = f.text("detail");
                in.unit_id = f.integer("unit_id");
                in.assignee_user_id = f.integer("assignee_user_id");
                in.assignee_role = f.text("assignee_role");
                in.due_at = f.text("due_at");
                in.subject_person_id = f.integer("subject_person_id");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto task = tasks.create(actor, in, idempotency_key(r));
                return created(task, "/api/v1/tasks", task.ok() ? task->id : 0);
              },
              {"Create a task for an account, a role within a unit, or a unit", "tasks.dispatch",
               "tasks",
               object_schema({{"kind", "string"}, {"title", "string"}, {"detail", "string"},
                              {"unit_id", "integer"}, {"assignee_user_id", "integer"},
                              {"assignee_role", "string"}, {"due_at", "string"},
                              {"subject_person_id", "integer"}},
                             {"kind"}),
               task_schema(), {}, {{201, "Created"}}}});

  routes.add({"GET", "/api/v1/tasks",
              [&tasks](const Request& r, const Actor& actor) {
                service::TaskListQuery q;
                auto unit = parse_optional_int(r.query_param("unit_id"), "unit_id");
                if (!unit.ok()) return respond(unit.status());
                auto source_id = parse_optional_int(r.query_param("source_id"), "source_id");
                if (!source_id.ok()) return respond(source_id.status());
                auto person_id = parse_optional_int(r.query_param("person_id"), "person_id");
                if (!person_id.ok()) return respond(person_id.status());
                q.unit_id = *unit;
                q.source_id = *source_id;
                q.person_id = *person_id;
                q.status = r.query_param("status");
                q.source = r.query_param("source");
                q.cursor = r.query_param("cursor");
                q.limit = r.query_param("limit");
                auto page = tasks.list(actor, q);
                if (!page.ok()) return respond(page.status());
                return json_response(200, page_json(page->items, page->next_cursor));
              },
              {"Tasks of units in the jurisdiction", "tasks.work", "tasks", nullptr,
               page_schema(task_schema()),
               {"status", "unit_id", "source", "source_id", "person_id", "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/tasks/inbox",
              [&tasks](const Request&, const Actor& actor) {
                auto list = tasks.inbox(actor);
                if (!list.ok()) return respond(list.status());
                return json_response(200, items_json(*list));
              },
              {"My open tasks and my unit's, earliest due first", "tasks.work", "tasks", nullptr,
               page_schema(task_schema())}});

  routes.add({"GET", "/api/v1/tasks/{id}",
              with_id([&tasks](const Request&, const Actor& actor, int64_t id) {
                return respond(tasks.get(actor, id));
              }),
              {"A task", "tasks.work", "tasks", nullptr, task_schema()}});

  routes.add({"GET", "/api/v1/tasks/{id}/timeline",
              with_id([&tasks](const Request&, const Actor& actor, int64_t id) {
                auto list = tasks.timeline(actor, id);
                if (!list.ok()) return respond(list.status());
                return json_response(200, items_json(*list));
              }),
              {"A task's timeline, shared with every agency joined by assist", "tasks.work",
               "tasks", nullptr, timeline_schema()}});

  routes.add({"POST", "/api/v1/tasks/{id}/assign",
              with_id([&tasks](const Request& r, const Actor& actor, int64_t id) {
                RequestFields f(r);
                service::TaskAssignment a{f.integer("unit_id"), f.integer("assignee_user_id"),
                                          f.text("assignee_role")};
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(tasks.assign(actor, id, a));
              }),
              {"Reassign a task to an account, a role within a unit, or a unit",
               "tasks.dispatch", "tasks",
               object_schema({{"unit_id", "integer"}, {"assignee_user_id", "integer"},
                              {"assignee_role", "string"}}),
               task_schema(), {}, {{409, "the task is closed"}}}});

  routes.add({"POST", "/api/v1/tasks/{id}/accept",
              with_id([&tasks](const Request& r, const Actor& actor, int64_t id) {
                RequestFields f(r);
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(tasks.accept(actor, id));
              }),
              {"Take a task of mine or of my unit", "tasks.work", "tasks", object_schema({}),
               task_schema(), {}, {{409, "the task is not open"}}}});

  routes.add({"POST", "/api/v1/tasks/{id}/outcome",
              with_id([&tasks](const Request& r, const Actor& actor, int64_t id) {
                RequestFields f(r);
                service::TaskOutcome o{f.text("result"), f.text("note")};
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(tasks.record_outcome(actor, id, o));
              }),
              {"Close a task with a structured result and free text", "tasks.work", "tasks",
               object_schema({{"result", "string"}, {"note", "string"}}, {"result"}),
               task_schema(), {}, {{409, "the task is closed"}}}});

  routes.add({"POST", "/api/v1/assist-requests",
              [&assist](const Request& r, const Actor& actor) {
                RequestFields f(r);
                service::AssistInput in{f.integer("task_id"), f.integer("report_id"),
                                        f.integer("to_unit_id"), f.text("to_role"),
                                        f.text("message")};
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto req = assist.request(actor, in, idempotency_key(r));
                return created(req, "/api/v1/assist-requests", req.ok() ? req->id : 0);
              },
              {"Ask another unit for support on a task or a report (联动)", "tasks.work",
               "assist-requests",
               object_schema({{"task_id", "integer"}, {"report_id", "integer"},
                              {"to_unit_id", "integer"}, {"to_role", "string"},
                              {"message", "string"}},
                             {"to_unit_id", "message"}),
               assist_schema(), {}, {{201, "Created"}}}});

  routes.add({"GET", "/api/v1/assist-requests",
              [&assist](const Request& r, const Actor& actor) {
                auto page = assist.list(actor, r.query_param("cursor"), r.query_param("limit"));
                if (!page.ok()) return respond(page.status());
                return json_response(200, page_json(page->items, page->next_cursor));
              },
              {"Assist requests to or from my jurisdiction, newest first", "tasks.work",
               "assist-requests", nullptr, page_schema(assist_schema()), {"cursor", "limit"}}});

  routes.add({"GET", "/api/v1/assist-requests/{id}",
              with_id([&assist](const Request&, const Actor& actor, int64_t id) {
                return respond(assist.get(actor, id));
              }),
              {"An assist request", "tasks.work", "assist-requests", nullptr, assist_schema()}});

  routes.add({"GET", "/api/v1/assist-requests/{id}/timeline",
              with_id([&assist](const Request&, const Actor& actor, int64_t id) {
                auto list = assist.timeline(actor, id);
                if (!list.ok()) return respond(list.status());
                return json_response(200, items_json(*list));
              }),
              {"The shared timeline of the task or report the request is about", "tasks.work",
               "assist-requests", nullptr, timeline_schema()}});

  struct Answer {
    const char* name;
    NoteAction<service::AssistRequest> action;
    const char* summary;
  };
  const Answer answers[] = {
      {"accept",
       [&assist](const Actor& a, int64_t id, const std::optional<std::string>& n) {
         return assist.accept(a, id, n);
       },
       "The unit asked joins"},
      {"decline",
       [&assist](const Actor& a, int64_t id, const std::optional<std::string>& n) {
         return assist.decline(a, id, n);
       },
       "The unit asked declines"},
      {"complete",
       [&assist](const Actor& a, int64_t id, const std::optional<std::string>& n) {
         return assist.complete(a, id, n);
       },
       "The unit asked has done its part"},
  };
  for (const Answer& a : answers) {
    routes.add({"POST", std::string("/api/v1/assist-requests/{id}/") + a.name,
                note_action(a.action),
                {a.summary, "tasks.work", "assist-requests", note_schema(), assist_schema(), {},
                 {{409, "the request is not in a state that allows this"}}}});
  }

  routes.add({"POST", "/api/v1/assist-requests/{id}/notes",
              note_action<service::TimelineEntry>(
                  [&assist](const Actor& a, int64_t id, const std::optional<std::string>& n) {
                    return assist.add_note(a, id, n);
                  }),
              {"Record one side's part on the shared timeline", "tasks.work", "assist-requests",
               note_schema(), nullptr, {}, {{409, "the request was declined"}}}});
}

}  // namespace cordon::http::api
