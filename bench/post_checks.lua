-- wrk script: POSTs health checks for the orders listed one id per line in the file named
-- by ORDERS_FILE (env), round robin, each thread starting at a different offset;
-- temperatures below the fever threshold.
local orders = {}
for line in io.lines(os.getenv("ORDERS_FILE")) do
  orders[#orders + 1] = tonumber(line)
end
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
  local order = orders[((offset or 0) + i) % #orders + 1]
  local body = string.format('{"order_id": %d, "temperature": %.1f, "method": "phone"}',
                             order, 36.0 + (i % 12) / 10)
  return wrk.format(nil, nil, nil, body)
end
