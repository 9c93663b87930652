import { BaseAppConfig, InvalidConfiguration, loadConfig } from '@omnigate/config';
import { redisSettingsFrom } from './redis-settings';

const settingsOf = (env: Record<string, string>) =>
  redisSettingsFrom(loadConfig(BaseAppConfig, { PORT: '0', ...env }));
const offendersOf = (env: Record<string, string>) => {
  try {
    settingsOf(env);
  } catch (error) {
    if (error instanceof InvalidConfiguration) return error.offenders;
    throw error;
  }
  return [];
};

describe('Redis settings', () => {
  it('points at one Redis, a Redis Cluster through its nodes, or none', () => {
    expect(settingsOf({ REDIS_URL: 'redis://127.0.0.1:6379' })?.topology).toEqual({
      kind: 'single',
      url: 'redis://127.0.0.1:6379',
    });
    expect(
      settingsOf({ REDIS_CLUSTER_NODES: 'rediss://:pw@10.0.0.11:6379,rediss://10.0.0.12:6380' })?.topology,
    ).toEqual({
      kind: 'cluster',
      nodeUrls: ['rediss://:pw@10.0.0.11:6379', 'rediss://10.0.0.12:6380'],
    });
    expect(settingsOf({})).toBeUndefined();
  });

  it('refuses a cluster named together with REDIS_URL, nodes of two schemes, or a node that is not a URL', () => {
    expect(
      offendersOf({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: 'redis://127.0.0.1:7000' }),
    ).toEqual([
      expect.stringMatching(/^REDIS_CLUSTER_NODES: REDIS_CLUSTER_NODES and REDIS_URL may not both be set/),
    ]);
    expect(offendersOf({ REDIS_CLUSTER_NODES: 'redis://10.0.0.11:6379,rediss://10.0.0.12:6379' })).toEqual([
      expect.stringMatching(/^REDIS_CLUSTER_NODES: .*one scheme/),
    ]);
    expect(offendersOf({ REDIS_CLUSTER_NODES: 'redis://10.0.0.11:6379,10.0.0.12:6379' })).toEqual([
      expect.stringMatching(/^REDIS_CLUSTER_NODES: /),
    ]);
  });

  it("never tells a refused URL's password", () => {
    const offenders = offendersOf({
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_CLUSTER_NODES: 'rediss://app:s3cret-pw@10.0.0.11:6379,rediss://:other-pw@10.0.0.12:6379',
    });
    expect(offenders).toHaveLength(1);
    expect(offenders[0]).toContain("got 'rediss://app:***@10.0.0.11:6379,rediss://:***@10.0.0.12:6379'");
    expect(offenders.join()).not.toMatch(/s3cret-pw|other-pw/);
  });
});
