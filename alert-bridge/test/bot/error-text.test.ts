import { NetworkError, TelegramApiError, TimeoutError } from 'node-telegram-bot-api';
import t from 'tap';
import { describeError, redactToken } from '../../src/bot/error-text.js';
import { UpstreamError } from '../../src/upstream/errors.js';

const TOKEN = '123456:AAHsecretSecretSecret';

t.test("Telegram's refusals and the network's failures, in one line", async (t) => {
  t.equal(describeError(new TelegramApiError(400, 'Bad Request: message is too long'), TOKEN), 'Telegram answered 400: Bad Request: message is too long');
  const cause = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' } });
  t.equal(describeError(new NetworkError('Network request failed: sendMessage', { cause }), TOKEN), 'Network request failed: sendMessage (ECONNREFUSED)');
  t.equal(describeError(new TimeoutError('Request timed out: getUpdates'), TOKEN), 'Request timed out: getUpdates');
  t.equal(describeError(new UpstreamError('Prometheus', 'unreachable', 'is unreachable (GET /api/v1/query): connect ECONNREFUSED'), TOKEN), 'Prometheus is unreachable (GET /api/v1/query): connect ECONNREFUSED');
  t.equal(describeError('a string', TOKEN), 'a string');
});

t.test('the token never survives, however it was written', async (t) => {
  const url = `https://api.telegram.org/bot${TOKEN}/sendMessage`;
  const error = new Error(`request to ${url} failed; ${encodeURIComponent(TOKEN)}`);
  const text = describeError(error, TOKEN);
  t.notMatch(text, 'AAHsecretSecretSecret');
  t.match(text, 'bot123456:[redacted]/sendMessage');
  t.equal(redactToken('nothing here', TOKEN), 'nothing here');
});
