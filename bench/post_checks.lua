-- wrk script: POSTs health checks for orders FIRST_ORDER..LAST_ORDER (env), round robin,
-- each thread starting at a different offset; temperatures below the fever threshold.
local first = tonumber(os.getenv("FIRST_ORDER"))
local count = tonumber(os.getenv("LAST_ORDER")) - first + 1
wrk.method = "POST"
wrk.path = "/api/v1/health-checks"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("AUTH_TOKEN")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end

local i = 0
function request()
  i = i + 1
  local order = first + ((offset or 0) + i) % count
  local body = string.format('{"order_id": %d, "temperature": %.1f, "method": "phone"}',
                             order, 36.0 + (i % 12) / 10)
  return wrk.format(nil, nil, nil, body)
end
