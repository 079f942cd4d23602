// Assist requests (联动): on a task or a report, one agency asks another for support (a
// grid worker asks the community police). The receiving unit accepts or declines; once
// joined it sees the task or report and records its part, and both sides read one shared
// timeline (the subject's).
//
// Thread-safe: holds only references to the Context and the bus.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "service/events.h"
#include "service/tasks.h"
#include "store/tasks.h"

namespace cordon::service {

using AssistRequest = store::AssistRequest;

struct AssistInput {
  std::optional<int64_t> task_id;    // exactly one of task_id and report_id
  std::optional<int64_t> report_id;
  std::optional<int64_t> to_unit_id;  // the unit asked: any jurisdiction node
  std::optional<std::string> to_role;  // narrows it to a role ("community_police")
  std::optional<std::string> message;
};

struct AssistPage {
  std::vector<AssistRequest> items;  // newest first
  std::optional<std::string> next_cursor;
};

class AssistService {
 public:
  AssistService(Context& ctx, EventBus& events) : ctx_(ctx), events_(events) {}

  // Invalid: neither or both subjects, the subject not visible ("not_found"), an unknown
  // unit or role, no message. Announced to the receiving unit. Idempotent with a key.
  Result<AssistRequest> request(const Actor& actor, const AssistInput& input,
                                const std::optional<std::string>& idempotency_key = std::nullopt);
  // Visible to both sides; not found for anyone else.
  Result<AssistRequest> get(const Actor& actor, int64_t id);
  // Requests to or from the actor's jurisdiction, newest first.
  Result<AssistPage> list(const Actor& actor, const std::optional<std::string>& cursor,
                          const std::optional<std::string>& limit);
  // The receiving side answers (forbidden "not_for_your_unit" for the requesting side);
  // conflict "illegal_transition" out of order.
  Result<AssistRequest> accept(const Actor& actor, int64_t id, const std::optional<std::string>& note);
  Result<AssistRequest> decline(const Actor& actor, int64_t id,
                                const std::optional<std::string>& note);
  Result<AssistRequest> complete(const Actor& actor, int64_t id,
                                 const std::optional<std::string>& note);
  // Either side records its part on the shared timeline; conflict "illegal_transition" on
  // a declined request.
  Result<TimelineEntry> add_note(const Actor& actor, int64_t id,
                                 const std::optional<std::string>& note);
  // The subject's timeline, as both sides see it.
  Result<std::vector<TimelineEntry>> timeline(const Actor& actor, int64_t id);

 private:
  Result<AssistRequest> answer(const Actor& actor, int64_t id, AssistStatus to,
                               const std::optional<std::string>& note);

  Context& ctx_;
  EventBus& events_;
};

}  // namespace cordon::service
