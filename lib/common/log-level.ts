/** Log levels; both servers accept exactly these and stop at start on anything else. */
export enum LogLevel {
  /** The most detail, for troubleshooting. */
  DEBUG = 'debug',
  /** Normal operation. */
  INFO = 'info',
  /** Only what needs attention. */
  WARN = 'warn',
  /** Only failures. */
  ERROR = 'error',
}

export const LOG_LEVELS: readonly string[] = Object.values(LogLevel);
