-- DescribeWorkforce on every seeded namespace in turn, round and round (the growth phase's warm-up: after
-- one pass every namespace has been read once, as in a long-running suite):
-- wrk -s walk.lua URL -- COUNT T  (accounts 100000000000 .. +COUNT-1; thread i takes every T-th from i)
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")

local BODY = '{"WorkforceName":"wf"}'
local count, nthreads, k

setup = common.setup
done = common.done

function init(args)
  count, nthreads = tonumber(args[1]), tonumber(args[2])
  k = wrk.thread:get("index")
end

function request()
  local key = string.format("%012d", 100000000000 + k)
  k = k + nthreads
  if k >= count then k = k - count end
  return common.post("SageMaker.DescribeWorkforce", BODY, key)
end
