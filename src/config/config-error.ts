/**
 * An error in the server configuration (flags, environment, hgrc files), with a
 * message meant for the person starting the server. `main.ts` prints it and exits
 * with status 2.
 */
export class ConfigError extends Error {
  /** Creates a configuration error with a self-explanatory message. */
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}
