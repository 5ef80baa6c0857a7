import { guardFactories } from '../../common/factory-arguments';

/** Where an agent's token comes from, after binding. */
export interface BoundToken {
  readonly secretName: string;
  readonly key: string;
}

/**
 * The JWT an agent presents to the server's upstream port (`connect.token`). It is read into an
 * env var from a Secret and referenced in agent.yaml as `${VAR}`, never written there.
 */
export class PikoAgentToken {
  /**
   * A token kept in a Secret in the agent's namespace. It must be a JWT signed with the key the
   * server verifies (or issued by its JWKS), not the HMAC key itself.
   * @param secretName name of the Secret
   * @param key key of the token in the Secret
   */
  public static fromSecret(secretName: string, key: string): PikoAgentToken {
    return new PikoAgentToken({ secretName, key });
  }

  private constructor(private readonly token: BoundToken) {}

  /** @internal */
  public _bind(): BoundToken {
    return this.token;
  }
}
guardFactories(PikoAgentToken);
