import { guardFactories } from '../common/factory-arguments';

/**
 * Which headers Piko's access log records (`access_log.request_headers` or
 * `access_log.response_headers`): an allow list or a block list, as Piko takes one or the other.
 */
export class PikoHeaderFilter {
  /**
   * Log only these headers.
   * @param headers names of the headers to log
   */
  public static allow(headers: string[]): PikoHeaderFilter {
    return new PikoHeaderFilter('allow_list', [...headers]);
  }

  /**
   * Log every header except these.
   * @param headers names of the headers to leave out
   */
  public static block(headers: string[]): PikoHeaderFilter {
    return new PikoHeaderFilter('block_list', [...headers]);
  }

  private constructor(private readonly listKey: 'allow_list' | 'block_list', private readonly headers: string[]) {}

  /** @internal The filter as server.yaml writes it. */
  public _toConfig(): { [key: string]: string[] } {
    return { [this.listKey]: [...this.headers] };
  }
}
guardFactories(PikoHeaderFilter);
