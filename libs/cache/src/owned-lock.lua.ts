/**
 * Takes a free lock for the caller's owner token, or confirms it when that token already holds it:
 * taking is safe to repeat when the first answer was lost (a command timed out after Redis ran it).
 * KEYS[1]: the lock. ARGV[1]: the owner token, ARGV[2]: time to live in ms. Returns 1 when the token holds it.
 */
export const TAKE_OWNED_LOCK_LUA = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  return 1
end
if holder then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/**
 * Compare-and-delete: releases a lock only if it still holds the caller's owner token, so an owner
 * whose lock expired and was taken over never removes its successor's lock.
 * KEYS[1]: the lock. ARGV[1]: the owner token. Returns 1 when released.
 */
export const RELEASE_OWNED_LOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * Compare-and-pexpire: renews a lock only while it still holds the caller's owner token.
 * KEYS[1]: the lock. ARGV[1]: the owner token, ARGV[2]: the new time to live in ms. Returns 1 when renewed.
 */
export const EXTEND_OWNED_LOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;
