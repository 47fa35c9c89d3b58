import t from 'tap';
import { parseConfigFile } from '../../src/config/file.js';

t.test('YAML with empty keys left at their defaults', async (t) => {
  t.same(parseConfigFile('listen_address: ":9095"\ndata_dir:\nlog_level: ~\n'), { listen_address: ':9095' });
  t.same(parseConfigFile(''), {}, 'an empty file');
  t.same(parseConfigFile('# only a comment\n'), {});
});

t.test('YAML errors name --config and never quote the file', async (t) => {
  t.throws(() => parseConfigFile('auth_token: a\nauth_token: b\n'), { name: 'ConfigError', message: /^--config: invalid YAML: Map keys must be unique/ });
  const broken = (() => {
    try {
      parseConfigFile('auth_token: "secret-value\n  x: [');
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  })();
  t.match(broken, /^--config: invalid YAML/);
  t.notMatch(broken, 'secret-value');
  t.throws(() => parseConfigFile('- a\n- b\n'), { message: '--config: expected a mapping of settings' });
  t.throws(() => parseConfigFile('just text\n'), { message: '--config: expected a mapping of settings' });
});

t.test('the schema is closed and typed', async (t) => {
  t.throws(() => parseConfigFile('telegram: {}\n'), { message: /^telegram: unknown key/ });
  t.throws(() => parseConfigFile('auth_token: 12345\n'), { message: 'auth_token: expected a string' });
  t.throws(() => parseConfigFile('log_level: 3\n'), { message: /^log_level: the value is not one of trace, debug, info, warn, error, fatal, silent$/ });
});
