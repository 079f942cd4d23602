-- wrk script: requests the paths listed one per line in the file named by PATHS_FILE,
-- round robin, each thread starting at a different offset.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  paths[#paths + 1] = line
end
local counter = 0
local token = os.getenv("AUTH_TOKEN")
if token then
  wrk.headers["Authorization"] = "Bearer " .. token
end

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end

local i = 0
function request()
  i = i + 1
  local path = paths[((offset or 0) + i) % #paths + 1]
  return wrk.format("GET", path)
end
