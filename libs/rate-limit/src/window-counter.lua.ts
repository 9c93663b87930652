/**
 * Counts one hit in a fixed window unless it is full, in one atomic step.
 * KEYS[1]: the window's counter. ARGV: limit, window length (ms).
 * Returns { allowed (1/0), count (after the hit when allowed), ms until the window starts over }.
 */
export const COUNT_HIT_LUA = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  ttl = tonumber(ARGV[2])
  count = 0
end
if count >= tonumber(ARGV[1]) then return { 0, count, ttl } end
if count == 0 then
  redis.call('SET', KEYS[1], 1, 'PX', ARGV[2])
  return { 1, 1, ttl }
end
return { 1, redis.call('INCR', KEYS[1]), ttl }
`;

/** Hands back one hit of a live window (KEYS[1]); a window that has ended is left alone. */
export const RELEASE_HIT_LUA = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 and redis.call('PTTL', KEYS[1]) > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;
