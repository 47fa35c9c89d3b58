import t from 'tap';
import { capturedLogger } from './helpers/log-capture.js';

t.test('tokens and Authorization headers are redacted wherever they are logged by mistake', async (t) => {
  const { logger, lines, text } = capturedLogger('info');
  logger.info({ authToken: 'secret-1', config: { authToken: 'secret-2' }, headers: { authorization: 'Bearer secret-3' } }, 'one');
  logger.info({ req: { headers: { authorization: 'Bearer secret-4', host: 'h' } }, token: 'secret-5' }, 'two');
  logger.error({ err: Object.assign(new Error('x'), { authorization: 'Bearer secret-6' }) }, 'three');
  t.notMatch(text(), /secret-\d/);
  t.match(lines()[1], { req: { headers: { authorization: '[redacted]', host: 'h' } }, token: '[redacted]', component: 'alert-bridge' });
});

t.test('the level filters', async (t) => {
  const { logger, lines } = capturedLogger('warn');
  logger.info('hidden');
  logger.warn('shown');
  t.same(lines().map((line) => line.msg), ['shown']);
});
