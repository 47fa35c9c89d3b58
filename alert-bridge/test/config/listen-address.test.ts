import t from 'tap';
import { formatListenAddress, parseListenAddress } from '../../src/config/listen-address.js';

t.test('host:port as Go reads it', async (t) => {
  t.same(parseListenAddress('K', '127.0.0.1:9095'), { host: '127.0.0.1', port: 9095 });
  t.same(parseListenAddress('K', ':9095'), { host: '', port: 9095 });
  t.same(parseListenAddress('K', '[::1]:9095'), { host: '::1', port: 9095 });
  t.same(parseListenAddress('K', '[fe80::1%eth0]:80'), { host: 'fe80::1%eth0', port: 80 });
  t.same(parseListenAddress('K', 'bridge.internal:0'), { host: 'bridge.internal', port: 0 });
});

t.test('anything else is refused by key', async (t) => {
  for (const text of ['x', '9095', '::1:9095', '127.0.0.1:', '127.0.0.1:65536', 'host:port', 'a b:1', '[::1]', 'http://x:1']) {
    t.throws(() => parseListenAddress('BRIDGE_LISTEN_ADDRESS', text), {
      name: 'ConfigError',
      key: 'BRIDGE_LISTEN_ADDRESS',
      message: `BRIDGE_LISTEN_ADDRESS: ${JSON.stringify(text)} is not host:port (e.g. 127.0.0.1:9095, [::1]:9095 or :9095)`,
    });
  }
});

t.test('formatted back for logs', async (t) => {
  t.equal(formatListenAddress({ host: '::1', port: 1 }), '[::1]:1');
  t.equal(formatListenAddress({ host: '', port: 9095 }), ':9095');
  t.equal(formatListenAddress({ host: '10.0.0.1', port: 9095 }), '10.0.0.1:9095');
});
