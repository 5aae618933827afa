-- DescribeWorkforce on a random namespace among the seeded ones:
-- wrk -s random.lua URL -- COUNT  (accounts 100000000000 .. 100000000000+COUNT-1)
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")

local BODY = '{"WorkforceName":"wf"}'
local count

setup = common.setup
done = common.done

function init(args)
  count = tonumber(args[1])
  math.randomseed(os.time() * 1000 + wrk.thread:get("index"))
end

function request()
  local key = string.format("%012d", 100000000000 + math.random(0, count - 1))
  return common.post("SageMaker.DescribeWorkforce", BODY, key)
end
