import type { IncomingMessage, ServerResponse } from 'node:http';
import bcrypt from 'bcryptjs';
import t from 'tap';
import {
  BasicAuthenticator,
  UNKNOWN_USER_HASH,
  VERDICT_CACHE_SIZE,
  authorizeRequest,
  parseBasicAuthorization,
  type PasswordCompare,
} from '../../src/web-config/basic-auth.js';

const ALICE_HASH = bcrypt.hashSync('wonderland', 4);
const basic = (credentials: string): string => `Basic ${Buffer.from(credentials).toString('base64')}`;

/** bcryptjs, counting the hashes it was asked to compare against. */
function countingCompare(): { compare: PasswordCompare; hashes: string[] } {
  const hashes: string[] = [];
  return {
    hashes,
    compare: (password, hash) => {
      hashes.push(hash);
      return bcrypt.compare(password, hash);
    },
  };
}

t.test('parseBasicAuthorization reads the header as Go Request.BasicAuth does', async (t) => {
  t.same(parseBasicAuthorization(basic('alice:won:der:land')), { user: 'alice', password: 'won:der:land' });
  t.same(parseBasicAuthorization(`bAsIc ${Buffer.from('a:').toString('base64')}`), { user: 'a', password: '' });
  t.equal(parseBasicAuthorization(undefined), undefined);
  t.equal(parseBasicAuthorization('Bearer abc'), undefined);
  t.equal(parseBasicAuthorization(basic('no-colon')), undefined);
  t.equal(parseBasicAuthorization('Basic YWxpY2U6d29uZGVybGFuZA'), undefined, 'unpadded base64 is refused');
  t.equal(parseBasicAuthorization('Basic !!!!'), undefined);
});

t.test('accepts the right password and refuses a wrong one', async (t) => {
  const authenticator = new BasicAuthenticator(new Map([['alice', ALICE_HASH]]));
  t.equal(await authenticator.authenticate({ user: 'alice', password: 'wonderland' }), true);
  t.equal(await authenticator.authenticate({ user: 'alice', password: 'looking-glass' }), false);
  t.equal(await authenticator.authenticate(undefined), false);
});

t.test('accepts the $2y$ hashes htpasswd writes, and $2a$', async (t) => {
  for (const prefix of ['$2y$', '$2a$']) {
    const hash = ALICE_HASH.replace(/^\$2b\$/, prefix);
    t.equal(hash.slice(0, 4), prefix);
    const authenticator = new BasicAuthenticator(new Map([['alice', hash]]));
    t.equal(await authenticator.authenticate({ user: 'alice', password: 'wonderland' }), true, prefix);
    t.equal(await authenticator.authenticate({ user: 'alice', password: 'wrong' }), false, prefix);
  }
});

t.test('an unknown user is refused after a compare against the stand-in hash', async (t) => {
  const { compare, hashes } = countingCompare();
  const authenticator = new BasicAuthenticator(new Map([['alice', ALICE_HASH]]), { compare });
  t.equal(await authenticator.authenticate({ user: 'bob', password: 'fakepassword' }), false, 'even with the stand-in password');
  t.same(hashes, [UNKNOWN_USER_HASH]);
  t.equal(await bcrypt.compare('fakepassword', UNKNOWN_USER_HASH), true, 'the stand-in is a real bcrypt hash, so the compare costs as much');
});

t.test('caches verdicts, keyed by a digest that holds no plaintext password', async (t) => {
  const { compare, hashes } = countingCompare();
  const cache = new Map<string, boolean>();
  const authenticator = new BasicAuthenticator(new Map([['alice', ALICE_HASH]]), { compare, cache });
  for (let i = 0; i < 3; i += 1) t.equal(await authenticator.authenticate({ user: 'alice', password: 'wonderland' }), true);
  t.equal(await authenticator.authenticate({ user: 'alice', password: 'looking-glass' }), false);
  t.equal(await authenticator.authenticate({ user: 'alice', password: 'looking-glass' }), false);
  t.equal(hashes.length, 2, 'one bcrypt per distinct credential');
  t.same([...cache.values()].sort(), [false, true]);
  for (const key of cache.keys()) {
    t.match(key, /^[0-9a-f]{64}$/, 'a sha256 digest');
    for (const secret of ['wonderland', 'looking-glass']) {
      t.notOk(key.includes(secret) || key.includes(Buffer.from(secret).toString('hex')), `no ${secret} in the key`);
    }
  }
});

t.test('a changed hash is not answered from the cache', async (t) => {
  const cache = new Map<string, boolean>();
  const before = new BasicAuthenticator(new Map([['alice', ALICE_HASH]]), { cache });
  t.equal(await before.authenticate({ user: 'alice', password: 'wonderland' }), true);
  const after = new BasicAuthenticator(new Map([['alice', bcrypt.hashSync('new-password', 4)]]), { cache });
  t.equal(await after.authenticate({ user: 'alice', password: 'wonderland' }), false);
});

t.test('the cache is bounded', async (t) => {
  t.equal(VERDICT_CACHE_SIZE, 100, "exporter-toolkit's size");
  const cache = new Map<string, boolean>();
  const authenticator = new BasicAuthenticator(new Map([['alice', ALICE_HASH]]), {
    cache,
    cacheSize: 3,
    compare: async (password) => password === 'p0',
  });
  for (let i = 0; i < 10; i += 1) await authenticator.authenticate({ user: 'alice', password: `p${i}` });
  t.equal(cache.size, 3);
});

t.test('compares run one at a time', async (t) => {
  let running = 0;
  let most = 0;
  const authenticator = new BasicAuthenticator(new Map([['alice', ALICE_HASH]]), {
    compare: async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return false;
    },
  });
  await Promise.all(['a', 'b', 'c'].map((password) => authenticator.authenticate({ user: 'alice', password })));
  t.equal(most, 1);
});

/** A ServerResponse stand-in recording what authorizeRequest writes. */
function recordingResponse(): { res: ServerResponse; sent: { status?: number; headers?: Record<string, string>; body?: string } } {
  const sent: { status?: number; headers?: Record<string, string>; body?: string } = {};
  const res = {
    writeHead: (status: number, headers: Record<string, string>) => Object.assign(sent, { status, headers }),
    end: (body: string) => Object.assign(sent, { body }),
  } as unknown as ServerResponse;
  return { res, sent };
}

const request = (authorization?: string): IncomingMessage =>
  ({ headers: authorization ? { authorization } : {} }) as unknown as IncomingMessage;

t.test('authorizeRequest answers 401 with WWW-Authenticate: Basic', async (t) => {
  const authenticator = new BasicAuthenticator(new Map([['alice', ALICE_HASH]]));
  for (const header of [undefined, basic('alice:wrong'), basic('bob:wonderland')]) {
    const { res, sent } = recordingResponse();
    t.equal(await authorizeRequest(authenticator, request(header), res), false);
    t.equal(sent.status, 401);
    t.equal(sent.headers?.['WWW-Authenticate'], 'Basic');
    t.equal(sent.body, 'Unauthorized\n');
  }
  const { res, sent } = recordingResponse();
  t.equal(await authorizeRequest(authenticator, request(basic('alice:wonderland')), res), true);
  t.same(sent, {}, 'nothing written for a good request');
  t.equal(await authorizeRequest(undefined, request(), res), true, 'no users, no basic auth');
});
