import { describe, expect, it } from 'vitest';
import { RequestGuard } from '../../src/server/request-guard.js';

const port = 4321;
const host = `127.0.0.1:${port}`;

describe('the request guard', () => {
  it('turns clients away while the data is deleted without looking up their credentials (the stores are closed)', () => {
    const guard = new RequestGuard(port, {
      isAuthenticated: () => {
        throw new Error('The database connection is not open');
      },
    });
    const deleting = { needsAuth: true, unavailable: true };
    expect(guard.check({ host, cookie: 'cowork_session_4321=x' }, deleting)).toMatchObject({
      status: 503,
      code: 'UNAVAILABLE',
    });
    // Host and origin are still checked first.
    expect(guard.check({ host: 'evil.example', cookie: 'x' }, deleting)).toMatchObject({ status: 403 });
    expect(guard.check({ host, origin: 'http://evil.example' }, deleting)).toMatchObject({ status: 403 });
  });
});
