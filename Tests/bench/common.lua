-- Shared by the wrk scripts of Tests/bench: awsJson 1.1 request building and a machine-readable
-- summary line ("BENCH {...}") printed by done(), which Tests/bench/run parses.
local M = {}

M.date = "20260101"

-- A SigV4-shaped Authorization header: the emulator and moto read the credential scope (access key,
-- region) from it; neither checks the signature.
function M.auth(key, region)
  return "AWS4-HMAC-SHA256 Credential=" .. key .. "/" .. M.date .. "/" .. (region or "us-east-1") ..
    "/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, " ..
    "Signature=0000000000000000000000000000000000000000000000000000000000000000"
end

function M.post(target, body, key)
  return wrk.format("POST", "/", {
    ["Content-Type"] = "application/x-amz-json-1.1",
    ["X-Amz-Target"] = target,
    ["X-Amz-Date"] = M.date .. "T000000Z",
    ["Authorization"] = M.auth(key or "AKIDBENCHMARK0000000"),
  }, body)
end

-- Threads get an index from setup() so that scripts can split work between them.
M.threads = {}
function M.setup(thread)
  thread:set("index", #M.threads)
  table.insert(M.threads, thread)
end

function M.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"p999_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
end

return M
