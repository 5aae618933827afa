-- Seeds namespaces through the API: one CreateWorkforce per distinct 12-digit access key (= account).
-- wrk -t T -s seed.lua URL -- FIRST COUNT T: accounts 100000000000+FIRST .. +FIRST+COUNT-1, split between the
-- threads (thread i takes every T-th). A thread that has sent its share stops; run checks the count
-- through /_emulator/health afterwards (a create in flight when its thread stops still commits).
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")

local BODY = '{"WorkforceName":"wf","CognitoConfig":{"UserPool":"us-east-1_abc","ClientId":"client"}}'
local nthreads, index, first, count, k

setup = common.setup

done = common.done

function init(args)
  first, count = tonumber(args[1]), tonumber(args[2])
  index = wrk.thread:get("index")
  nthreads = tonumber(args[3])
  k = index
end

local idle = wrk.format("GET", "/_emulator/health")
-- wrk calls request() once on thread 0 before the run to check the script ("verify"): answer that
-- call with a harmless GET so that no account is skipped.
local verified = false

function request()
  if not verified then
    verified = true
    if index == 0 then return idle end
  end
  if k >= count then
    wrk.thread:stop()
    return idle
  end
  local key = string.format("%012d", 100000000000 + first + k)
  k = k + nthreads
  return common.post("SageMaker.CreateWorkforce", BODY, key)
end
