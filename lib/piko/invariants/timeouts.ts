import { configSetting, PikoCheckContext } from './context';
import { parseGoDuration } from '../../common/go-duration';
import { Problem } from '../../common/problems';

/** The defaults of the Piko release of version.ts (server/config/config.go `Default()`). */
const DEFAULT_PROXY_TIMEOUT = '30s';
const DEFAULT_WRITE_TIMEOUT = '10s';

/**
 * The proxy's forwarding timeout (`proxy.timeout`, a 504 when it runs out) and its HTTP server's
 * write timeout (Go's `http.Server.WriteTimeout`, which cuts the connection of a response still
 * being written) both bound a slow upstream, and the shorter wins. Piko's own defaults already
 * disagree (30s and 10s); the warning is for a user who sets either and keeps a forwarding
 * timeout the write timeout never lets run out.
 */
export function proxyTimeoutWarnings(context: PikoCheckContext): Problem[] {
  const timeout = context.effective.value('proxy.timeout');
  const write = context.effective.value('proxy.http.write_timeout');
  if (timeout === undefined && write === undefined) {
    return [];
  }
  const timeoutText = timeout ?? DEFAULT_PROXY_TIMEOUT;
  const writeText = write ?? DEFAULT_WRITE_TIMEOUT;
  const timeoutMillis = typeof timeoutText === 'string' ? parseGoDuration(timeoutText) : undefined;
  const writeMillis = typeof writeText === 'string' ? parseGoDuration(writeText) : undefined;
  // Unparsable values are the schema check's; a write timeout of 0 or less is none at all.
  if (timeoutMillis === undefined || writeMillis === undefined || writeMillis <= 0) {
    return [];
  }
  // A negative proxy.timeout is an error of its own (values.ts): every request fails at once.
  if (timeoutMillis < 0 || (timeoutMillis > 0 && timeoutMillis <= writeMillis)) {
    return [];
  }
  return [{
    setting: configSetting(context, 'proxy.http.write_timeout'),
    rule: `is shorter than proxy.timeout (${timeoutText}; 0 is none), and wins: a response still being written after it is cut off, so clients of a slow upstream lose the connection instead of getting Piko's 504 at proxy.timeout`,
    found: writeText,
    fix: 'set proxy.http.writeTimeout at least as long as proxy.timeout, or shorten proxy.timeout',
  }];
}
