import { apiEnvironmentsOf } from './edge-security';

describe('apiEnvironmentsOf', () => {
  it("lists each configured environment with the channel's path appended", () => {
    expect(
      apiEnvironmentsOf('production=https://api.example.com,eu=https://eu.api.example.com/', '/pos'),
    ).toEqual([
      { name: 'production', url: 'https://api.example.com/pos' },
      { name: 'eu', url: 'https://eu.api.example.com/pos' },
    ]);
  });
});
