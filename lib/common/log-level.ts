/** Log levels; both servers accept exactly these and stop at start on anything else. */
export enum LogLevel {
  DEBUG = 'debug',
  INFO = 'info',
  WARN = 'warn',
  ERROR = 'error',
}

export const LOG_LEVELS: readonly string[] = Object.values(LogLevel);
