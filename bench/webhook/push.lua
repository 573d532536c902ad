-- wrk script for bench/webhook-ingest: every request is a new signed GitHub push.
--
--   BENCH_WEBHOOK_SECRET=... wrk -s push.lua URL -- TEMPLATE RUN_TAG
--
-- TEMPLATE is a push payload in which __AFTER__ stands for the pushed commit; RUN_TAG is 24 hex
-- digits that no other round uses. Each request gets a commit id and an X-GitHub-Delivery uuid of
-- its own (run tag, thread number, per-thread counter): webhook-service answers a delivery id or a
-- plan's commit it has seen before without publishing anything, which would measure that shortcut
-- instead of the durable publish. The body is signed here, X-Hub-Signature-256 = HMAC-SHA256 with
-- OpenSSL's libcrypto through LuaJIT's FFI, the same way for both targets.
--
-- done() prints one line for the script to read:
--   RESULT requests=N duration_us=N p50_us=N p99_us=N status_202=N non_2xx=N statuses=CODE:N,...
--          abandoned=N errors_connect=N errors_read=N errors_write=N errors_timeout=N
-- abandoned: requests sent whose answer wrk never read (in flight when it closed its connections
-- at the end of the round, or lost to a socket error).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct evp_md_st EVP_MD;
  const EVP_MD *EVP_sha256(void);
  unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len,
                      const unsigned char *d, size_t n, unsigned char *md, unsigned int *md_len);
]]
local crypto = ffi.load("libcrypto.so.3")

-- Main state: gives each thread its number, and keeps the threads to sum their counters in done().
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

-- Thread state from here on (each wrk thread runs its own copy of this script).
local secret, pieces, run_tag
local counter = 0
local digest = ffi.new("unsigned char[32]")
local digest_length = ffi.new("unsigned int[1]")
local hex = {}
for i = 0, 255 do hex[i] = string.format("%02x", i) end
local out = {}

sent = 0
answered = 0
status_202 = 0
non_2xx = 0
statuses = {}

local function hmac_sha256_hex(body)
  crypto.HMAC(crypto.EVP_sha256(), secret, #secret, body, #body, digest, digest_length)
  for i = 0, 31 do out[i + 1] = hex[digest[i]] end
  return table.concat(out, "", 1, 32)
end

function init(args)
  secret = os.getenv("BENCH_WEBHOOK_SECRET")
  if not secret or secret == "" then error("BENCH_WEBHOOK_SECRET is not set") end
  local template_path, tag = args[1], args[2]
  if not template_path or not tag or not tag:match("^%x+$") or #tag ~= 24 then
    error("usage: wrk -s push.lua URL -- TEMPLATE RUN_TAG(24 hex digits)")
  end
  run_tag = tag
  local file = assert(io.open(template_path, "rb"))
  local template = file:read("*a")
  file:close()
  -- The template cut at each __AFTER__: a request joins the pieces around its commit id.
  pieces = {}
  local start = 1
  while true do
    local from, to = template:find("__AFTER__", start, true)
    if not from then break end
    table.insert(pieces, template:sub(start, from - 1))
    start = to + 1
  end
  table.insert(pieces, template:sub(start))
  if #pieces < 2 then error(template_path .. " holds no __AFTER__") end
end

function request()
  counter = counter + 1
  sent = sent + 1
  -- 24 + 8 + 8 hex digits: unique per round, thread and request.
  local commit = string.format("%s%08x%08x", run_tag, thread_number, counter)
  local body = table.concat(pieces, commit)
  -- A uuid's 32 hex digits: the whole run tag, then thread and counter.
  local delivery = string.format("%s-%s-%s-%s-%s%02x%06x", run_tag:sub(1, 8), run_tag:sub(9, 12),
    run_tag:sub(13, 16), run_tag:sub(17, 20), run_tag:sub(21, 24), thread_number, counter)
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "GitHub-Hookshot/bench",
    ["X-GitHub-Event"] = "push",
    ["X-GitHub-Delivery"] = delivery,
    ["X-GitHub-Hook-ID"] = "481516234",
    ["X-Hub-Signature-256"] = "sha256=" .. hmac_sha256_hex(body),
  }, body)
end

function response(status, headers, body)
  answered = answered + 1
  if status == 202 then status_202 = status_202 + 1 end
  if status < 200 or status > 299 then non_2xx = non_2xx + 1 end
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total_202, total_non_2xx, abandoned, by_status = 0, 0, 0, {}
  for _, thread in ipairs(threads) do
    abandoned = abandoned + thread:get("sent") - thread:get("answered")
    total_202 = total_202 + thread:get("status_202")
    total_non_2xx = total_non_2xx + thread:get("non_2xx")
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local listed = {}
  for status, count in pairs(by_status) do table.insert(listed, status .. ":" .. count) end
  table.sort(listed)
  local errors = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d status_202=%d non_2xx=%d statuses=%s"
      .. " abandoned=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), total_202, total_non_2xx,
    #listed > 0 and table.concat(listed, ",") or "none", abandoned,
    errors.connect, errors.read, errors.write, errors.timeout))
end
