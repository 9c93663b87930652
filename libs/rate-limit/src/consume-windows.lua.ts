/**
 * Checks every window of a plan and increments all of them, or none, in one atomic step.
 * KEYS: one counter per window. ARGV: limit and window length (ms) per window, in KEYS order.
 * Returns { allowed (1/0), count_1, ttlMs_1, count_2, ttlMs_2, ... }: counts after the increment
 * when allowed, before it when refused.
 */
export const CONSUME_WINDOWS_LUA = `
local n = #KEYS
local reply = { 1 }
for i = 1, n do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then
    ttl = tonumber(ARGV[2 * i])
    count = 0
  end
  if count >= tonumber(ARGV[2 * i - 1]) then reply[1] = 0 end
  reply[2 * i] = count
  reply[2 * i + 1] = ttl
end
if reply[1] == 1 then
  for i = 1, n do
    if reply[2 * i] == 0 then
      redis.call('SET', KEYS[i], 1, 'PX', ARGV[2 * i])
      reply[2 * i] = 1
    else
      reply[2 * i] = redis.call('INCR', KEYS[i])
    end
  end
end
return reply
`;
