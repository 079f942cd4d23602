-- wrk script: durable writes. Each request creates a compound (a place and its audit
-- entry) below the grid PARENT_ID, with a name unique to the thread and request.
local token = os.getenv("AUTH_TOKEN")
local parent = os.getenv("PARENT_ID")
local run = os.getenv("RUN_ID") or "0"
wrk.method = "POST"
wrk.path = "/api/v1/places"
wrk.headers["Content-Type"] = "application/json"
if token then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

local i = 0
function request()
  i = i + 1
  local body = string.format('{"kind":"compound","name":"r%s-t%d-%d","parent_id":%s}',
                             run, id or 0, i, parent)
  return wrk.format(nil, nil, nil, body)
end
