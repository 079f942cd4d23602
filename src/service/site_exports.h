// The tables commanders download: a site's roster (who is in which room) and the release
// list (who is due for release today and tomorrow). Rendered by service/table_export.h as
// CSV or XLSX, over the API and by `cordon export roster|releases`.
//
// Each export is audited durably before it is answered: a file of names leaves cordon.
//
// Thread-safe: holds only references.
#pragma once

#include <cstdint>
#include <optional>

#include "service/context.h"
#include "service/orders.h"
#include "service/table_export.h"

namespace cordon::service {

// Not found ("site_not_found") for a site outside the actor's jurisdiction.
Result<ExportTable> site_roster_table(Context& ctx, const Actor& actor, int64_t site_id);

// The release list of `query` (OrderService::release_list) with each person's name.
Result<ExportTable> release_list_table(Context& ctx, OrderService& orders, const Actor& actor,
                                       const ReleaseListQuery& query);

}  // namespace cordon::service
