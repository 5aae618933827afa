-- One awsJson 1.1 operation, repeated: wrk -s post.lua URL -- TARGET BODY [BODY2 [ACCESS_KEY]]
-- With BODY2 the requests alternate BODY, BODY2, ... (e.g. two CIDR lists for UpdateWorkforce, so
-- every update really changes the row).
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")

local reqs, n = {}, 0

setup = common.setup
done = common.done

function init(args)
  local target, body, body2, key = args[1], args[2], args[3], args[4]
  if key == "" then key = nil end
  reqs[1] = common.post(target, body, key)
  if body2 and body2 ~= "" then reqs[2] = common.post(target, body2, key) end
end

function request()
  n = n + 1
  return reqs[(n % #reqs) + 1]
end
